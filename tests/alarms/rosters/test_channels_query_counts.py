"""The channel pages ask the same number of questions at 3 and at 60 channels, and whatever the
number of rosters the person is on."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

KINDS = [("email", "p{}@example.se"), ("webhook", "https://hooks.example.se/{}"), ("sms", "+4670123{:04d}")]


def grow(person, start: int, n: int) -> None:
    for i in range(start, start + n):
        kind, target = KINDS[i % 3]
        f.ChannelFactory(person=person, kind=kind, target=target.format(i), is_enabled=bool(i % 5))


def add_rosters(person, n: int) -> None:
    from alarms.rosters.models import RosterEntry
    from alarms.rosters.services import roster_for

    for code in ["24", "21", "22"][:n]:
        organisation = person.organisation
        RosterEntry.objects.get_or_create(
            roster=roster_for(f.region(code)), organisation=organisation, defaults={"primary": person}
        )


@pytest.mark.parametrize(
    "make_user", [lambda: f.coordinator("24"), lambda: f.official("2482")], ids=["editor", "reader"]
)
def test_a_persons_channels(client, make_user):
    user = f.UserFactory()
    person = f.PersonFactory(user=user)
    f.ChannelFactory(person=person, kind="inapp", target="")
    add_rosters(person, 1)
    client.force_login(make_user())
    url = reverse("alarms:person_channels", args=[person.pk])
    grow(person, 0, 2)
    small = count_queries(client, url)
    grow(person, 2, 57)
    add_rosters(person, 3)
    assert count_queries(client, url) == small


def test_my_channels(client):
    user = f.contact()
    person = f.PersonFactory(user=user, organisation=user.organisation)
    client.force_login(user)
    url = reverse("alarms:my_channels")
    grow(person, 0, 3)
    small = count_queries(client, url)
    grow(person, 3, 57)
    add_rosters(person, 3)
    assert count_queries(client, url) == small
