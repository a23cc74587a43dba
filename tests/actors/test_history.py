"""The history pages: who changed which field, from what, to what, and why."""

import pytest
from django.urls import reverse

from actors.models import Organisation, Person
from tests import factories as f
from tests.helpers import shows

pytestmark = pytest.mark.django_db


def changes_of(entry) -> dict[str, tuple[str, str]]:
    return {c.label: (c.old, c.new) for c in entry.changes}


@pytest.fixture
def admin(client):
    user = f.admin(first_name="Astrid", last_name="Admin")
    client.force_login(user)
    return user


def test_it_shows_who_changed_which_field_from_what_to_what_and_why(client, admin):
    client.post(
        reverse("actors:organisation_create"),
        {"name": "Gamla namnet", "type": "kommun", "level": "lokal"},
    )
    org = Organisation.objects.get()
    coordinator = f.coordinator("24", first_name="Cecilia", last_name="Samordnare")
    client.force_login(coordinator)
    client.post(
        reverse("actors:organisation_edit", args=[org.pk]),
        {
            "name": "Nya namnet",
            "type": "kommun",
            "level": "lokal",
            "region": f.region("24").pk,
            "change_reason": "Namnbyte efter beslut",
        },
    )

    client.force_login(f.reader("24"))
    response = client.get(reverse("actors:organisation_history", args=[org.pk]))

    assert response.status_code == 200
    newest, oldest = response.context["entries"]
    assert newest.who == "Cecilia Samordnare"
    assert newest.reason == "Namnbyte efter beslut"
    changes = changes_of(newest)
    assert ("Gamla namnet", "Nya namnet") in changes.values()
    assert ("–", str(f.region("24"))) in changes.values()
    assert len(changes) == 2, changes
    assert oldest.who == "Astrid Admin"
    assert "Gamla namnet" in [c.new for c in oldest.changes]
    for text in ("Cecilia Samordnare", "Gamla namnet", "Nya namnet", "Namnbyte efter beslut", "Astrid Admin"):
        assert shows(response, text), text


def test_it_shows_a_persons_history(client, admin):
    org = f.OrganisationFactory()
    client.post(
        reverse("actors:person_create"),
        {"name": "Anna Berg", "organisation": org.pk, "phone": "0701234567"},
    )
    person = Person.objects.get()
    client.post(
        reverse("actors:person_edit", args=[person.pk]),
        {
            "name": "Anna Berg",
            "organisation": org.pk,
            "phone": "090-12 34 56",
            "change_reason": "Nytt nummer",
        },
    )
    response = client.get(reverse("actors:person_history", args=[person.pk]))
    newest = response.context["entries"][0]
    assert (newest.who, newest.reason) == ("Astrid Admin", "Nytt nummer")
    assert list(changes_of(newest).values()) == [("070-123 45 67", "090-12 34 56")]


def test_it_shows_a_roles_history_with_names_not_ids(client, admin):
    org = f.OrganisationFactory()
    anna = f.PersonFactory(organisation=org, name="Anna Berg")
    bo = f.PersonFactory(organisation=org, name="Bo Ek")
    role = f.RoleFactory(organisation=org, person=anna, deputy=None, valid_from="2025-01-01")
    client.post(
        reverse("actors:role_edit", args=[org.pk, role.pk]),
        {
            "person": anna.pk,
            "title": role.title,
            "mandate": role.mandate,
            "valid_from": "2025-01-01",
            "deputy": bo.pk,
            "change_reason": "Ersättare utsedd",
        },
    )
    response = client.get(reverse("actors:role_history", args=[role.pk]))
    newest = response.context["entries"][0]
    assert (newest.who, newest.reason) == ("Astrid Admin", "Ersättare utsedd")
    assert list(changes_of(newest).values()) == [("–", "Bo Ek")]


def test_it_404s_for_unknown_objects(client, admin):
    for name in ("organisation_history", "person_history", "role_history"):
        assert client.get(reverse(f"actors:{name}", args=[999999])).status_code == 404
