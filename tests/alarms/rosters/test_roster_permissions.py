"""Who may read and maintain a region's roster; refused users change nothing.

Every roster and channel URL is tried for every user of the shared world by the access harness
(tests/test_access_harness.py, rows in tests/alarms/harness_roster.py); these are the cases around it.
"""

import pytest
from django.urls import reverse

from alarms.rosters.models import Roster, RosterEntry
from tests import factories as f
from tests.alarms.harness_roster import POLICY

pytestmark = pytest.mark.django_db


def test_a_coordinator_of_another_region_can_neither_read_nor_change_the_roster(client):
    entry = f.roster_entry("24")
    client.force_login(f.coordinator("21"))
    assert client.get(reverse("alarms:roster", args=["24"])).status_code == 403
    assert client.post(reverse("alarms:roster_policy", args=["24"]), POLICY).status_code == 403
    other = f.PersonFactory(organisation=entry.organisation)
    response = client.post(
        reverse("alarms:entry_edit", args=["24", entry.pk]),
        {"organisation": entry.organisation.pk, "primary": other.pk},
    )
    assert response.status_code == 403
    assert client.post(reverse("alarms:entry_delete", args=["24", entry.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.primary != other
    assert Roster.objects.get(region__code="24").deputy_after_minutes == 10


@pytest.mark.parametrize(
    "make_user", [lambda: f.reader("24"), lambda: f.contact()], ids=["reader", "contact"]
)
def test_readers_and_actor_contacts_do_not_see_the_roster(client, make_user):
    f.roster_entry("24")
    client.force_login(make_user())
    assert client.get(reverse("alarms:roster", args=["24"])).status_code == 403
    assert client.get(reverse("alarms:roster_index")).status_code == 403


def test_an_official_reads_the_roster_but_cannot_change_it(client):
    entry = f.roster_entry("24")
    client.force_login(f.official("2482"))
    assert client.get(reverse("alarms:roster", args=["24"])).status_code == 200
    assert client.post(reverse("alarms:roster_policy", args=["24"]), POLICY).status_code == 403
    assert client.get(reverse("alarms:entry_create", args=["24"])).status_code == 403
    assert client.post(reverse("alarms:entry_delete", args=["24", entry.pk])).status_code == 403
    assert RosterEntry.objects.filter(pk=entry.pk).exists()


def test_an_official_of_another_region_does_not_read_it(client):
    f.roster_entry("24")
    client.force_login(f.official("2180"))
    assert client.get(reverse("alarms:roster", args=["24"])).status_code == 403


def test_a_deactivated_coordinator_is_refused(client):
    user = f.coordinator("24")
    user.is_active = False
    user.save()
    client.force_login(user)
    response = client.get(reverse("alarms:roster", args=["24"]))
    assert response.status_code in (302, 403)
