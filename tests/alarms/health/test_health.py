"""/health/ for monitoring: the database, the broker, a worker's heartbeat, stuck deliveries."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from alarms.delivery.models import Delivery
from alarms.health.models import PipelineHeartbeat
from alarms.health.services import heartbeat_seen
from tests import factories as f
from tests.alarms.harness_reports import finished_alarm, grow_roster

pytestmark = pytest.mark.django_db

URL = reverse("health")
BROKER = "alarms.health.selectors._broker_ok"


def test_it_is_open_and_answers_json(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_in_eager_mode_it_says_so_and_is_healthy(client):
    data = client.get(URL).json()
    assert data == {
        "database": "ok",
        "broker": "eager",
        "worker": "eager",
        "worker_seen_at": None,
        "stuck_deliveries": 0,
    }


def test_all_well_with_a_broker_and_a_fresh_heartbeat(client, with_broker):
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=True):
        response = client.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert (data["database"], data["broker"], data["worker"], data["stuck_deliveries"]) == (
        "ok",
        "ok",
        "ok",
        0,
    )
    assert data["worker_seen_at"] == PipelineHeartbeat.objects.get(pk=1).seen_at.isoformat()


def test_a_broker_that_does_not_answer_is_503(client, with_broker):
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=False):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["broker"] == "error"


def test_a_stale_heartbeat_is_503(client, with_broker):
    PipelineHeartbeat.objects.update_or_create(
        pk=1,
        defaults={
            "sent_at": timezone.now() - timedelta(hours=1),
            "seen_at": timezone.now() - timedelta(hours=1),
        },
    )
    with mock.patch(BROKER, autospec=True, return_value=True):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["worker"] == "stale"


def test_no_heartbeat_ever_is_stale(client, with_broker):
    with mock.patch(BROKER, autospec=True, return_value=True):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["worker"] == "stale" and response.json()["worker_seen_at"] is None


def test_deliveries_stuck_in_the_outbox_are_counted_and_503(client, with_broker):
    grow_roster(2)
    alarm = finished_alarm(f.coordinator("24"), close=False)
    Delivery.objects.filter(alarm=alarm).update(
        state=Delivery.State.QUEUED, queued_at=timezone.now() - timedelta(hours=1)
    )
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=True):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["stuck_deliveries"] == Delivery.objects.filter(alarm=alarm).count() > 0


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
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_a_pipeline_that_cannot_be_read_is_503_not_500(client, with_broker):
    with mock.patch(
        "alarms.health.selectors.pipeline", autospec=True, side_effect=Exception("no such table")
    ):
        response = client.get(URL)
    assert response.status_code == 503
    data = response.json()
    assert data["database"] == "ok" and data["broker"] == "error" and data["worker"] == "stale"


def test_it_refuses_post(client):
    assert client.post(URL).status_code == 405
