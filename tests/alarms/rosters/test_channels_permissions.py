"""Whose channels a user may read and change: their own; administrators anyone's; coordinators those
of the people of their region (on its roster, or of an organisation of the region); officials read
those of people on their region's roster; nobody else."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    """Region 24's roster entry for an organisation whose primary contact logs in."""
    contact = f.contact()
    return f.roster_entry(
        "24", organisation=contact.organisation, channels=("email", "inapp"), user_for_primary=contact
    )


def state(person):
    return list(
        person.alarm_channels.order_by("pk").values_list("pk", "kind", "target", "position", "is_enabled")
    )


def try_every_change(client, person) -> list[int]:
    channel = person.alarm_channels.order_by("position").last()
    return [
        client.post(
            reverse("alarms:channel_create", args=[person.pk]), {"kind": "email", "target": "x@example.se"}
        ).status_code,
        client.post(
            reverse("alarms:channel_edit", args=[channel.pk]), {"kind": "email", "target": "y@example.se"}
        ).status_code,
        client.post(reverse("alarms:channel_move", args=[channel.pk]), {"direction": "up"}).status_code,
        client.post(reverse("alarms:channel_delete", args=[channel.pk])).status_code,
        client.get(reverse("alarms:channel_edit", args=[channel.pk])).status_code,
        client.get(reverse("alarms:channel_delete", args=[channel.pk])).status_code,
    ]


def test_an_actor_contact_of_another_organisation_can_neither_read_nor_change(client, entry):
    before = state(entry.primary)
    client.force_login(f.contact())
    assert client.get(reverse("alarms:person_channels", args=[entry.primary.pk])).status_code == 403
    assert set(try_every_change(client, entry.primary)) == {403}
    assert state(entry.primary) == before


def test_a_colleague_of_the_same_organisation_cannot_change_them(client, entry):
    before = state(entry.deputy)
    client.force_login(entry.primary.user)  # the primary contact, not the deputy
    assert set(try_every_change(client, entry.deputy)) == {403}
    assert state(entry.deputy) == before


def test_an_official_reads_a_roster_persons_channels_but_cannot_change_them(client, entry):
    before = state(entry.primary)
    client.force_login(f.official("2482"))
    assert client.get(reverse("alarms:person_channels", args=[entry.primary.pk])).status_code == 200
    assert set(try_every_change(client, entry.primary)) == {403}
    assert state(entry.primary) == before


def test_an_official_does_not_read_the_channels_of_someone_on_no_roster_of_theirs(client):
    other_region = f.roster_entry("21")
    nowhere = f.PersonFactory()
    f.ChannelFactory(person=nowhere)
    client.force_login(f.official("2482"))
    assert client.get(reverse("alarms:person_channels", args=[other_region.primary.pk])).status_code == 403
    assert client.get(reverse("alarms:person_channels", args=[nowhere.pk])).status_code == 403


def test_a_reader_does_not_read_them(client, entry):
    client.force_login(f.reader("24"))
    assert client.get(reverse("alarms:person_channels", args=[entry.primary.pk])).status_code == 403


def test_the_person_themself_changes_their_own(client, entry):
    client.force_login(entry.primary.user)
    statuses = try_every_change(client, entry.primary)
    assert statuses[:4] == [302, 302, 302, 302]
    assert statuses[4:] == [404, 404]  # the last channel was removed by the fourth request


@pytest.mark.parametrize("make_user", [f.admin, lambda: f.coordinator("24")])
def test_administrators_and_the_regions_coordinators_change_them(client, entry, make_user):
    client.force_login(make_user())
    assert client.get(reverse("alarms:person_channels", args=[entry.primary.pk])).status_code == 200
    assert try_every_change(client, entry.primary)[:4] == [302, 302, 302, 302]


def test_another_regions_coordinator_neither_reads_nor_changes_them(client, entry):
    """Gävleborg's coordinator must not read Västerbotten's contacts' addresses and webhook secrets,
    nor add a webhook of their own that would receive Västerbotten's next alarm and answer link."""
    f.ChannelFactory(person=entry.primary, kind="webhook", target="https://hooks.example.se/T000/B000/secret")
    before = state(entry.primary)
    client.force_login(f.coordinator("21"))
    response = client.get(reverse("alarms:person_channels", args=[entry.primary.pk]))
    assert response.status_code == 403
    assert b"secret" not in response.content
    assert set(try_every_change(client, entry.primary)) == {403}
    assert state(entry.primary) == before


def test_a_coordinator_changes_those_of_their_regions_organisations_off_the_roster(client):
    person = f.PersonFactory(organisation=f.OrganisationFactory(region=f.region("24")))
    f.ChannelFactory(person=person)
    client.force_login(f.coordinator("24"))
    assert try_every_change(client, person)[:4] == [302, 302, 302, 302]
    client.force_login(f.coordinator("21"))
    assert client.get(reverse("alarms:person_channels", args=[person.pk])).status_code == 403


def test_my_channels_never_shows_someone_elses(client, entry):
    client.force_login(f.contact(organisation=entry.organisation))
    body = client.get(reverse("alarms:my_channels")).content.decode()
    assert entry.primary.email not in body
