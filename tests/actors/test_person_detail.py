import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Person, Role
from tests import factories as f
from tests.factories import bulk_people, bulk_roles
from tests.helpers import count_on_page, count_queries, shows, sv

pytestmark = pytest.mark.django_db


def url(person) -> str:
    return reverse("actors:person_detail", args=[person.pk])


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Skellefteå kommun")


@pytest.fixture
def logged_in(client):
    client.force_login(f.contact())
    return client


def test_it_shows_contact_details_and_roles(client, org):
    client.force_login(f.contact(organisation=org))  # their own organisation: contact details shown
    logged_in = client
    anna = f.PersonFactory(organisation=org, name="Anna Berg", email="anna@example.se", phone="070-123 45 67")
    bo = f.PersonFactory(organisation=org, name="Bo Ek")
    f.RoleFactory(organisation=org, person=anna, deputy=bo, title="Näringslivschef")
    response = logged_in.get(url(anna))
    for text in (
        "Anna Berg",
        "anna@example.se",
        "070-123 45 67",
        "Näringslivschef",
        "Bo Ek",
        "Skellefteå kommun",
    ):
        assert shows(response, text), text


def test_it_marks_a_role_without_deputy_as_person_dependent(logged_in, org):
    anna, bo = f.PersonFactory(organisation=org), f.PersonFactory(organisation=org)
    f.RoleFactory(organisation=org, person=anna, title="Ensam roll")
    f.RoleFactory(organisation=org, person=anna, deputy=bo, title="Täckt roll")
    response = logged_in.get(url(anna))
    assert count_on_page(response, sv("Person-dependent")) == 1


def test_it_marks_an_ended_role(logged_in, org):
    anna = f.PersonFactory(organisation=org)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    f.RoleFactory(organisation=org, person=anna, title="Pågående")
    f.RoleFactory(
        organisation=org, person=anna, title="Gammal roll", valid_from=yesterday, valid_to=yesterday
    )
    response = logged_in.get(url(anna))
    assert count_on_page(response, sv("Ended")) == 1


def test_it_shows_whom_the_person_is_deputy_for(logged_in, org):
    anna = f.PersonFactory(organisation=org, name="Anna Berg")
    bo = f.PersonFactory(organisation=org, name="Bo Ek")
    f.RoleFactory(organisation=org, person=bo, deputy=anna, title="Etableringssamordnare")
    response = logged_in.get(url(anna))
    assert shows(response, sv("Deputy for"))
    assert shows(response, "Etableringssamordnare")
    assert shows(response, "Bo Ek")


def test_it_404s_for_an_unknown_person(logged_in):
    assert logged_in.get(reverse("actors:person_detail", args=[999999])).status_code == 404


def test_it_runs_the_same_number_of_queries_for_5_and_200_roles(client, org):
    client.force_login(f.coordinator("24"))
    person = Person.objects.create(name="Anna Berg", organisation=org)

    def grow(n, prefix):
        deputies = bulk_people(org, n, prefix=f"{prefix}ersättare")
        bulk_roles([person] * n, [d if i % 2 else None for i, d in enumerate(deputies)], title=prefix)
        # ... and as many roles where Anna is the deputy.
        others = bulk_people(org, n, prefix=f"{prefix}kollega")
        bulk_roles(others, [person] * n, title=f"{prefix} kollega")

    grow(5, "A")
    count_queries(client, url(person))  # warm-up
    few = count_queries(client, url(person))
    grow(195, "B")
    assert Role.objects.filter(person=person).count() == 200
    many = count_queries(client, url(person))

    assert few == many, f"person detail: {few} queries at 5 roles, {many} at 200"
    print(f"person detail: {few} queries")
