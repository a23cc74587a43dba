"""Comparing drills (and other alarms) over time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alarms.core.models import AlarmKind
from tests import factories as f
from tests.alarms.harness_reports import finished_alarm, grow_roster
from tests.helpers import count_queries

# These tests read the English msgids; tests/alarms/test_swedish_ui.py reads the Swedish UI.
pytestmark = [pytest.mark.django_db, pytest.mark.english]


URL = reverse("alarms:compare")


@pytest.fixture
def coordinator():
    grow_roster(2)
    return f.coordinator("24")


def days_ago(n):
    return timezone.now() - timedelta(days=n)


def test_it_shows_closed_drills_oldest_first_by_default(client, coordinator):
    newer = finished_alarm(coordinator, raised_at=days_ago(2), first_after=90)
    older = finished_alarm(coordinator, raised_at=days_ago(30), first_after=240)
    finished_alarm(coordinator, kind=AlarmKind.ESTABLISHMENT, raised_at=days_ago(5))
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert [a.pk for a in response.context["alarms"]] == [older.pk, newer.pk]
    body = response.content.decode()
    assert "4:00" in body and "1:30" in body


def test_all_kinds_on_request(client, coordinator):
    finished_alarm(coordinator)
    finished_alarm(coordinator, kind=AlarmKind.ESTABLISHMENT)
    client.force_login(coordinator)
    assert len(client.get(URL, {"kind": "all"}).context["alarms"]) == 2
    assert len(client.get(URL, {"kind": "etablering"}).context["alarms"]) == 1


def test_an_open_alarm_is_not_compared(client, coordinator):
    finished_alarm(coordinator, close=False)
    client.force_login(coordinator)
    assert client.get(URL).context["alarms"] == []


def test_another_regions_drills_are_not_shown(client, coordinator):
    grow_roster(1, region_code="21")
    finished_alarm(f.coordinator("21"), code="2180")
    client.force_login(coordinator)
    assert client.get(URL).context["alarms"] == []


@pytest.mark.parametrize("kind", ["bogus", "<script>", "ovning'--", ""])
def test_a_bogus_kind_is_ignored_with_a_message(client, coordinator, kind):
    finished_alarm(coordinator)
    client.force_login(coordinator)
    response = client.get(URL, {"kind": kind})
    assert response.status_code == 200
    assert response.context["kind"] == AlarmKind.DRILL
    assert len(response.context["alarms"]) == 1
    assert "There is no such kind of alarm" in response.content.decode()


def test_it_draws_the_times_as_svg_and_defines_them(client, coordinator):
    finished_alarm(coordinator, raised_at=days_ago(3))
    finished_alarm(coordinator, raised_at=days_ago(1))
    client.force_login(coordinator)
    body = client.get(URL).content.decode()
    assert '<title id="compare-chart-title">' in body and '<desc id="compare-chart-desc">' in body
    assert "What the measures mean" in body


def test_drills_are_marked_in_the_table(client, coordinator):
    finished_alarm(coordinator)
    client.force_login(coordinator)
    assert 'data-drill="true"' in client.get(URL).content.decode()


def test_with_nothing_to_compare_it_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200 and response.context["chart"] is None


def test_the_queries_do_not_grow_with_the_alarms(client, coordinator):
    client.force_login(coordinator)
    for i in range(2):
        finished_alarm(coordinator, raised_at=days_ago(40 - i))
    small = count_queries(client, URL, warm=True)
    for i in range(18):
        finished_alarm(coordinator, raised_at=days_ago(30 - i))
    assert len(client.get(URL).context["alarms"]) == 20
    assert count_queries(client, URL, warm=True) == small
