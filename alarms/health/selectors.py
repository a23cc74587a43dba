"""Can an alarm be delivered now, and is any delivery late? The pipeline's health as ``/health/``,
``/metrics``, the staff banner, the alarm board and the confirmation before raising read it.

The pipeline is *degraded*, each reason by its name (``REASONS``), when:

- ``database_unreachable``: the database does not answer (nothing can be raised or recorded);
- ``broker_unreachable``: the message broker does not answer (messages wait in the outbox);
- ``worker_heartbeat_stale``: no worker has run beat's heartbeat within twice its interval
  (``PIPELINE_HEARTBEAT_SECONDS``): nobody is there to send;
- ``deliveries_delayed``: a delivery has waited longer than ``ALARM_DELAYED_AFTER_SECONDS`` to be
  sent (``delayed``; the rule is ``alarms.delivery.models.late``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone

from alarms.delivery import models as delivery_models
from alarms.delivery.models import Delivery

from .models import PipelineHeartbeat

DATABASE_UNREACHABLE = "database_unreachable"
BROKER_UNREACHABLE = "broker_unreachable"
WORKER_HEARTBEAT_STALE = "worker_heartbeat_stale"
DELIVERIES_DELAYED = "deliveries_delayed"
REASONS = (DATABASE_UNREACHABLE, BROKER_UNREACHABLE, WORKER_HEARTBEAT_STALE, DELIVERIES_DELAYED)

CACHE_KEY = "alarms:pipeline:v2"
CACHE_SECONDS = 5


@dataclass
class Pipeline:
    eager: bool
    broker_ok: bool
    worker_ok: bool
    worker_seen_at: datetime | None
    delayed: int = 0  # deliveries late by the one rule (alarms.delivery.models.late)
    oldest_wait_seconds: int | None = None  # how long the oldest due delivery has waited, if any
    database_ok: bool = True

    @property
    def reasons(self) -> list[str]:
        """Why the pipeline is degraded, by name, in the order of ``REASONS``; empty when it is not."""
        found = {
            DATABASE_UNREACHABLE: not self.database_ok,
            BROKER_UNREACHABLE: not self.broker_ok,
            WORKER_HEARTBEAT_STALE: not self.worker_ok,
            DELIVERIES_DELAYED: bool(self.delayed),
        }
        return [reason for reason in REASONS if found[reason]]

    @property
    def ok(self) -> bool:
        return not self.reasons


def _broker_ok() -> bool:
    from config.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - any failure means the broker cannot take alarms now
        return False


def heartbeat_is_fresh(seen_at: datetime | None, now=None) -> bool:
    """A worker ran the heartbeat within twice its interval."""
    if seen_at is None:
        return False
    now = now or timezone.now()
    return seen_at >= now - timedelta(seconds=2 * settings.PIPELINE_HEARTBEAT_SECONDS)


def pipeline(use_cache: bool = True) -> Pipeline:
    """The pipeline now: broker, workers, late deliveries (two queries and a broker round trip).
    Cached for a few seconds when ``use_cache``: every staff page asks it for the banner."""
    if use_cache:
        cached = cache.get(CACHE_KEY)
        if cached is not None:
            return cached
    from config.celery import app

    if app.conf.task_always_eager:
        # No broker and no worker: every delivery runs in the process that raised the alarm.
        return Pipeline(eager=True, broker_ok=True, worker_ok=True, worker_seen_at=None)
    now = timezone.now()
    try:
        beat = PipelineHeartbeat.objects.filter(pk=1).first()
        late = Delivery.objects.filter(delivery_models.waiting()).aggregate(
            n=Count("pk", filter=delivery_models.late(now=now)),
            oldest=Min(delivery_models.waiting_since(), filter=delivery_models.due(now=now)),
        )
        database_ok = True
    except DatabaseError:
        beat, late, database_ok = None, {"n": 0, "oldest": None}, False
    seen = beat.seen_at if beat else None
    oldest = late["oldest"]
    status = Pipeline(
        eager=False,
        broker_ok=_broker_ok(),
        # While the database is down the heartbeat cannot be read: the database is the reason given.
        worker_ok=heartbeat_is_fresh(seen, now) or not database_ok,
        worker_seen_at=seen,
        delayed=late["n"],
        oldest_wait_seconds=max(0, int((now - oldest).total_seconds())) if oldest else None,
        database_ok=database_ok,
    )
    if use_cache:
        cache.set(CACHE_KEY, status, CACHE_SECONDS)
    return status
