"""Celery tasks of the alarm chain, under the names beat and the outbox call them by
(``alarms.tasks.…``). Each is thin: it takes primary keys and calls a service, and is safe to run
twice: the services claim their rows, so a duplicate or replayed task does nothing."""

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .delivery import services as delivery
from .escalation import services as escalation
from .health import services as health


@shared_task(acks_late=True, ignore_result=True)
def deliver_batch(delivery_ids: list[int]) -> int:
    """Send a batch of outbox rows; acks late, since sending again is a no-op for sent rows."""
    return delivery.deliver_many(delivery_ids)


@shared_task(acks_late=True, ignore_result=True)
def deliver_one(delivery_id: int) -> bool:
    """A retry after a transient error."""
    return delivery.deliver(delivery_id)


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    return delivery.sweep_outbox()


@shared_task(ignore_result=True)
def escalate_due() -> int:
    return escalation.escalate_due()


@shared_task(ignore_result=True)
def close_expired() -> int:
    return escalation.close_expired()


@shared_task(ignore_result=True)
def heartbeat(sent_at: str | None = None) -> None:
    """Sent by beat, run by a worker: proves broker, beat and worker work together."""
    health.heartbeat_seen(parse_datetime(sent_at) if sent_at else timezone.now())
