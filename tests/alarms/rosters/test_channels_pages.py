"""A person's alarm channels: listed in order with what does not work, added, edited, moved, removed;
and the logged-in user's own preferences."""

import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from alarms.rosters.models import Channel
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture(autouse=True)
def _no_sms_gateway(settings):
    settings.SMS_GATEWAY_URL = ""


def channels_of(person):
    return list(person.alarm_channels.order_by("position", "pk").values_list("kind", "target"))


@pytest.fixture
def me(client):
    """An actor contact whose account is linked to their person, with two channels."""
    user = f.contact()
    person = f.PersonFactory(organisation=user.organisation, user=user, email="jag@example.se")
    f.ChannelFactory(person=person, kind="email", target="jag@example.se", position=1)
    f.ChannelFactory(person=person, kind="inapp", target="", position=2)
    client.force_login(user)
    return person


def test_my_channels_lists_them_in_order_and_explains_the_fan_out(client, me):
    response = client.get(reverse("alarms:my_channels"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "sent to all switched-on channels at once, in this order" in body
    assert body.index("jag@example.se") < body.index("In-app inbox")
    assert reverse("alarms:channel_create", args=[me.pk]) in body


def test_my_channels_explains_an_account_without_a_person(client):
    client.force_login(f.coordinator("24", email="samordnare@example.se"))
    body = client.get(reverse("alarms:my_channels")).content.decode()
    assert "not linked to a person in the actor registry" in body
    assert "by e-mail (samordnare@example.se) and in the app by default" in body


def test_it_shows_why_a_channel_does_not_work_and_the_last_failure(client):
    person = f.PersonFactory(organisation=f.OrganisationFactory(region=f.region("24")))
    f.ChannelFactory(person=person, kind="sms", target="+46701234567")
    f.ChannelFactory(
        person=person, kind="email", target="a@example.se",
        last_failure_at=timezone.now(), last_failure="550 mailbox unavailable",
    )  # fmt: skip
    f.ChannelFactory(person=person, kind="webhook", target="https://hooks.example.se/a", is_enabled=False)
    client.force_login(f.coordinator("24"))
    body = client.get(reverse("alarms:person_channels", args=[person.pk])).content.decode()
    assert "SMS is not configured on this installation" in body
    assert "last delivery failed: 550 mailbox unavailable" in body
    assert "Last failure" in body
    assert "switched off" in body
    assert "None of the channels works now" in body


def test_a_person_adds_a_channel_at_the_end(client, me, monkeypatch):
    # The egress guard resolves the webhook's host (no DNS here): a public address.
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("93.184.216.34", 443))])
    response = client.post(
        reverse("alarms:channel_create", args=[me.pk]),
        {"kind": "webhook", "target": "https://hooks.example.se/teams", "is_enabled": "on"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("alarms:my_channels")
    assert channels_of(me)[-1] == ("webhook", "https://hooks.example.se/teams")
    assert (
        Channel.objects.get(target="https://hooks.example.se/teams").history.first().history_user == me.user
    )


def test_a_coordinator_adds_a_channel_for_someone_else_and_returns_to_their_page(client):
    person = f.PersonFactory(organisation=f.OrganisationFactory(region=f.region("21")))
    client.force_login(f.coordinator("21"))
    response = client.post(
        reverse("alarms:channel_create", args=[person.pk]),
        {"kind": "email", "target": "ny@example.se", "is_enabled": "on"},
    )
    assert response["Location"] == reverse("alarms:person_channels", args=[person.pk])
    assert channels_of(person) == [("email", "ny@example.se")]


def test_a_person_edits_and_switches_off_a_channel(client, me):
    channel = me.alarm_channels.get(kind="email")
    response = client.post(
        reverse("alarms:channel_edit", args=[channel.pk]), {"kind": "email", "target": "ny@example.se"}
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.target, channel.is_enabled) == ("ny@example.se", False)


def test_the_edit_page_shows_the_form(client, me):
    channel = me.alarm_channels.get(kind="email")
    response = client.get(reverse("alarms:channel_edit", args=[channel.pk]))
    assert response.status_code == 200 and "jag@example.se" in response.content.decode()


def test_removing_asks_first(client, me):
    channel = me.alarm_channels.get(kind="email")
    url = reverse("alarms:channel_delete", args=[channel.pk])
    assert client.get(url).status_code == 200
    assert Channel.objects.filter(pk=channel.pk).exists()
    assert client.post(url).status_code == 302
    assert not Channel.objects.filter(pk=channel.pk).exists()


def test_moving_down_and_up_changes_the_order(client, me):
    email = me.alarm_channels.get(kind="email")
    response = client.post(
        reverse("alarms:channel_move", args=[email.pk]), {"direction": "down"}, follow=True
    )
    assert channels_of(me) == [("inapp", ""), ("email", "jag@example.se")]
    assert "The order is changed." in response.content.decode()
    client.post(reverse("alarms:channel_move", args=[email.pk]), {"direction": "up"})
    assert channels_of(me) == [("email", "jag@example.se"), ("inapp", "")]


def test_the_channels_page_lists_the_rosters_the_person_is_on(client):
    entry = f.roster_entry("24")
    client.force_login(f.official("2482"))
    response = client.get(reverse("alarms:person_channels", args=[entry.deputy.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Deputy for {entry.organisation.name}" in body
    assert reverse("alarms:roster", args=["24"]) in body
    assert reverse("alarms:channel_create", args=[entry.deputy.pk]) not in body  # reads, does not edit


def test_the_add_endpoint_sends_a_get_to_the_page(client, me):
    response = client.get(reverse("alarms:channel_create", args=[me.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("alarms:my_channels"))
