"""Who may read and maintain a region's roster; refused users change nothing."""

import pytest
from django.urls import reverse

from alarms.rosters.models import Roster, RosterEntry
from tests import factories as f
from tests.alarms.harness_roster import rows
from tests.alarms.harness_world import alarm_world
from tests.test_access_harness import USERS, world  # noqa: F401 - the harness's world fixture

pytestmark = pytest.mark.django_db

POLICY = {"deputy_after_minutes": 3, "coordinator_after_minutes": 3, "max_repeats": 0, "auto_close_hours": 1}


def everyone_but(*allowed):
    return [k for k in USERS if k not in allowed]


def test_every_roster_and_channel_url_refuses_whom_it_must(client, world):  # noqa: F811
    alarm_world(world)
    entry_count, channel_state = (
        RosterEntry.objects.count(),
        list(
            world["alarm_primary"].alarm_channels.values_list(
                "pk", "kind", "target", "position", "is_enabled"
            )
        ),
    )
    roster_before = Roster.objects.values_list("pk", "deputy_after_minutes", "max_repeats").get(
        region__code="24"
    )
    for name, url, refused in rows(world, everyone_but):
        for key in refused:
            client.force_login(world[key])
            for method in ("get", "post"):
                data = {**POLICY, "direction": "up", "kind": "email", "target": "x@example.se"}
                response = getattr(client, method)(url, data)
                assert response.status_code in (403, 404, 405), (name, key, method, response.status_code)
    assert RosterEntry.objects.count() == entry_count
    assert Roster.objects.values_list("pk", "deputy_after_minutes", "max_repeats").get(region__code="24") == (
        roster_before
    )
    after = list(
        world["alarm_primary"].alarm_channels.values_list("pk", "kind", "target", "position", "is_enabled")
    )
    assert after == channel_state


def test_every_allowed_user_gets_the_pages(client, world):  # noqa: F811
    for name, url, refused in rows(world, everyone_but):
        if name in {"alarms:channel_move"}:
            continue  # POST only; see test_channels_pages
        for key in USERS:
            if key in refused:
                continue
            client.force_login(world[key])
            response = client.get(url)
            assert response.status_code in (200, 302), (name, key, response.status_code)


def test_every_url_of_the_area_has_a_row(world):  # noqa: F811
    from alarms import urls

    patterns = [q for p in urls.urlpatterns for q in getattr(p, "url_patterns", [p])]  # each include's
    names = {f"alarms:{p.name}" for p in patterns if p.callback.__module__ == "alarms.rosters.views"}
    assert names == {name for name, _url, _refused in rows(world, everyone_but)}


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
