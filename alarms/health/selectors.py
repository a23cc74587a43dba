"""Can an alarm be delivered now? The pipeline's health as ``/health/``, the staff banner and the
confirmation before raising read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from alarms.delivery.models import Delivery

from .models import PipelineHeartbeat


@dataclass
class Pipeline:
    eager: bool
    broker_ok: bool
    worker_ok: bool
    worker_seen_at: datetime | None
    stuck: int

    @property
    def ok(self) -> bool:
        return self.eager or (self.broker_ok and self.worker_ok and not self.stuck)


def _broker_ok() -> bool:
    from config.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - any failure means the broker cannot take alarms now
        return False


def pipeline(use_cache: bool = True) -> Pipeline:
    """Can an alarm be delivered now? Broker reachable, a worker ran the beat's last heartbeat,
    and no delivery waits longer than the sweeper's bound. Cached briefly: pages ask it often."""
    if use_cache:
        cached = cache.get("alarms:pipeline")
        if cached is not None:
            return cached
    from config.celery import app

    if app.conf.task_always_eager:
        # No broker and no worker: every delivery runs in the process that raised the alarm.
        return Pipeline(eager=True, broker_ok=True, worker_ok=True, worker_seen_at=None, stuck=0)
    eager = False
    beat = PipelineHeartbeat.objects.filter(pk=1).first()
    seen = beat.seen_at if beat else None
    fresh = timezone.now() - timedelta(seconds=3 * settings.PIPELINE_HEARTBEAT_SECONDS)
    bound = timezone.now() - timedelta(seconds=2 * settings.ALARM_REQUEUE_AFTER_SECONDS)
    stuck = Delivery.objects.filter(state=Delivery.State.QUEUED, queued_at__lt=bound).count()
    status = Pipeline(
        eager=eager,
        broker_ok=True if eager else _broker_ok(),
        worker_ok=eager or (seen is not None and seen >= fresh),
        worker_seen_at=seen,
        stuck=stuck,
    )
    if use_cache:
        cache.set("alarms:pipeline", status, 15)
    return status
