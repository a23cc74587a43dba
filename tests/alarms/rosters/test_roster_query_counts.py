"""The roster pages ask the database the same number of questions at 3 and at 60 organisations,
each with a primary contact and a deputy who have channels and roles."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def grow(region_code: str, n: int) -> None:
    for i in range(n):
        if i % 3 == 0:  # an in-app channel reads the person's user account
            entry = f.roster_entry(region_code, channels=("inapp", "email"), user_for_primary=f.UserFactory())
        else:
            entry = f.roster_entry(region_code, channels=("email", "webhook", "sms") if i % 2 else ("email",))
        for person in (entry.primary, entry.deputy):
            f.RoleFactory(organisation=entry.organisation, person=person)


@pytest.mark.parametrize(
    "make_user", [lambda: f.coordinator("24"), lambda: f.official("2482")], ids=["editor", "reader"]
)
def test_the_roster_page(client, make_user):
    client.force_login(make_user())
    url = reverse("alarms:roster", args=["24"])
    grow("24", 3)
    small = count_queries(client, url)
    grow("24", 57)
    assert count_queries(client, url) == small
    assert small <= 15


def test_the_index_for_administrators(client):
    client.force_login(f.admin())
    url = reverse("alarms:roster_index")
    grow("24", 2)
    grow("21", 1)
    small = count_queries(client, url)
    grow("24", 30)
    grow("22", 27)
    assert count_queries(client, url) == small


def test_the_entry_form(client):
    client.force_login(f.coordinator("24"))
    grow("24", 3)
    entry = f.roster_entry("24")
    url = reverse("alarms:entry_edit", args=["24", entry.pk])
    small = count_queries(client, url)
    grow("24", 57)
    f.PersonFactory.create_batch(20, organisation=entry.organisation)
    assert count_queries(client, url) == small
