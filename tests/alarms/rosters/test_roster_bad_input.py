"""Bad input on the roster: a clear message on the form, and nothing changed."""

import pytest
from django.urls import reverse

from alarms.rosters.models import Roster, RosterEntry
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def coordinator(client):
    user = f.coordinator("24")
    client.force_login(user)
    return user


def policy_post(client, **values):
    data = {
        "deputy_after_minutes": 10,
        "coordinator_after_minutes": 10,
        "max_repeats": 2,
        "auto_close_hours": 72,
    }
    data.update(values)
    return client.post(reverse("alarms:roster_policy", args=["24"]), data)


@pytest.mark.parametrize("minutes", [0, 5000, -3, "tio", ""])
def test_it_refuses_a_deputy_delay_out_of_range(client, coordinator, minutes):
    f.roster_entry("24")
    before = Roster.objects.get(region__code="24").history.count()
    response = policy_post(client, deputy_after_minutes=minutes)
    assert response.status_code == 200
    assert response.context["policy_form"].errors["deputy_after_minutes"]
    assert 'class="errors"' in response.content.decode()
    roster = Roster.objects.get(region__code="24")
    assert roster.deputy_after_minutes == 10 and roster.history.count() == before


def test_it_refuses_too_many_repeats_and_too_long_an_alarm(client, coordinator):
    f.roster_entry("24")
    response = policy_post(client, max_repeats=11, auto_close_hours=5000, coordinator_after_minutes=0)
    errors = response.context["policy_form"].errors
    assert set(errors) == {"max_repeats", "auto_close_hours", "coordinator_after_minutes"}
    roster = Roster.objects.get(region__code="24")
    assert (roster.max_repeats, roster.auto_close_hours, roster.coordinator_after_minutes) == (2, 72, 10)


def test_the_policy_text_keeps_the_stored_values_after_bad_input(client, coordinator):
    f.roster_entry("24")
    body = policy_post(client, deputy_after_minutes=5000).content.decode()
    assert "No answer after 10 min" in body and "5000 min" not in body


def test_bad_policy_input_on_a_region_without_roster_creates_none(client):
    client.force_login(f.coordinator("22"))
    response = client.post(
        reverse("alarms:roster_policy", args=["22"]),
        {
            "deputy_after_minutes": 0,
            "coordinator_after_minutes": 10,
            "max_repeats": 2,
            "auto_close_hours": 72,
        },
    )
    assert response.status_code == 200
    assert not Roster.objects.filter(region__code="22").exists()


def entry_post(client, url, organisation, primary, deputy=None):
    return client.post(
        url, {"organisation": organisation.pk, "primary": primary.pk, "deputy": deputy.pk if deputy else ""}
    )


def test_it_refuses_a_person_of_another_organisation(client, coordinator):
    organisation = f.OrganisationFactory(region=f.region("24"))
    primary = f.PersonFactory(organisation=organisation)
    stranger = f.PersonFactory(name="Olle Utomstående")
    response = entry_post(
        client, reverse("alarms:entry_create", args=["24"]), organisation, primary, stranger
    )
    assert response.status_code == 200
    assert f"Olle Utomstående does not belong to {organisation.name}." in response.content.decode()
    assert not RosterEntry.objects.exists()


def test_it_refuses_a_primary_contact_of_another_organisation_on_edit(client, coordinator):
    entry = f.roster_entry("24")
    stranger = f.PersonFactory()
    response = entry_post(
        client,
        reverse("alarms:entry_edit", args=["24", entry.pk]),
        entry.organisation,
        stranger,
        entry.deputy,
    )
    assert "does not belong to" in response.content.decode()
    entry.refresh_from_db()
    assert entry.primary != stranger


def test_it_refuses_an_organisation_already_on_the_roster(client, coordinator):
    entry = f.roster_entry("24")
    other = f.PersonFactory(organisation=entry.organisation)
    response = entry_post(client, reverse("alarms:entry_create", args=["24"]), entry.organisation, other)
    assert response.status_code == 200
    assert "The organisation is already on the roster." in response.content.decode()
    assert RosterEntry.objects.count() == 1


def test_it_refuses_the_same_person_as_primary_and_deputy(client, coordinator):
    organisation = f.OrganisationFactory(region=f.region("24"))
    person = f.PersonFactory(organisation=organisation)
    response = entry_post(client, reverse("alarms:entry_create", args=["24"]), organisation, person, person)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("The deputy must be another person than the primary contact.") == 1
    assert not RosterEntry.objects.exists()


def test_it_asks_for_a_primary_contact(client, coordinator):
    organisation = f.OrganisationFactory(region=f.region("24"))
    response = client.post(reverse("alarms:entry_create", args=["24"]), {"organisation": organisation.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["primary"]
    assert not RosterEntry.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "-1"])
def test_it_refuses_a_person_that_does_not_exist(client, coordinator, value):
    organisation = f.OrganisationFactory(region=f.region("24"))
    response = client.post(
        reverse("alarms:entry_create", args=["24"]), {"organisation": organisation.pk, "primary": value}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["primary"]
    assert not RosterEntry.objects.exists()


def test_it_refuses_an_organisation_of_another_region(client, coordinator):
    organisation = f.OrganisationFactory(region=f.region("21"))
    person = f.PersonFactory(organisation=organisation)
    response = entry_post(client, reverse("alarms:entry_create", args=["24"]), organisation, person)
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not RosterEntry.objects.exists()


def test_an_unknown_region_is_not_found(client, coordinator):
    assert client.get(reverse("alarms:roster", args=["99"])).status_code == 404
    assert client.post(reverse("alarms:entry_create", args=["99"])).status_code == 404
