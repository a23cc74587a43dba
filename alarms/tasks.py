"""Celery tasks of the alarm chain, under the names beat and the outbox call them by
(``alarms.tasks.…``). Each is thin: it takes primary keys and calls a service, and is safe to run
twice: the services claim their rows, so a duplicate or replayed task does nothing.

A delivery task that meets the database or the broker failing (a restart, a dropped connection)
is retried at once, briefly: after 1, 2, 4, 8, 8 … seconds, ``ALARM_TRANSIENT_RETRIES`` times, on a
fresh connection (``config.celery`` closes a connection that failed before the next task runs).
"""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from kombu.exceptions import OperationalError as BrokerError

from .delivery import services as delivery
from .escalation import services as escalation
from .health import services as health

# Errors that say "try again in a moment", not "this cannot be done".
TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError)
TRANSIENT_RETRY = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": 1,
    "retry_backoff_max": 8,
    "retry_jitter": False,
    "max_retries": settings.ALARM_TRANSIENT_RETRIES,
}


@shared_task(acks_late=True, ignore_result=True, **TRANSIENT_RETRY)
def deliver_batch(delivery_ids: list[int]) -> int:
    """Send a batch of outbox rows; acks late, since sending again is a no-op for sent rows."""
    return delivery.deliver_many(delivery_ids)


@shared_task(acks_late=True, ignore_result=True, **TRANSIENT_RETRY)
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
