"""The pipeline check: a delivery waiting longer than ALARM_DELAYED_AFTER_SECONDS, a heartbeat older
than twice its interval, a broker or a database that does not answer each degrade it, by name; a
retry waiting for its turn does not."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError
from django.utils import timezone

from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.delivery.services import deliver
from alarms.health.models import PipelineHeartbeat
from alarms.health.selectors import pipeline
from alarms.health.services import heartbeat_seen
from alarms.raising.services import alarm_raise
from config.celery import app as celery_app
from config.egress import EgressFailed
from tests import factories as f

pytestmark = pytest.mark.django_db

POST = "alarms.delivery.transports.egress.post"  # the egress guard (config/egress.py)


def raise_at(t0, kind=AlarmKind.ESTABLISHMENT, code="2482"):
    return alarm_raise(
        user=f.official(code), municipality=f.municipality(code), kind=kind, message="Larm", now=t0
    )


@pytest.fixture
def t0():
    return timezone.now() - timedelta(hours=1)


BROKER = "alarms.health.selectors._broker_ok"


@pytest.fixture
def worker_side(settings):
    """As with a real broker: not eager (restored by tests/conftest.py), the broker answering."""
    celery_app.conf.task_always_eager = False
    with mock.patch(BROKER, autospec=True, return_value=True):
        yield


def test_a_delivery_waiting_longer_than_the_threshold_is_late(settings, worker_side):
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    heartbeat_seen(timezone.now())
    f.roster_entry("24")
    alarm = raise_at(timezone.now())
    deliveries = alarm.deliveries.exclude(state=Delivery.State.SENT)
    assert deliveries.exists()
    deliveries.update(state=Delivery.State.QUEUED, created_at=timezone.now() - timedelta(seconds=29))
    assert pipeline(use_cache=False).ok

    deliveries.update(created_at=timezone.now() - timedelta(seconds=31))
    status = pipeline(use_cache=False)
    assert (status.delayed, status.reasons) == (deliveries.count(), ["deliveries_delayed"])
    assert 31 <= status.oldest_wait_seconds <= 35
    # Sent since: no longer late.
    deliveries.update(state=Delivery.State.SENT, sent_at=timezone.now())
    assert pipeline(use_cache=False).delayed == 0


def test_a_retry_waiting_for_its_turn_is_not_late(settings, t0, worker_side):
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    heartbeat_seen(timezone.now())
    f.roster_entry("24", channels=("webhook",))
    alarm = raise_at(t0)
    with (
        mock.patch(POST, autospec=True, side_effect=EgressFailed("down")),
        mock.patch("alarms.tasks.deliver_one.apply_async", autospec=True),
    ):
        deliver(alarm.deliveries.get().pk)

    delivery = alarm.deliveries.get()
    assert delivery.state == Delivery.State.QUEUED and delivery.created_at == t0
    assert pipeline(use_cache=False).delayed == 0


def test_a_heartbeat_older_than_twice_its_interval_is_stale(settings, worker_side):
    settings.PIPELINE_HEARTBEAT_SECONDS = 10
    PipelineHeartbeat.objects.create(pk=1, seen_at=timezone.now() - timedelta(seconds=19))
    assert pipeline(use_cache=False).worker_ok
    PipelineHeartbeat.objects.filter(pk=1).update(seen_at=timezone.now() - timedelta(seconds=21))
    status = pipeline(use_cache=False)
    assert (status.worker_ok, status.reasons) == (False, ["worker_heartbeat_stale"])


def test_a_database_that_does_not_answer_is_named_and_the_broker_still_checked(worker_side):
    with mock.patch.object(PipelineHeartbeat.objects, "filter", side_effect=DatabaseError("restarting")):
        status = pipeline(use_cache=False)
    assert status.reasons == ["database_unreachable"]
    with (
        mock.patch.object(PipelineHeartbeat.objects, "filter", side_effect=DatabaseError("restarting")),
        mock.patch(BROKER, return_value=False),
    ):
        assert pipeline(use_cache=False).reasons == ["database_unreachable", "broker_unreachable"]


def test_in_eager_mode_nothing_can_be_late(settings):
    f.roster_entry("24")
    alarm = raise_at(timezone.now() - timedelta(hours=1))
    alarm.deliveries.update(state=Delivery.State.QUEUED)
    assert pipeline(use_cache=False).ok


def test_the_cached_answer_is_short_lived(worker_side, settings):
    from django.core.cache import cache

    from alarms.health import selectors

    heartbeat_seen(timezone.now())
    cache.delete(selectors.CACHE_KEY)
    assert pipeline().ok
    # Cached: a broker gone a moment ago is not yet seen by the pages, and is by a fresh read.
    with mock.patch(BROKER, return_value=False):
        assert pipeline().ok
        assert pipeline(use_cache=False).reasons == ["broker_unreachable"]
    assert selectors.CACHE_SECONDS <= 5
