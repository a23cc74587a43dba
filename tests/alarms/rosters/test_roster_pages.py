"""The roster page (larmlista): who is on it, whether they can be reached, the policy in words, and
how coordinators maintain it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alarms.rosters.models import Channel, Roster, RosterEntry
from alarms.rosters.services import roster_for
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def roster_url(code="24"):
    return reverse("alarms:roster", args=[code])


def test_it_sends_a_coordinator_to_their_regions_roster(client):
    client.force_login(f.coordinator("21"))
    response = client.get(reverse("alarms:roster_index"))
    assert response.status_code == 302 and response["Location"] == roster_url("21")


def test_it_sends_an_official_to_the_roster_of_their_municipalitys_region(client):
    client.force_login(f.official("2180"))
    response = client.get(reverse("alarms:roster_index"))
    assert response["Location"] == roster_url("21")


def test_it_lists_regions_with_roster_size_and_problems_for_an_administrator(client):
    f.roster_entry("24")
    f.roster_entry("24", deputy=False)
    client.force_login(f.admin())
    response = client.get(reverse("alarms:roster_index"))
    assert response.status_code == 200
    rows = {row["region"].code: row for row in response.context["rows"]}
    assert (rows["24"]["size"], rows["24"]["problems"], rows["24"]["unreachable"]) == (2, 1, 0)
    assert rows["21"]["size"] == 0
    assert roster_url("24") in response.content.decode()


def test_it_refuses_the_index_to_a_reader(client):
    client.force_login(f.reader("24"))
    assert client.get(reverse("alarms:roster_index")).status_code == 403


def test_it_shows_organisations_people_and_channels_in_order(client):
    entry = f.roster_entry("24", channels=("email", "webhook"))
    client.force_login(f.coordinator("24"))
    body = client.get(roster_url()).content.decode()
    assert entry.organisation.name in body
    assert entry.primary.name in body and entry.deputy.name in body
    # A webhook URL works like a password: shown as scheme and host only (config.egress.mask_url).
    assert body.index(entry.primary.email) < body.index("https://hooks.example.se/…/••••")
    assert "https://hooks.example.se/x" not in body
    assert reverse("alarms:person_channels", args=[entry.primary.pk]) in body
    assert "All 1 organisations can be reached" in body or "The 1 organisation can be reached" in body


def test_it_flags_every_problem_in_words_with_a_summary(client, settings):
    settings.SMS_GATEWAY_URL = ""
    fine = f.roster_entry("24")
    no_deputy = f.roster_entry("24", deputy=False)
    sms_only = f.roster_entry("24", channels=("sms",))
    ended = f.roster_entry("24")
    f.RoleFactory(
        organisation=ended.organisation,
        person=ended.deputy,
        valid_from=timezone.localdate() - timedelta(days=400),
        valid_to=timezone.localdate() - timedelta(days=1),
    )
    moved = f.roster_entry("24")
    moved.deputy.organisation = f.OrganisationFactory(name="Nya arbetsgivaren")
    moved.deputy.save()
    client.force_login(f.coordinator("24"))
    response = client.get(roster_url())
    body = response.content.decode()
    assert "4 of 5 organisations have problems." in body
    assert "1 cannot be reached at all now." in body  # the SMS-only entry
    assert "No deputy" in body
    assert f"{sms_only.primary.name} has no working channel" in body
    assert "SMS is not configured on this installation" in body
    assert f"{ended.deputy.name}&#x27;s role at {ended.organisation.name} has ended" in body
    assert f"{moved.deputy.name} is no longer at {moved.organisation.name}" in body
    assert fine.organisation.name in body and no_deputy.organisation.name in body


def test_it_shows_the_escalation_policy_in_words(client):
    f.roster_entry("24")
    Roster.objects.filter(region__code="24").update(
        deputy_after_minutes=15, coordinator_after_minutes=20, max_repeats=3, auto_close_hours=48
    )
    client.force_login(f.official("2482"))
    body = client.get(roster_url()).content.decode()
    assert "No answer after 15 min → the deputy; after 20 more min → the region's coordinators" in body
    assert "repeated at most 3 times" in body and "after 48 h" in body


def test_an_official_sees_the_roster_without_editing_controls(client):
    entry = f.roster_entry("24")
    client.force_login(f.official("2482"))
    response = client.get(roster_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("alarms:entry_edit", args=["24", entry.pk]) not in body
    assert reverse("alarms:roster_policy", args=["24"]) not in body
    assert reverse("alarms:entry_create", args=["24"]) not in body


def test_an_empty_roster_says_so_and_creates_nothing(client):
    client.force_login(f.coordinator("22"))
    response = client.get(roster_url("22"))
    assert response.status_code == 200
    assert "No organisations are designated yet" in response.content.decode()
    assert not Roster.objects.filter(region__code="22").exists()


def test_a_coordinator_changes_the_policy_with_history(client):
    f.roster_entry("24")
    coordinator = f.coordinator("24")
    client.force_login(coordinator)
    response = client.post(
        reverse("alarms:roster_policy", args=["24"]),
        {
            "deputy_after_minutes": 5,
            "coordinator_after_minutes": 15,
            "max_repeats": 1,
            "auto_close_hours": 24,
        },
    )
    assert response.status_code == 302
    roster = Roster.objects.get(region__code="24")
    assert (roster.deputy_after_minutes, roster.coordinator_after_minutes, roster.max_repeats) == (5, 15, 1)
    assert roster.history.first().history_user == coordinator


def test_the_policy_endpoint_sends_a_get_back_to_the_roster(client):
    client.force_login(f.coordinator("24"))
    response = client.get(reverse("alarms:roster_policy", args=["24"]))
    assert response.status_code == 302 and response["Location"].startswith(roster_url())


def test_a_coordinator_adds_an_organisation_with_primary_and_deputy(client):
    coordinator = f.coordinator("24")
    organisation = f.OrganisationFactory(region=f.region("24"))
    primary, deputy = f.PersonFactory.create_batch(2, organisation=organisation)
    client.force_login(coordinator)
    url = reverse("alarms:entry_create", args=["24"])
    page = client.get(url, {"organisation": organisation.pk})
    assert page.status_code == 200
    assert primary.name in page.content.decode()
    response = client.post(url, {"organisation": organisation.pk, "primary": primary.pk, "deputy": deputy.pk})
    assert response.status_code == 302
    entry = RosterEntry.objects.get(organisation=organisation)
    assert (entry.primary, entry.deputy, entry.roster.region.code) == (primary, deputy, "24")
    assert entry.history.first().history_user == coordinator


def test_choosing_the_organisation_without_javascript_offers_its_people_and_saves_nothing(client):
    organisation = f.OrganisationFactory(region=f.region("24"))
    person = f.PersonFactory(organisation=organisation)
    stranger = f.PersonFactory()
    client.force_login(f.coordinator("24"))
    response = client.post(
        reverse("alarms:entry_create", args=["24"]), {"organisation": organisation.pk, "refresh": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert person.name in body and stranger.name not in body
    assert not RosterEntry.objects.exists()


def test_the_organisation_choice_offers_the_regions_and_national_organisations_only(client):
    own = f.OrganisationFactory(name="Egen region AB", region=f.region("24"))
    national = f.OrganisationFactory(name="Nationella verket", level="nationell")
    other = f.OrganisationFactory(name="Annan region AB", region=f.region("21"))
    client.force_login(f.coordinator("24"))
    choices = client.get(reverse("alarms:entry_create", args=["24"])).context["form"].fields["organisation"]
    offered = set(choices.queryset)
    assert own in offered and national in offered and other not in offered


def test_a_coordinator_changes_the_deputy(client):
    entry = f.roster_entry("24")
    new_deputy = f.PersonFactory(organisation=entry.organisation)
    client.force_login(f.coordinator("24"))
    response = client.post(
        reverse("alarms:entry_edit", args=["24", entry.pk]),
        {"organisation": entry.organisation.pk, "primary": entry.primary.pk, "deputy": new_deputy.pk},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.deputy == new_deputy


def test_removing_an_entry_asks_first_then_removes_it(client):
    entry = f.roster_entry("24")
    client.force_login(f.admin())
    url = reverse("alarms:entry_delete", args=["24", entry.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and entry.organisation.name in confirm.content.decode()
    assert RosterEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not RosterEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_of_another_region_is_not_found_under_this_region(client):
    entry = f.roster_entry("21")
    client.force_login(f.admin())
    assert client.get(reverse("alarms:entry_edit", args=["24", entry.pk])).status_code == 404
    assert client.post(reverse("alarms:entry_delete", args=["24", entry.pk])).status_code == 404
    assert RosterEntry.objects.filter(pk=entry.pk).exists()


def test_the_roster_reflects_what_the_alarm_would_use(client):
    entry = f.roster_entry("24")
    Channel.objects.filter(person=entry.primary).update(is_enabled=False)
    client.force_login(f.coordinator("24"))
    body = client.get(roster_url()).content.decode()
    assert f"{entry.primary.name} has no working channel" in body
    assert "switched off" in body
    assert roster_for(f.region("24")) == entry.roster


def test_an_entry_whose_organisation_is_of_another_region_can_still_be_edited(client):
    entry = f.roster_entry("24", organisation=f.OrganisationFactory(region=f.region("21")))
    new_deputy = f.PersonFactory(organisation=entry.organisation)
    client.force_login(f.coordinator("24"))
    url = reverse("alarms:entry_edit", args=["24", entry.pk])
    assert new_deputy.name in client.get(url).content.decode()
    response = client.post(
        url, {"organisation": entry.organisation.pk, "primary": entry.primary.pk, "deputy": new_deputy.pk}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.deputy == new_deputy
