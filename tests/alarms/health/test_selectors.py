"""The pipeline check: deliveries stuck in the outbox make it unhealthy; a retry waiting for its turn
does not."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.delivery.services import deliver
from alarms.health.selectors import pipeline
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


def test_the_pipeline_counts_deliveries_stuck_in_the_outbox(settings):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    celery_app.conf.task_always_eager = False  # restored by tests/conftest.py
    f.roster_entry("24")
    alarm = raise_at(timezone.now())
    assert pipeline(use_cache=False).stuck == 0

    alarm.deliveries.update(queued_at=timezone.now() - timedelta(minutes=5))

    with mock.patch("alarms.health.selectors._broker_ok", autospec=True, return_value=True):
        status = pipeline(use_cache=False)
    assert status.stuck == 1
    assert not status.ok


def test_a_retry_waiting_for_its_turn_is_not_stuck(settings, t0):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    f.roster_entry("24", channels=("webhook",))
    alarm = raise_at(t0)
    with (
        mock.patch(POST, autospec=True, side_effect=EgressFailed("down")),
        mock.patch("alarms.tasks.deliver_one.apply_async", autospec=True),
    ):
        deliver(alarm.deliveries.get().pk)

    assert alarm.deliveries.get().state == Delivery.State.QUEUED
    assert pipeline(use_cache=False).stuck == 0
