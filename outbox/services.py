"""``enqueue_on_commit``: the one way the apps hand work to Celery.

A call is written to the database in the caller's transaction and handed to the broker once that
transaction commits. If the broker is down, the user's action still succeeds with its normal answer
(nothing raises after the commit), and the call waits in the table: ``flush`` (on Celery beat every
``OUTBOX_FLUSH_SECONDS``, and in ``manage.py alarm_ticker``) hands it over as soon as the broker
answers again. A call is handed over at least once: a publisher that dies between the broker taking
the call and deleting its row leaves the row, and the call goes again after
``OUTBOX_CLAIM_SECONDS``; the tasks are written to be run twice without harm.
"""

from __future__ import annotations

import importlib
import logging
import math
from datetime import timedelta
from functools import partial

from celery import current_app
from celery.exceptions import NotRegistered
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import QueuedTask

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, OSError)
# After the broker refused a call, the calls made in the next few seconds are not offered to it:
# each would wait out the connection timeout in a user's request. The flusher hands them over.
REFUSAL_PAUSE = timedelta(seconds=5)
_refused_at = None


def broker_refused_recently(now=None) -> bool:
    return _refused_at is not None and (now or timezone.now()) - _refused_at < REFUSAL_PAUSE


def forget_refusal() -> None:
    """The broker answers again (the flusher reached a worker through it), or a test starts."""
    global _refused_at
    _refused_at = None


# A key the sweeper keeps in the broker: a broker that restarted without its data (Redis runs without
# persistence) or was flushed has lost every task it held, and no longer has the key either.
MEMORY_KEY = "samhandla:broker-memory"
_memory_client = None


def _broker_client():
    """A Redis client for the broker's own keys, or None where the broker is not Redis."""
    global _memory_client
    url = current_app.conf.broker_url or ""
    if current_app.conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return None
    if _memory_client is None or _memory_client[0] != url:
        import redis

        _memory_client = (url, redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2))
    return _memory_client[1]


def broker_forgot() -> bool:
    """Has the broker lost what it held since ``broker_remember`` (or was it never told)? Then every
    task handed to it is gone, and what waits in the database must be published again now rather
    than after a timer. False when the broker cannot be asked (it is down: nothing to publish to)."""
    client = _broker_client()
    if client is None:
        return False
    try:
        return not client.exists(MEMORY_KEY)
    except Exception as exc:  # noqa: BLE001 - redis' errors and OSError: the broker is unreachable
        logger.info("outbox: the broker cannot be asked whether it lost its tasks: %s", exc)
        return False


def broker_remember() -> None:
    """Leave the key ``broker_forgot`` looks for, once what the broker lost has been published again."""
    client = _broker_client()
    if client is None:
        return
    try:
        client.set(MEMORY_KEY, timezone.now().isoformat())
    except Exception as exc:  # noqa: BLE001 - asked again at the next sweep
        logger.info("outbox: could not mark the broker: %s", exc)


def enqueue_on_commit(task, *args, countdown: int | None = None) -> None:
    """Run ``task(*args)`` on a worker once the current transaction commits (at once when there is
    none), ``countdown`` seconds later if given. ``task`` is a Celery task or its registered name
    (where the task's module imports the caller); the arguments must be JSON: primary keys."""
    enqueue_many_on_commit(task, [args], countdown=countdown)


def enqueue_many_on_commit(task, calls, *, countdown: int | None = None) -> None:
    """``enqueue_on_commit`` for many calls of one task (a fan-out's batches): one write, however
    many calls; each call is a tuple of arguments."""
    name = task if isinstance(task, str) else task.name
    not_before = timezone.now() + timedelta(seconds=countdown) if countdown else None
    rows = QueuedTask.objects.bulk_create(
        QueuedTask(task=name, args=list(args), not_before=not_before) for args in calls
    )
    if rows:
        transaction.on_commit(partial(publish, [row.pk for row in rows]))


def _task(name: str):
    """The task registered under ``name``; its module is imported first if this process has not
    (a task named by a caller whose module it cannot import: "alarms.tasks.deliver_batch")."""
    try:
        return current_app.tasks[name]
    except NotRegistered:
        importlib.import_module(name.rpartition(".")[0])
        return current_app.tasks[name]


def publish(ids, *, flushing: bool = False) -> int:
    """Hand these calls to the broker; returns how many it took. A broker that is down loses
    nothing: the calls stay queued, and this returns at the first refusal."""
    global _refused_at
    now = timezone.now()
    if not flushing and broker_refused_recently(now):
        return 0
    claim_expired = now - timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    with transaction.atomic():
        rows = list(
            QueuedTask.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(ids))
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=claim_expired))
        )
        QueuedTask.objects.filter(pk__in=[row.pk for row in rows]).update(claimed_at=now)
    handed = 0
    for row in rows:
        countdown = max(math.ceil((row.not_before - now).total_seconds()), 0) if row.not_before else None
        try:
            _task(row.task).apply_async(args=row.args, countdown=countdown, retry=False)
        except BROKER_ERRORS as exc:
            # Everything after this one would be refused too: leave them to the flusher.
            logger.warning("outbox: %s kept, the broker is unreachable: %s", row, exc)
            _refused_at = now
            QueuedTask.objects.filter(pk__in=[r.pk for r in rows[handed:]]).update(claimed_at=None)
            QueuedTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=str(exc)[:500])
            return handed
        QueuedTask.objects.filter(pk=row.pk).delete()
        handed += 1
    return handed


def flush(*, limit: int = 1000) -> int:
    """Hand over every call still waiting (the broker was down when it was made), oldest first;
    calls a publisher is handing over right now are left to it."""
    settle = timezone.now() - timedelta(seconds=1)  # a call just made is its own publisher's
    waiting = QueuedTask.objects.filter(created_at__lt=settle).order_by("pk").values_list("pk", flat=True)
    handed = publish(waiting[:limit], flushing=True)
    if handed:
        forget_refusal()
    return handed
