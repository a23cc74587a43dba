"""Bad input on the channel pages: a clear message, and nothing changed."""

import pytest
from django.urls import reverse

from alarms.rosters.models import Channel
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def person(client):
    region24 = f.OrganisationFactory(region=f.region("24"))
    person = f.PersonFactory(email="anna@example.se", organisation=region24)
    f.ChannelFactory(person=person, kind="email", target="anna@example.se", position=1)
    f.ChannelFactory(person=person, kind="webhook", target="https://hooks.example.se/a", position=2)
    client.force_login(f.coordinator("24"))
    return person


def state(person):
    return list(
        person.alarm_channels.order_by("pk").values_list("pk", "kind", "target", "position", "is_enabled")
    )


@pytest.mark.parametrize(
    "kind, target, message",
    [
        ("email", "inte-en-adress", "Enter a valid e-mail address."),
        ("webhook", "ftp://hooks.example.se/x", "Enter a valid https URL."),  # the egress guard's words
        ("webhook", "hooks.example.se", "Enter a valid https URL."),
        ("sms", "070-ABC", "Enter a mobile number, e.g. +46 70 123 45 67."),
        ("email", "", "Give the address this channel sends to."),
        ("fax", "123", "Select a valid choice."),
    ],
)
def test_it_refuses_an_invalid_address(client, person, kind, target, message):
    before = state(person)
    response = client.post(
        reverse("alarms:channel_create", args=[person.pk]),
        {"kind": kind, "target": target, "is_enabled": "on"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(person) == before


def test_it_refuses_the_in_app_inbox_for_a_person_without_an_account(client, person):
    before = state(person)
    response = client.post(
        reverse("alarms:channel_create", args=[person.pk]), {"kind": "inapp", "is_enabled": "on"}
    )
    assert "The in-app inbox needs a user account linked to the person." in response.content.decode()
    assert state(person) == before


def test_it_refuses_the_same_channel_twice(client, person):
    before = state(person)
    response = client.post(
        reverse("alarms:channel_create", args=[person.pk]),
        {"kind": "email", "target": "anna@example.se", "is_enabled": "on"},
    )
    assert "The person already has this channel." in response.content.decode()
    assert state(person) == before


def test_an_invalid_edit_changes_nothing(client, person):
    channel = person.alarm_channels.get(kind="email")
    before = state(person)
    response = client.post(
        reverse("alarms:channel_edit", args=[channel.pk]), {"kind": "email", "target": "nej"}
    )
    assert response.status_code == 200
    assert "Enter a valid e-mail address." in response.content.decode()
    assert state(person) == before


@pytest.mark.parametrize(
    "kind, direction, text", [("email", "up", "already first"), ("webhook", "down", "already last")]
)
def test_moving_beyond_either_end_says_so_and_changes_nothing(client, person, kind, direction, text):
    channel = person.alarm_channels.get(kind=kind)
    before = state(person)
    response = client.post(
        reverse("alarms:channel_move", args=[channel.pk]), {"direction": direction}, follow=True
    )
    assert response.status_code == 200
    assert f"{text}. Nothing was changed." in response.content.decode()
    assert state(person) == before


@pytest.mark.parametrize("direction", ["", "sideways", "UP"])
def test_a_move_without_a_direction_says_so_and_changes_nothing(client, person, direction):
    channel = person.alarm_channels.get(kind="webhook")
    before = state(person)
    response = client.post(
        reverse("alarms:channel_move", args=[channel.pk]), {"direction": direction}, follow=True
    )
    assert "moves up or down. Nothing was changed." in response.content.decode()
    assert state(person) == before


def test_a_get_does_not_move(client, person):
    channel = person.alarm_channels.get(kind="webhook")
    before = state(person)
    assert (
        client.get(reverse("alarms:channel_move", args=[channel.pk]), {"direction": "up"}).status_code == 405
    )
    assert state(person) == before


def test_an_unknown_channel_or_person_is_not_found(client, person):
    assert client.get(reverse("alarms:channel_edit", args=[999999])).status_code == 404
    assert client.get(reverse("alarms:person_channels", args=[999999])).status_code == 404
    assert client.post(reverse("alarms:channel_delete", args=[999999])).status_code == 404
    assert Channel.objects.count() == 2
