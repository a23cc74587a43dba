import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.factories import bulk_people, bulk_roles
from tests.helpers import count_on_page, count_queries, shows, sv

pytestmark = pytest.mark.django_db


def url(org) -> str:
    return reverse("actors:organisation_detail", args=[org.pk])


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Skellefteå kommun", org_number="212000-0142")


@pytest.fixture
def logged_in(client, org):
    # A reader of the organisation itself: it sees its own people's contact details (accounts.policy).
    client.force_login(f.reader("24", organisation=org))
    return client


def test_it_shows_the_organisation_its_people_and_roles(logged_in, org):
    anna = f.PersonFactory(organisation=org, name="Anna Berg", email="anna@skelleftea.se")
    f.RoleFactory(organisation=org, person=anna, title="Näringslivschef", mandate="Beslutar om mark.")
    response = logged_in.get(url(org))
    for text in ("Skellefteå kommun", "212000-0142", "Anna Berg", "anna@skelleftea.se", "Näringslivschef"):
        assert shows(response, text), text
    assert shows(response, "Beslutar om mark.")


def test_it_marks_a_role_without_deputy_as_person_dependent(logged_in, org):
    anna, bo = f.PersonFactory(organisation=org), f.PersonFactory(organisation=org)
    f.RoleFactory(organisation=org, person=anna, title="Ensam roll")
    f.RoleFactory(organisation=org, person=bo, deputy=anna, title="Täckt roll")
    response = logged_in.get(url(org))
    assert count_on_page(response, sv("Person-dependent")) == 1
    dependent = [r.title for r in response.context["roles"] if r.is_person_dependent]
    assert dependent == ["Ensam roll"]


def test_it_marks_an_ended_role(logged_in, org):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    anna, bo = f.PersonFactory(organisation=org), f.PersonFactory(organisation=org)
    f.RoleFactory(organisation=org, person=anna, deputy=bo, title="Pågående")
    f.RoleFactory(
        organisation=org,
        person=bo,
        deputy=anna,
        title="Gammal roll",
        valid_from=yesterday - datetime.timedelta(days=100),
        valid_to=yesterday,
    )
    response = logged_in.get(url(org))
    assert count_on_page(response, sv("Ended")) == 1
    assert response.content.decode().count("row--ended") == 1
    assert [r.title for r in response.context["roles"] if r.has_ended] == ["Gammal roll"]


def test_it_does_not_call_an_ended_role_person_dependent(logged_in, org):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    role = f.RoleFactory(
        organisation=org, title="Gammal roll", valid_from=yesterday, valid_to=yesterday, deputy=None
    )
    assert not role.is_person_dependent
    assert count_on_page(logged_in.get(url(org)), sv("Person-dependent")) == 0


def test_it_does_not_mark_a_role_ending_today_as_ended(logged_in, org):
    f.RoleFactory(organisation=org, valid_from=timezone.localdate(), valid_to=timezone.localdate())
    response = logged_in.get(url(org))
    assert count_on_page(response, sv("Ended")) == 0


def test_it_lists_only_cases_the_user_may_see(client, org):
    visible = f.CaseFactory(name="Öppen etablering", company=org)
    hidden = f.CaseFactory(
        name="Hemlig etablering", company=org, confidentiality="konfidentiell", code_name="Projekt Ek"
    )
    client.force_login(f.admin())
    response = client.get(url(org))
    shown = {c.pk for c in response.context["cases"]}
    assert visible.pk in shown
    assert hidden.pk not in shown
    assert not shows(response, "Hemlig etablering")


def test_it_404s_for_an_unknown_organisation(logged_in):
    assert logged_in.get(reverse("actors:organisation_detail", args=[999999])).status_code == 404


def test_it_runs_the_same_number_of_queries_for_5_and_200_people_and_roles(client, org):
    client.force_login(f.coordinator("24"))

    def grow(n, prefix):
        people = bulk_people(org, n, prefix=prefix)
        deputies = bulk_people(org, n, prefix=f"{prefix}ersättare")
        # Half with a deputy, half person-dependent, so both branches of the template run.
        bulk_roles(people, [d if i % 2 else None for i, d in enumerate(deputies)], title=prefix)

    grow(5, "A")
    count_queries(client, url(org))  # warm-up
    few = count_queries(client, url(org))
    grow(195, "B")
    many = count_queries(client, url(org))

    assert few == many, f"organisation detail: {few} queries at 5 people/roles, {many} at 200"
    print(f"organisation detail: {few} queries")
