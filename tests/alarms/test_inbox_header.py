"""The header on every page: the alarm links, the inbox's unread count, and the warning that alarms
cannot be delivered now."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alarms.health.selectors import Pipeline, pipeline
from alarms.inbox.models import Notification
from tests import factories as f
from tests.alarms.harness_reports import finished_alarm, grow_roster
from tests.helpers import request_queries

# These tests read the English msgids; tests/alarms/test_swedish_ui.py reads the Swedish UI.
pytestmark = [pytest.mark.django_db, pytest.mark.english]


PAGE = reverse("dashboard")
BANNER = "Call the designated actors by phone."


@pytest.fixture
def alarm():
    grow_roster(1)
    return finished_alarm(f.coordinator("24"), close=False)


def unread(user, alarm, n):
    Notification.objects.bulk_create(
        [Notification(user=user, alarm=alarm, title="Larm", body="") for _ in range(n)]
    )


def test_the_header_shows_the_unread_count_in_words_too(client, alarm):
    user = f.contact()
    unread(user, alarm, 3)
    client.force_login(user)
    body = client.get(PAGE).content.decode()
    assert f'href="{reverse("alarms:inbox")}"' in body
    assert "(3)" in body
    assert '<span class="visually-hidden">3 unread</span>' in body


def test_with_nothing_unread_there_is_no_count(client):
    client.force_login(f.contact())
    body = client.get(PAGE).content.decode()
    assert "unread</span>" not in body


def test_the_header_links_to_alarms_and_the_users_channels(client):
    client.force_login(f.reader("24"))
    body = client.get(PAGE).content.decode()
    assert f'href="{reverse("alarms:list")}"' in body
    assert f'href="{reverse("alarms:my_channels")}"' in body


def test_an_anonymous_visitor_gets_no_alarm_header(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "alarm_header" not in response.context
    assert not any("alarms_" in q["sql"] for q in ctx.captured_queries)


def test_the_count_is_one_query_whatever_the_number(client, alarm):
    user = f.contact()
    client.force_login(user)
    unread(user, alarm, 1)
    few = request_queries(client, PAGE, warm=True)
    unread(user, alarm, 60)
    many = request_queries(client, PAGE, warm=True)
    assert len(few) == len(many)
    assert sum("alarms_notification" in sql for sql in many) == 1


def test_a_response_without_the_header_costs_no_count_query(client):
    """The processor is lazy: only a template that shows the count reads it."""
    client.force_login(f.coordinator("24"))
    assert not any("alarms_notification" in sql for sql in request_queries(client, reverse("health")))


# --- The pipeline warning --------------------------------------------------------------------


def broken(**kw) -> Pipeline:
    values = {
        "eager": False,
        "broker_ok": True,
        "worker_ok": True,
        "worker_seen_at": timezone.now(),
        "delayed": 0,
    }
    return Pipeline(**{**values, **kw})


@pytest.mark.parametrize("make_user", [lambda: f.coordinator("24"), lambda: f.official("2482"), f.admin])
def test_those_who_raise_alarms_are_warned_when_the_broker_is_down(client, with_broker, make_user):
    client.force_login(make_user())
    with mock.patch("alarms.health.selectors.pipeline", autospec=True, return_value=broken(broker_ok=False)):
        body = client.get(PAGE).content.decode()
    assert 'role="alert"' in body
    assert (
        "Alarm messages are delayed or cannot be delivered right now: the message broker does not answer."
        in body
    )
    assert BANNER in body


def test_the_warning_says_since_when_no_worker_has_answered(client, with_broker):
    seen = timezone.now() - timedelta(minutes=7)
    client.force_login(f.coordinator("24"))
    with mock.patch(
        "alarms.health.selectors.pipeline",
        autospec=True,
        return_value=broken(worker_ok=False, worker_seen_at=seen),
    ):
        body = client.get(PAGE).content.decode()
    assert f"no worker has answered the heartbeat since {timezone.localtime(seen):%H:%M}" in body


def test_the_warning_counts_the_late_messages(client, with_broker, settings):
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    client.force_login(f.coordinator("24"))
    with mock.patch("alarms.health.selectors.pipeline", autospec=True, return_value=broken(delayed=3)):
        body = client.get(PAGE).content.decode()
    assert "3 messages have waited more than 30 seconds to be sent" in body and BANNER in body


def test_no_warning_when_the_pipeline_is_ok(client, with_broker):
    client.force_login(f.coordinator("24"))
    with mock.patch("alarms.health.selectors.pipeline", autospec=True, return_value=broken()):
        body = client.get(PAGE).content.decode()
    assert BANNER not in body and 'role="alert"' not in body


@pytest.mark.parametrize("make_user", [lambda: f.reader("24"), f.contact])
def test_readers_and_contacts_are_not_warned_and_cost_no_pipeline_check(client, with_broker, make_user):
    client.force_login(make_user())
    with mock.patch(
        "alarms.health.selectors.pipeline", autospec=True, return_value=broken(broker_ok=False)
    ) as check:
        body = client.get(PAGE).content.decode()
    assert BANNER not in body
    check.assert_not_called()


def test_in_eager_mode_there_is_nothing_to_check(client, django_assert_num_queries):
    client.force_login(f.coordinator("24"))
    body = client.get(PAGE).content.decode()
    assert BANNER not in body
    with django_assert_num_queries(0):  # tasks run in-process: no broker, no worker to ask about
        assert pipeline(use_cache=False).ok
