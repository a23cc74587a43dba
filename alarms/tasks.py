"""Celery tasks of the alarm chain. Each takes primary keys and is safe to run twice: the services
claim their rows, so a duplicate or replayed task does nothing."""

import logging

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def deliver_batch(delivery_ids: list[int]) -> int:
    """Send a batch of outbox rows; acks late, since sending again is a no-op for sent rows."""
    return services.deliver_many(delivery_ids)


@shared_task(acks_late=True, ignore_result=True)
def deliver_one(delivery_id: int) -> bool:
    """A retry after a transient error."""
    return services.deliver(delivery_id)


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    return services.sweep_outbox()


@shared_task(ignore_result=True)
def escalate_due() -> int:
    return services.escalate_due()


@shared_task(ignore_result=True)
def close_expired() -> int:
    return services.close_expired()


@shared_task(ignore_result=True)
def heartbeat(sent_at: str | None = None) -> None:
    """Sent by beat, run by a worker: proves broker, beat and worker work together."""
    services.heartbeat_seen(parse_datetime(sent_at) if sent_at else timezone.now())

