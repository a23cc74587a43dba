"""/health/ for monitoring: the database, the broker, a worker's heartbeat, late deliveries.

Anonymous callers learn only ok, degraded or fail (the status code says as much); the details, each
reason by name, are for a monitor presenting HEALTH_TOKEN as a bearer token, or a logged-in staff
user."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import sessions
from accounts.models import RoleName
from alarms.delivery.models import Delivery
from alarms.health.models import PipelineHeartbeat
from alarms.health.services import heartbeat_seen
from tests import factories as f
from tests.alarms.harness_reports import finished_alarm, grow_roster

pytestmark = pytest.mark.django_db

URL = reverse("health")
BROKER = "alarms.health.selectors._broker_ok"
TOKEN = "health-token-for-the-tests-0123456789abcdef"
DETAILS = {
    "reasons",
    "database",
    "broker",
    "worker",
    "worker_seen_at",
    "heartbeat_age_seconds",
    "delayed_deliveries",
    "oldest_waiting_seconds",
}


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = TOKEN


def monitor(client, token=TOKEN):
    """/health/ as the monitoring system asks it: with the bearer token."""
    return client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_is_open_and_answers_json(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]  # no cache between a monitor and the site


def test_in_eager_mode_it_says_so_and_is_healthy(client):
    data = monitor(client).json()
    assert data == {
        "status": "ok",
        "database": "ok",
        "broker": "eager",
        "worker": "eager",
        "worker_seen_at": None,
        "heartbeat_age_seconds": None,
        "reasons": [],
        "delayed_deliveries": 0,
        "oldest_waiting_seconds": None,
    }


def test_all_well_with_a_broker_and_a_fresh_heartbeat(client, with_broker):
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=True):
        response = monitor(client)
    assert response.status_code == 200
    data = response.json()
    assert (data["database"], data["broker"], data["worker"], data["delayed_deliveries"]) == (
        "ok",
        "ok",
        "ok",
        0,
    )
    assert data["reasons"] == []
    assert data["worker_seen_at"] == PipelineHeartbeat.objects.get(pk=1).seen_at.isoformat()
    assert data["status"] == "ok"
    assert 0 <= data["heartbeat_age_seconds"] <= 5


def test_a_broker_that_does_not_answer_is_503(client, with_broker):
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=False):
        response = monitor(client)
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert (response.json()["status"], response.json()["reasons"]) == ("degraded", ["broker_unreachable"])


def test_a_stale_heartbeat_is_503(client, with_broker):
    PipelineHeartbeat.objects.update_or_create(
        pk=1,
        defaults={
            "sent_at": timezone.now() - timedelta(hours=1),
            "seen_at": timezone.now() - timedelta(hours=1),
        },
    )
    with mock.patch(BROKER, autospec=True, return_value=True):
        response = monitor(client)
    assert response.status_code == 503
    assert response.json()["worker"] == "stale"
    assert response.json()["reasons"] == ["worker_heartbeat_stale"]
    assert 3590 <= response.json()["heartbeat_age_seconds"] <= 3610


def test_no_heartbeat_ever_is_stale(client, with_broker):
    with mock.patch(BROKER, autospec=True, return_value=True):
        response = monitor(client)
    assert response.status_code == 503
    assert response.json()["worker"] == "stale" and response.json()["worker_seen_at"] is None


def test_deliveries_waiting_longer_than_the_threshold_are_counted_and_503(client, with_broker, settings):
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    grow_roster(2)
    alarm = finished_alarm(f.coordinator("24"), close=False)
    deliveries = Delivery.objects.filter(alarm=alarm)
    heartbeat_seen(timezone.now())
    # Written 20 s ago and still waiting: not late yet.
    deliveries.update(state=Delivery.State.QUEUED, created_at=timezone.now() - timedelta(seconds=20))
    with mock.patch(BROKER, autospec=True, return_value=True):
        assert monitor(client).status_code == 200
    # 40 s: late, whether still queued or mid-send, counted from when it was written.
    deliveries.update(created_at=timezone.now() - timedelta(seconds=40), queued_at=timezone.now())
    deliveries.filter(pk=deliveries.first().pk).update(state=Delivery.State.SENDING)
    with mock.patch(BROKER, autospec=True, return_value=True):
        response = monitor(client)
    assert response.status_code == 503
    data = response.json()
    assert (data["status"], data["reasons"]) == ("degraded", ["deliveries_delayed"])
    assert data["delayed_deliveries"] == deliveries.count() > 0
    assert 39 <= data["oldest_waiting_seconds"] <= 45


def test_a_retry_counts_from_when_it_was_due(client, with_broker, settings):
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    grow_roster(1)
    alarm = finished_alarm(f.coordinator("24"), close=False)
    heartbeat_seen(timezone.now())
    long_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.filter(alarm=alarm).update(
        state=Delivery.State.QUEUED,
        created_at=long_ago,
        next_attempt_at=timezone.now() + timedelta(seconds=20),
    )
    with mock.patch(BROKER, autospec=True, return_value=True):
        assert monitor(client).json()["delayed_deliveries"] == 0
    Delivery.objects.filter(alarm=alarm).update(next_attempt_at=timezone.now() - timedelta(seconds=31))
    with mock.patch(BROKER, autospec=True, return_value=True):
        assert monitor(client).json()["delayed_deliveries"] > 0


def test_every_reason_at_once_by_name(client, with_broker):
    grow_roster(1)
    alarm = finished_alarm(f.coordinator("24"), close=False)
    Delivery.objects.filter(alarm=alarm).update(
        state=Delivery.State.QUEUED, created_at=timezone.now() - timedelta(hours=1)
    )
    with mock.patch(BROKER, autospec=True, return_value=False):
        data = monitor(client).json()
    assert data["reasons"] == ["broker_unreachable", "worker_heartbeat_stale", "deliveries_delayed"]


def test_it_never_reads_the_pipeline_from_the_cache(client, with_broker):
    """Monitoring must see the state now, not what a page cached a few seconds ago."""
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=True):
        assert client.get(URL).status_code == 200
    with mock.patch(BROKER, autospec=True, return_value=False):
        assert client.get(URL).status_code == 503


def test_a_database_that_does_not_answer_is_503_not_500(client):
    with mock.patch("config.pages.connection") as conn:
        conn.cursor.side_effect = Exception("connection refused")
        response = monitor(client)
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert (response.json()["status"], response.json()["reasons"][0]) == ("fail", "database_unreachable")


def test_a_pipeline_that_cannot_be_read_is_503_not_500(client, with_broker):
    with mock.patch(
        "alarms.health.selectors.pipeline", autospec=True, side_effect=Exception("no such table")
    ):
        response = monitor(client)
    assert response.status_code == 503
    data = response.json()
    assert data["database"] == "ok" and data["broker"] == "error" and data["worker"] == "stale"


def test_it_refuses_post(client):
    assert client.post(URL).status_code == 405


# --- Who sees the details ------------------------------------------------------------------------


def healthy_pipeline():
    heartbeat_seen(timezone.now())
    return mock.patch(BROKER, autospec=True, return_value=True)


def broken_broker():
    heartbeat_seen(timezone.now())
    return mock.patch(BROKER, autospec=True, return_value=False)


@pytest.mark.parametrize(
    ("pipeline", "status", "word"), [(healthy_pipeline, 200, "ok"), (broken_broker, 503, "degraded")]
)
def test_an_anonymous_caller_learns_only_the_status(client, with_broker, pipeline, status, word):
    with pipeline():
        response = client.get(URL)
    assert response.status_code == status
    assert response.json() == {"status": word}


def test_an_anonymous_caller_learns_nothing_of_a_database_that_is_down(client):
    with mock.patch("config.pages.connection") as conn:
        conn.cursor.side_effect = Exception("connection refused")
        response = client.get(URL)
    assert (response.status_code, response.json()) == (503, {"status": "fail"})


def test_the_token_gives_the_details_healthy_and_unhealthy(client, with_broker):
    with healthy_pipeline():
        response = monitor(client)
    assert response.status_code == 200 and set(response.json()) == DETAILS | {"status"}
    with broken_broker():
        response = monitor(client)
    assert response.status_code == 503 and set(response.json()) == DETAILS | {"status"}
    assert (response.json()["status"], response.json()["broker"]) == ("degraded", "error")


@pytest.mark.parametrize(
    "header",
    [
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        "Bearer ",
        "Bearer",
        f"Basic {TOKEN}",
        TOKEN,
        f"Bearer {TOKEN.upper()}",
        "Bearer åäö",
    ],
)
def test_a_wrong_token_gets_the_anonymous_answer(client, with_broker, header):
    with broken_broker():
        response = client.get(URL, HTTP_AUTHORIZATION=header)
    assert (response.status_code, response.json()) == (503, {"status": "degraded"})


def test_the_scheme_is_read_in_any_case(client):
    response = client.get(URL, HTTP_AUTHORIZATION=f"bearer {TOKEN}")
    assert set(response.json()) == DETAILS | {"status"}


@pytest.mark.parametrize("presented", ["", " ", "anything"])
def test_with_an_empty_setting_the_token_path_is_off(client, settings, presented):
    settings.HEALTH_TOKEN = ""
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {presented}")
    assert response.json() == {"status": "ok"}


def test_without_the_setting_at_all_the_token_path_is_off(client, settings):
    del settings.HEALTH_TOKEN
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ").json() == {"status": "ok"}


@pytest.mark.parametrize(
    "make",
    [
        lambda: f.admin(),
        lambda: f.coordinator("24", is_staff=True),
        lambda: f.UserFactory(role=RoleName.ADMIN, is_staff=False),
    ],
    ids=["administrator", "staff coordinator", "administrator role without is_staff"],
)
def test_a_staff_user_sees_the_details(client, with_broker, make):
    client.force_login(make())
    with broken_broker():
        response = client.get(URL)
    assert response.status_code == 503
    assert set(response.json()) == DETAILS | {"status"}
    assert response.json()["broker"] == "error"


@pytest.mark.parametrize(
    "make",
    [
        lambda: f.coordinator("24"),
        lambda: f.official("2482"),
        lambda: f.reader("24"),
        lambda: f.contact(),
        lambda: f.admin(is_active=False),
    ],
    ids=["coordinator", "official", "reader", "contact", "deactivated administrator"],
)
def test_other_users_get_the_anonymous_answer(client, make):
    client.force_login(make())
    assert client.get(URL).json() == {"status": "ok"}


def test_a_staff_session_that_owes_its_second_factor_gets_the_anonymous_answer(client):
    client.force_login(f.admin())
    session = client.session
    session[sessions.SECOND_FACTOR] = sessions.PENDING
    session.save()
    response = client.get(URL)
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
