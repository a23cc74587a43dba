"""The alarm report page: times per organisation, the drill marking, the chart, and who may read it."""

import pytest
from django.urls import reverse

from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from tests import factories as f
from tests.alarms.harness_reports import finished_alarm, grow_roster
from tests.helpers import count_queries
from tests.world import SECRETS

# These tests read the English msgids; tests/alarms/test_swedish_ui.py reads the Swedish UI.
pytestmark = [pytest.mark.django_db, pytest.mark.english]


def url(alarm):
    return reverse("alarms:report", args=[alarm.pk])


@pytest.fixture
def coordinator():
    return f.coordinator("24")


@pytest.fixture
def drill(coordinator):
    grow_roster(3)
    return finished_alarm(coordinator)


def test_it_shows_every_organisations_answer_and_time(client, coordinator, drill):
    client.force_login(coordinator)
    response = client.get(url(drill))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<th scope="row">') == 3
    assert "2:05" in body  # the first answer, minutes:seconds after raising
    assert "3:05" in body  # the second
    assert "Anna Andersson" in body and "Alla på semester" in body
    assert "We mobilise" in body and "Cannot" in body and "No answer" in body


def test_it_shows_the_escalation_to_the_deputy(client, coordinator, drill):
    client.force_login(coordinator)
    body = client.get(url(drill)).content.decode()
    assert "To the deputy" in body
    assert "Not escalated" in body  # the two that answered in time


def test_it_counts_failed_deliveries(client, coordinator, drill):
    Delivery.objects.filter(alarm=drill).update(state=Delivery.State.FAILED, error="HTTP 503")
    client.force_login(coordinator)
    rows = client.get(url(drill)).context["rows"]
    assert sum(r.failed_count for r in rows) == Delivery.objects.filter(alarm=drill).count()


def test_it_gives_the_summary_times(client, coordinator, drill):
    client.force_login(coordinator)
    response = client.get(url(drill))
    assert response.context["times"]["first_answer"] == "2:05"
    assert response.context["times"]["all_answered"] == ""  # one organisation never answered
    assert "Not everyone answered (2 of 3)" in response.content.decode()


def test_a_drill_is_marked_as_a_drill(client, coordinator, drill):
    client.force_login(coordinator)
    body = client.get(url(drill)).content.decode()
    assert 'data-drill="true"' in body and "DRILL" in body


def test_an_alarm_that_is_not_a_drill_is_not_marked(client, coordinator):
    grow_roster(2)
    alarm = finished_alarm(coordinator, kind=AlarmKind.ESTABLISHMENT)
    client.force_login(coordinator)
    assert 'data-drill="true"' not in client.get(url(alarm)).content.decode()


def test_an_open_alarm_says_it_is_still_open(client, coordinator):
    grow_roster(2)
    alarm = finished_alarm(coordinator, close=False)
    client.force_login(coordinator)
    body = client.get(url(alarm)).content.decode()
    assert "Still open" in body


def test_the_chart_is_svg_with_a_title_and_a_description(client, coordinator, drill):
    client.force_login(coordinator)
    body = client.get(url(drill)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body
    assert '<title id="report-chart-title">' in body and '<desc id="report-chart-desc">' in body
    assert 'role="img"' in body
    # Swedish locale, yet the SVG's numbers keep their decimal point.
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert ',5"' not in svg


def test_it_defines_each_measure_in_plain_words(client, coordinator, drill):
    client.force_login(coordinator)
    body = client.get(url(drill)).content.decode()
    assert "How the times are measured" in body


def test_it_refuses_post(client, coordinator, drill):
    client.force_login(coordinator)
    assert client.post(url(drill)).status_code == 405


@pytest.mark.parametrize("key", ["coordinator_other_region", "official_other", "contact_other"])
def test_another_regions_users_do_not_find_it(client, aw, key):
    w = aw
    client.force_login(w[key])
    for alarm in (w["alarm"], w["alarm_confidential"]):
        assert client.get(url(alarm)).status_code == 404, key
        assert client.get(reverse("alarms:report_csv", args=[alarm.pk])).status_code == 404, key


def test_region_24_users_do_not_find_region_21s_alarm(client, aw):
    w = aw
    for key in ("coordinator", "official", "reader", "contact"):
        client.force_login(w[key])
        assert client.get(url(w["alarm_other_region"])).status_code == 404, key


@pytest.mark.parametrize(
    "key", ["coordinator_same_region", "official", "reader", "contact", "admin"]
)  # they follow the alarm but may not see its confidential case
def test_a_confidential_case_is_never_named_to_those_who_may_not_see_it(client, aw, key):
    w = aw
    client.force_login(w[key])
    response = client.get(url(w["alarm_confidential"]))
    assert response.status_code == 200, key
    body = response.content.decode()
    assert not any(secret in body for secret in SECRETS), key


def test_the_cases_own_coordinator_sees_the_case(client, aw):
    w = aw
    client.force_login(w["coordinator"])
    body = client.get(url(w["alarm_confidential"])).content.decode()
    assert "Projekt Nordljus" in body  # the control: the test can see a leak when there is one


@pytest.mark.parametrize("name", ["alarms:report", "alarms:report_csv"])
def test_the_queries_do_not_grow_with_the_organisations(client, coordinator, name):
    client.force_login(coordinator)
    grow_roster(3)
    small = finished_alarm(coordinator)
    grow_roster(57)
    large = finished_alarm(coordinator)
    assert large.recipients.count() == 60
    counts = [count_queries(client, reverse(name, args=[a.pk]), warm=True) for a in (small, large)]
    assert counts[0] == counts[1], counts
