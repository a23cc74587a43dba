"""The alarm chain's outbox: writing a step's deliveries, handing them to the workers, sending each
once, and sweeping up what the broker lost or a dead worker held.

Raising and escalating write one ``Delivery`` row per person and channel in their own transaction
(``person_deliveries``, ``coordinator_deliveries``), and ``publish`` hands them to Celery only after
commit. A task claims its row with a conditional update (``queued`` → ``sending``), so a duplicate
or replayed task does nothing. The beat's sweeper re-queues rows the broker lost (still ``queued``
after a bound) and rows whose worker died mid-send (``sending`` longer than a lease): delivery is at
least once, and every message carries its delivery key so a receiver can drop the rare copy; the
in-app inbox is written in the claiming transaction itself and so is exactly once.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import region_coordinators
from alarms.core.models import Alarm, AlarmEvent, EventKind, Recipient, Step
from alarms.inbox.models import Notification
from alarms.rosters.models import Channel, ChannelKind
from alarms.rosters.reachability import working_channels
from outbox.services import broker_forgot, broker_remember, enqueue_many_on_commit, enqueue_on_commit

from .messages import render_message
from .models import Delivery, due, waiting
from .transports import TransportError, transport_for

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
# After the broker lost its memory, queued rows older than this are published again at once (a row
# younger than this may still be on its way to the broker from the transaction that wrote it).
FORGOTTEN = timedelta(seconds=2)


# --- Writing a step's deliveries -----------------------------------------------------------------


def coordinators_by_region(region_ids: set[int]) -> dict[int, list]:
    """Each region's coordinators, with the channels of the person their account is linked to: who
    ``coordinator_deliveries`` writes to."""
    users = (
        region_coordinators(region_ids)
        .select_related("person")
        .prefetch_related("person__alarm_channels", "person__user")
        .order_by("pk")
    )
    by_region: dict[int, list] = {}
    for user in users:
        by_region.setdefault(user.region_id, []).append(user)
    return by_region


def person_deliveries(recipient: Recipient, person, step: int, round_: int, now) -> list[Delivery]:
    """One outbox row per working channel of the person, keyed so the same step never writes twice."""
    return [
        Delivery(
            alarm_id=recipient.alarm_id,
            recipient=recipient,
            person=person,
            user=person.user if channel.kind == ChannelKind.INAPP else None,
            channel=channel,
            kind=channel.kind,
            target=channel.target,
            step=step,
            round=round_,
            key=f"a{recipient.alarm_id}-r{recipient.pk}-{round_}-{step}-c{channel.pk}",
            created_at=now,
            queued_at=now,
        )
        for channel in working_channels(person)
    ]


def coordinator_deliveries(recipient: Recipient, coordinators: list, round_: int, now) -> list[Delivery]:
    """The region's coordinators: on their own channels if their account is linked to a person in
    the registry with working channels, else by e-mail and in the app."""
    deliveries = []
    for user in coordinators:
        person = getattr(user, "person", None)
        channels = working_channels(person) if person is not None else []
        if channels:
            for d in person_deliveries(recipient, person, Step.COORDINATOR, round_, now):
                d.key = f"{d.key}-u{user.pk}"
                deliveries.append(d)
            continue
        kinds = [(ChannelKind.INAPP, "")] + ([(ChannelKind.EMAIL, user.email)] if user.email else [])
        for kind, target in kinds:
            deliveries.append(
                Delivery(
                    alarm_id=recipient.alarm_id,
                    recipient=recipient,
                    user=user,
                    kind=kind,
                    target=target,
                    step=Step.COORDINATOR,
                    round=round_,
                    key=f"a{recipient.alarm_id}-r{recipient.pk}-{round_}-{Step.COORDINATOR}-u{user.pk}-{kind}",
                    created_at=now,
                    queued_at=now,
                )
            )
    return deliveries


def publish(delivery_ids: Iterable[int]) -> None:
    """Hand deliveries to the workers in batches, after commit (``enqueue_on_commit``): a broker
    that is down loses nothing, and the batches go as soon as it answers again."""
    ids = list(delivery_ids)
    batches = [(ids[start : start + BATCH_SIZE],) for start in range(0, len(ids), BATCH_SIZE)]
    enqueue_many_on_commit("alarms.tasks.deliver_batch", batches)


def send_in_app_at_once(alarm: Alarm, deliveries: list[Delivery], now) -> None:
    """In-app messages need no broker: they are written with the alarm, in its transaction, so they
    are in the inbox the moment it is raised (exactly once, and gone if the raise is undone)."""
    if not deliveries:
        return
    notifications = []
    for delivery in deliveries:
        delivery.alarm = alarm
        message = render_message(delivery)
        notifications.append(
            Notification(
                user_id=delivery.user_id,
                alarm=alarm,
                delivery=delivery,
                title=message.subject,
                body=message.body,
            )
        )
    Notification.objects.bulk_create(notifications)
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        state=Delivery.State.SENT, sent_at=now, attempts=1, error=""
    )
    Recipient.objects.filter(
        pk__in={d.recipient_id for d in deliveries}, first_delivered_at__isnull=True
    ).update(first_delivered_at=now)


# --- Delivering --------------------------------------------------------------------------------


_DELIVERY_RELATED = (
    "alarm__municipality",
    "alarm__region",
    "alarm__case",
    # Who raised it, as the message names them (messages.raised_by_label).
    "alarm__raised_by__organisation",
    "alarm__raised_by__municipality",
    "alarm__raised_by__region",
    "recipient__organisation",
    "channel",
)


def deliver(delivery_id: int) -> bool:
    """Send one outbox row, once. True if this call delivered it."""
    delivery = Delivery.objects.select_related(*_DELIVERY_RELATED).filter(pk=delivery_id).first()
    if delivery is None:
        logger.warning("deliver: delivery %s no longer exists", delivery_id)
        return False
    with Lease([delivery_id]):
        return _deliver_loaded(delivery, noted=set())


def deliver_many(delivery_ids: Iterable[int]) -> int:
    """Send a batch of outbox rows, each once; the batch is read in one query. Returns how many
    this call delivered (rows already sent, cancelled or claimed elsewhere are skipped).

    The batch's rows are held by a lease while it runs (``claimed_at``, renewed by ``Lease``): if
    this worker dies, the sweeper sees the lease run out and publishes the rows again."""
    ids = list(delivery_ids)
    now = timezone.now()
    Delivery.objects.filter(due(now=now), pk__in=ids, state=Delivery.State.QUEUED).update(claimed_at=now)
    rows = (
        Delivery.objects.select_related(*_DELIVERY_RELATED)
        .filter(pk__in=ids, state=Delivery.State.QUEUED)
        .order_by("pk")
    )
    noted: set[int] = set()
    delivered = 0
    with Lease(ids) as lease:
        for delivery in rows:
            lease.moved_on()
            delivered += _deliver_loaded(delivery, noted=noted)
    return delivered


class Lease:
    """While a batch runs, renew the lease on its unfinished rows every third of
    ``ALARM_SENDING_LEASE_SECONDS``, from a thread (a send may take up to the transport's timeout):
    rows whose lease runs out belong to a worker that is gone. The renewal proves progress, not only
    life: a batch that has not moved on to its next row for ``STALLED_AFTER`` seconds (a send hung
    past every timeout) is no longer renewed, and the sweeper takes its rows back. The thread has
    its own database connection and closes it after each renewal; a batch done within a third of
    the lease, as most are, never touches the database from it. Where no worker runs the task (eager
    mode: a test, the quick start) or inside a transaction (no other connection could see the rows)
    there is no thread."""

    # Longer than any one send may take (the transports' timeouts are 10 s).
    STALLED_AFTER = 30

    def __init__(self, ids: list[int]):
        self.ids = ids
        self.done = threading.Event()
        self.thread: threading.Thread | None = None
        self.moved_at = time.monotonic()

    def __enter__(self):
        from config.celery import app

        eager = app.conf.task_always_eager
        if self.ids and not eager and not transaction.get_connection().in_atomic_block:
            self.thread = threading.Thread(target=self._renew, name="delivery-lease", daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        if self.thread is not None:
            self.thread.join(5)

    def moved_on(self) -> None:
        """The batch reached its next row."""
        self.moved_at = time.monotonic()

    def _renew(self) -> None:
        every = settings.ALARM_SENDING_LEASE_SECONDS / 3
        while not self.done.wait(every):
            if time.monotonic() - self.moved_at > self.STALLED_AFTER:
                logger.warning("delivery lease: batch stalled, its rows are left to the sweeper")
                return
            try:
                Delivery.objects.filter(waiting(), pk__in=self.ids, claimed_at__isnull=False).update(
                    claimed_at=timezone.now()
                )
            except DatabaseError as exc:  # the database restarts: try again at the next third
                logger.warning("delivery lease: could not renew: %s", exc)
            finally:
                with contextlib.suppress(Exception):  # nothing may end the thread early
                    connection.close()


def _deliver_loaded(delivery: Delivery, noted: set[int]) -> bool:
    now = timezone.now()
    if delivery.state != Delivery.State.QUEUED or (
        delivery.next_attempt_at and delivery.next_attempt_at > now
    ):
        return False  # done, cancelled, in another worker's hands, or a retry not yet due
    if not delivery.alarm.is_open or delivery.recipient.has_answered:
        # Answered or closed while this row was mid-send (a retry, or swept from a dead worker): the
        # answer and the close cancel only queued rows, so the row is cancelled here.
        Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.QUEUED).update(
            state=Delivery.State.CANCELLED
        )
        return False
    if delivery.kind == ChannelKind.INAPP:
        return _deliver_in_app(delivery, now, noted)
    # Conditional on the attempts read too: the attempt number is this claim's own, and recording
    # the outcome later is conditional on it (``_mine``).
    claimed = Delivery.objects.filter(
        due(now=now), pk=delivery.pk, state=Delivery.State.QUEUED, attempts=delivery.attempts
    ).update(state=Delivery.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return False  # another worker got there first
    attempts = delivery.attempts + 1
    try:
        transport_for(delivery.kind).notify(delivery, render_message(delivery))
    except TransportError as exc:
        _record_failure(delivery, exc, attempts)
        return False
    except Exception as exc:  # noqa: BLE001 - a bug must not leave the row "sending" or stop the batch
        # What the user sees says nothing of the error (it may carry an address): the log does.
        logger.exception("delivery %s: unexpected error: %s", delivery.pk, exc)
        _record_failure(delivery, TransportError(_("The message could not be sent.")), attempts)
        return False
    sent = _mark_sent(delivery, mine=attempts)
    if sent is None:
        return False  # taken back while it was sending (its lease ran out) and claimed again
    _note_delivered(delivery, sent, noted)
    return True


def _mine(delivery: Delivery, attempts: int):
    """The row, as long as it is still this claim's: no other worker has claimed it since (it may
    have been taken back by the sweeper meanwhile, and not yet claimed again: then the outcome is
    still this claim's to record, and saves a copy)."""
    return Delivery.objects.filter(
        pk=delivery.pk, attempts=attempts, state__in=[Delivery.State.SENDING, Delivery.State.QUEUED]
    )


def _deliver_in_app(delivery: Delivery, now, noted: set[int]) -> bool:
    with transaction.atomic():
        locked = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery.pk, state=Delivery.State.QUEUED)
            .first()
        )
        if locked is None:
            return False
        message = render_message(delivery)
        Notification.objects.create(
            user_id=delivery.user_id,
            alarm_id=delivery.alarm_id,
            delivery=locked,
            title=message.subject,
            body=message.body,
        )
        sent = _mark_sent(delivery, attempts=locked.attempts + 1)
    # The recipient and channel rows only after commit: answering and closing lock the recipient
    # before its deliveries, so waiting for it while holding this delivery could deadlock.
    _note_delivered(delivery, sent, noted)
    return True


def _mark_sent(delivery: Delivery, attempts: int | None = None, mine: int | None = None):
    """Record the row sent; returns when, or None if it was no longer this claim's (``mine``: the
    claim's attempt number)."""
    sent = timezone.now()
    changes = {"state": Delivery.State.SENT, "sent_at": sent, "error": ""}
    if attempts is not None:
        changes["attempts"] = attempts
    rows = _mine(delivery, mine) if mine is not None else Delivery.objects.filter(pk=delivery.pk)
    return sent if rows.update(**changes) else None


def _note_delivered(delivery: Delivery, sent, noted: set[int]) -> None:
    """The recipient's first delivery time (once per recipient and batch), and a channel that
    works again forgets its last failure."""
    if delivery.recipient_id not in noted and delivery.recipient.first_delivered_at is None:
        Recipient.objects.filter(pk=delivery.recipient_id, first_delivered_at__isnull=True).update(
            first_delivered_at=sent
        )
    noted.add(delivery.recipient_id)
    if delivery.channel_id and delivery.channel.last_failure_at is not None:
        Channel.objects.filter(pk=delivery.channel_id).update(last_failure_at=None, last_failure="")


def retry_delay(attempts: int) -> int:
    """Seconds before attempt ``attempts + 1``: doubling from the base, at most five minutes."""
    return min(settings.ALARM_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 300)


def _record_failure(delivery: Delivery, exc: TransportError, attempts: int) -> None:
    now = timezone.now()
    error = exc.message[:500]
    if exc.permanent or attempts >= settings.ALARM_MAX_ATTEMPTS:
        with transaction.atomic():
            if not _mine(delivery, attempts).update(state=Delivery.State.FAILED, error=error):
                return  # taken back and claimed again meanwhile: the outcome is the new claim's
            if delivery.channel_id:
                Channel.objects.filter(pk=delivery.channel_id).update(last_failure_at=now, last_failure=error)
            AlarmEvent.objects.create(
                alarm_id=delivery.alarm_id,
                at=now,
                kind=EventKind.FAILED,
                recipient_id=delivery.recipient_id,
                person_id=delivery.person_id,
                user_id=delivery.user_id,
                text=f"{delivery.get_kind_display()}: {error}",
            )
        return
    delay = retry_delay(attempts)
    retry_at = now + timedelta(seconds=delay)
    if not _mine(delivery, attempts).update(
        state=Delivery.State.QUEUED,
        next_attempt_at=retry_at,
        queued_at=retry_at,
        claimed_at=None,
        error=error,
    ):
        return  # taken back and claimed again meanwhile: the outcome is the new claim's
    enqueue_on_commit("alarms.tasks.deliver_one", delivery.pk, countdown=delay)


# --- Sweeping ----------------------------------------------------------------------------------


def sweep_outbox(now=None) -> int:
    """Publish again what the broker lost and take back what a dead worker held; returns how many.

    - ``sending`` rows whose lease ran out: their worker died mid-send; queued again (the receiver
      may get the message twice, with the same delivery key);
    - ``queued`` rows held by a batch whose lease ran out: the worker died before reaching them;
    - ``queued`` rows no worker took within ``ALARM_REQUEUE_AFTER_SECONDS``: the broker lost them;
      at once when the broker lost its memory (``outbox.services.broker_forgot``: Redis restarted)."""
    now = now or timezone.now()
    lease = now - timedelta(seconds=settings.ALARM_SENDING_LEASE_SECONDS)
    stuck = now - timedelta(seconds=settings.ALARM_REQUEUE_AFTER_SECONDS)
    forgot = broker_forgot()
    with transaction.atomic():
        # Row locks, skipping rows another sweep holds: two sweeps at once take back each row once.
        held = Delivery.objects.select_for_update(skip_locked=True).filter(
            state=Delivery.State.SENDING, claimed_at__lt=lease
        )
        # A message whose sending stopped its worker every time is not tried for ever.
        given_up = list(
            held.filter(attempts__gte=settings.ALARM_MAX_ATTEMPTS).values_list(
                "pk", "alarm_id", "recipient_id"
            )
        )
        if given_up:
            error = _("The worker sending it stopped %(count)d times.") % {
                "count": settings.ALARM_MAX_ATTEMPTS
            }
            Delivery.objects.filter(pk__in=[pk for pk, _a, _r in given_up]).update(
                state=Delivery.State.FAILED, error=error
            )
            AlarmEvent.objects.bulk_create(
                AlarmEvent(alarm_id=a, at=now, kind=EventKind.FAILED, recipient_id=r, text=error)
                for _pk, a, r in given_up
            )
        abandoned = list(
            held.filter(attempts__lt=settings.ALARM_MAX_ATTEMPTS).values_list("pk", flat=True)[:5000]
        )
        Delivery.objects.filter(pk__in=abandoned, state=Delivery.State.SENDING).update(
            state=Delivery.State.QUEUED, queued_at=now, next_attempt_at=None, claimed_at=None
        )
        lost_in_broker = Q(claimed_at__isnull=True, queued_at__lt=now - FORGOTTEN if forgot else stuck)
        lost = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(due(now=now), state=Delivery.State.QUEUED)
            .filter(lost_in_broker | Q(claimed_at__lt=lease))
            .exclude(pk__in=abandoned)
            .values_list("pk", flat=True)[:5000]
        )
        Delivery.objects.filter(pk__in=lost).update(queued_at=now, claimed_at=None)
    ids = abandoned + lost
    if ids:
        logger.info("sweeper re-queues %d deliveries (%d abandoned mid-send)", len(ids), len(abandoned))
        publish(ids)
    if forgot:
        broker_remember()
    return len(ids)
