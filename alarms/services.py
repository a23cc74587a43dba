"""The alarm chain's rules: raising, delivering, answering, escalating, closing; roster upkeep.

Delivery is a transactional outbox. Raising writes one ``Delivery`` row per person and channel in
the same transaction as the alarm; Celery tasks are queued only after commit. A task claims its row
with a conditional update (``queued`` → ``sending``), so a duplicate or replayed task does nothing.
A beat sweeper re-queues rows the broker lost (still ``queued`` after a bound) and rows whose
worker died mid-send (``sending`` longer than a lease): delivery is at least once, and every message
carries its delivery key so a receiver can drop the rare copy; the in-app inbox is written in the
claiming transaction itself and so is exactly once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import policy
from accounts.selectors import region_coordinators
from config import links
from config.history import save_audited
from establishments import disclosure
from outbox.services import enqueue_many_on_commit, enqueue_on_commit

from .models import (
    Alarm,
    AlarmEvent,
    AlarmKind,
    Channel,
    ChannelKind,
    Delivery,
    EventKind,
    FirstResponseNote,
    Notification,
    PipelineHeartbeat,
    Question,
    Recipient,
    Response,
    Roster,
    RosterEntry,
    Step,
)
from .reachability import working_channels
from .transports import Message, TransportError, transport_for

logger = logging.getLogger(__name__)

LINK_SALT = "alarms.answer-link"
BATCH_SIZE = 50


# --- Roster and channels -----------------------------------------------------------------------


def roster_for(region) -> Roster:
    """The region's roster, created with the default policy on first use."""
    roster, _created = Roster.objects.get_or_create(region=region)
    return roster


def roster_policy_save(*, user, roster: Roster) -> Roster:
    if not policy.can_edit_roster(user, roster.region):
        raise PermissionDenied
    with transaction.atomic():
        return save_audited(roster, user=user, reason=_("Escalation policy changed"))


def roster_entry_save(*, user, entry: RosterEntry) -> RosterEntry:
    if not policy.can_edit_roster(user, entry.roster.region):
        raise PermissionDenied
    if entry.primary_id and entry.primary.organisation_id != entry.organisation_id:
        raise ValidationError({"primary": _("The person does not belong to this organisation.")})
    if entry.deputy_id and entry.deputy.organisation_id != entry.organisation_id:
        raise ValidationError({"deputy": _("The person does not belong to this organisation.")})
    with transaction.atomic():
        if entry.pk is None and not entry.position:
            last = entry.roster.entries.order_by("-position").values_list("position", flat=True).first()
            entry.position = (last or 0) + 1
        return save_audited(entry, user=user)


def roster_entry_delete(*, user, entry: RosterEntry) -> None:
    if not policy.can_edit_roster(user, entry.roster.region):
        raise PermissionDenied
    with transaction.atomic():
        entry._history_user = user
        entry.delete()


def channel_save(*, user, channel: Channel) -> Channel:
    if not policy.can_edit_channels(user, channel.person):
        raise PermissionDenied
    if channel.kind == ChannelKind.INAPP:
        channel.target = ""
        if channel.person.user_id is None:
            raise ValidationError({"kind": _("The in-app inbox needs a user account linked to the person.")})
    elif not channel.target:
        raise ValidationError({"target": _("Give the address this channel sends to.")})
    _validate_target(channel)
    with transaction.atomic():
        if channel.pk is None:
            last = (
                channel.person.alarm_channels.order_by("-position").values_list("position", flat=True).first()
            )
            channel.position = (last or 0) + 1
        else:
            # A corrected address is worth a new try: forget the last failure.
            channel.last_failure_at, channel.last_failure = None, ""
        return save_audited(channel, user=user)


def _validate_target(channel: Channel) -> None:
    from django.core.validators import EmailValidator, URLValidator

    from actors.validators import validate_phone

    validators = {
        ChannelKind.EMAIL: (EmailValidator(), _("Enter a valid e-mail address.")),
        ChannelKind.WEBHOOK: (URLValidator(schemes=["http", "https"]), _("Enter a valid http(s) URL.")),
        ChannelKind.SMS: (validate_phone, _("Enter a mobile number, e.g. +46 70 123 45 67.")),
    }
    if channel.kind not in validators:
        return
    validate, message = validators[channel.kind]
    try:
        validate(channel.target)
    except ValidationError as exc:
        raise ValidationError({"target": message}) from exc
    if channel.kind == ChannelKind.SMS:
        # SMS gateways take E.164 only: "070-123 45 67" is stored as "+46701234567".
        import phonenumbers

        number = phonenumbers.parse(channel.target, "SE")
        channel.target = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def channel_delete(*, user, channel: Channel) -> None:
    if not policy.can_edit_channels(user, channel.person):
        raise PermissionDenied
    with transaction.atomic():
        channel._history_user = user
        channel.delete()


def channel_move(*, user, channel: Channel, up: bool) -> None:
    """Swap a channel with its neighbour in the person's order."""
    if not policy.can_edit_channels(user, channel.person):
        raise PermissionDenied
    with transaction.atomic():
        channels = list(Channel.objects.select_for_update().filter(person_id=channel.person_id))
        index = next(i for i, c in enumerate(channels) if c.pk == channel.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(channels):
            return
        channels[index], channels[other] = channels[other], channels[index]
        for position, c in enumerate(channels, start=1):
            if c.position != position:
                c.position = position
                save_audited(c, user=user, reason=_("Order changed"))


# --- Raising -----------------------------------------------------------------------------------


def roster_entries_for_raise(region) -> list[RosterEntry]:
    return list(
        RosterEntry.objects.filter(roster__region=region)
        .select_related("organisation", "primary__user", "deputy__user")
        .prefetch_related(
            "primary__alarm_channels", "deputy__alarm_channels", "primary__roles", "deputy__roles"
        )
        .order_by("position", "organisation__name")
    )


def alarm_raise(*, user, municipality, kind: str, message: str, case=None, signal=None, now=None) -> Alarm:
    """Raise an alarm: every organisation on the region's roster is alarmed at once.

    The alarm, its recipients and every outbox row are written in one transaction; the deliveries
    are handed to Celery after commit. If the broker is down the alarm is still raised, and the
    sweeper sends the messages when it is back.
    """
    if not policy.can_raise_alarm(user, municipality):
        raise PermissionDenied
    if case is not None and not policy.can_view_case(user, case):
        raise PermissionDenied
    if signal is not None and not policy.can_view_signal(user, signal):
        raise PermissionDenied
    if kind not in AlarmKind.values:
        raise ValidationError({"kind": _("Choose what the alarm is about.")})
    if case is not None and case.is_drill and kind != AlarmKind.DRILL:
        raise ValidationError({"kind": _("A drill case raises drill alarms only.")})
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a short message: what has happened and what you need.")})
    now = now or timezone.now()
    entries = roster_entries_for_raise(municipality.region)
    if not entries:
        raise ValidationError(
            _("%(region)s has no alarm roster yet: a coordinator must designate the organisations first.")
            % {"region": municipality.region}
        )
    roster = entries[0].roster
    with transaction.atomic():
        alarm = Alarm(
            region=municipality.region,
            municipality=municipality,
            kind=kind,
            message=message,
            case=case,
            signal=signal,
            raised_by=user,
            raised_at=now,
            closes_at=now + timedelta(hours=roster.auto_close_hours),
            deputy_after_minutes=roster.deputy_after_minutes,
            coordinator_after_minutes=roster.coordinator_after_minutes,
            max_repeats=roster.max_repeats,
        )
        save_audited(alarm, user=user, reason=_("Alarm raised"))
        # An organisation whose primary contact cannot be reached now goes up the chain at once:
        # to the deputy, or (with nobody to reach) to the region's coordinators.
        plan = []
        for entry in entries:
            if working_channels(entry.primary):
                plan.append((Step.PRIMARY, alarm.deputy_after_minutes))
            elif entry.deputy is not None and working_channels(entry.deputy):
                plan.append((Step.DEPUTY, alarm.coordinator_after_minutes))
            else:
                plan.append((Step.COORDINATOR, alarm.deputy_after_minutes))
        recipients = Recipient.objects.bulk_create(
            Recipient(
                alarm=alarm,
                organisation=entry.organisation,
                primary=entry.primary,
                deputy=entry.deputy,
                position=position,
                step=step,
                escalated_at=None if step == Step.PRIMARY else now,
                next_step_at=now + timedelta(minutes=wait),
            )
            for position, (entry, (step, wait)) in enumerate(zip(entries, plan, strict=True), start=1)
        )
        coordinators = (
            _coordinators({municipality.region_id}).get(municipality.region_id, [])
            if any(step == Step.COORDINATOR for step, _wait in plan)
            else []
        )
        deliveries, events = [], []
        for recipient, entry, (step, _wait) in zip(recipients, entries, plan, strict=True):
            if step == Step.PRIMARY:
                deliveries.extend(_person_deliveries(recipient, entry.primary, Step.PRIMARY, 0, now))
                continue
            if step == Step.DEPUTY:
                deliveries.extend(_person_deliveries(recipient, entry.deputy, Step.DEPUTY, 0, now))
                text = _("%(name)s cannot be reached: to the deputy, %(deputy)s, at once") % {
                    "name": entry.primary.name,
                    "deputy": entry.deputy.name,
                }
            else:
                deliveries.extend(_coordinator_deliveries(recipient, coordinators, 0, now))
                text = _("Nobody there can be reached: to the region's coordinators (%(count)d) at once") % {
                    "count": len(coordinators)
                }
            events.append(
                AlarmEvent(alarm=alarm, at=now, kind=EventKind.ESCALATED, recipient=recipient, text=text)
            )
        created = Delivery.objects.bulk_create(deliveries, batch_size=500)
        AlarmEvent.objects.create(
            alarm=alarm,
            at=now,
            kind=EventKind.RAISED,
            user=user,
            text=_("%(count)d organisations alarmed") % {"count": len(recipients)},
        )
        AlarmEvent.objects.bulk_create(events)
        _send_in_app_at_once(alarm, [d for d in created if d.kind == ChannelKind.INAPP], now)
        publish([d.pk for d in created if d.kind != ChannelKind.INAPP])
    return alarm


def _send_in_app_at_once(alarm: Alarm, deliveries: list[Delivery], now) -> None:
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


def _person_deliveries(recipient: Recipient, person, step: int, round_: int, now) -> list[Delivery]:
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


def _coordinator_deliveries(recipient: Recipient, coordinators: list, round_: int, now) -> list[Delivery]:
    """The region's coordinators: on their own channels if their account is linked to a person in
    the registry with working channels, else by e-mail and in the app."""
    deliveries = []
    for user in coordinators:
        person = getattr(user, "person", None)
        channels = working_channels(person) if person is not None else []
        if channels:
            for d in _person_deliveries(recipient, person, Step.COORDINATOR, round_, now):
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


# --- Delivering --------------------------------------------------------------------------------


def answer_token(delivery: Delivery) -> str:
    return links.issue({"d": delivery.pk}, salt=LINK_SALT)


def answer_url(delivery: Delivery) -> str:
    return settings.SITE_URL + reverse("alarms:answer_link", args=[answer_token(delivery)])


def delivery_from_token(token: str) -> Delivery:
    """The delivery an answer link was issued for; links.LinkError says why a link is refused."""
    data = links.read(token, salt=LINK_SALT, max_age=timedelta(hours=settings.ALARM_LINK_MAX_AGE_HOURS))
    delivery = (
        Delivery.objects.select_related(
            "alarm__municipality", "alarm__region", "recipient__organisation", "person"
        )
        .filter(pk=data.get("d"), person__isnull=False)
        .first()
    )
    if delivery is None:
        raise links.LinkError(_("The link is not valid: the message it belongs to no longer exists."))
    return delivery


def render_message(delivery: Delivery) -> Message:
    alarm = delivery.alarm
    answerable = delivery.person_id is not None and delivery.step != Step.COORDINATOR
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "alarm": alarm,
            "drill": alarm.is_drill,
            "organisation": delivery.recipient.organisation,
            "escalated": delivery.step != Step.PRIMARY,
            "step": delivery.step,
            "coordinator_step": delivery.step == Step.COORDINATOR,
            "questions": [label for _value, label in Question.choices],
            "answer_url": answer_url(delivery) if answerable else "",
            "alarm_url": settings.SITE_URL + alarm.get_absolute_url(),
            "case_name": disclosure.case_name(alarm.case, disclosure.Audience.ROSTER)
            if alarm.case_id
            else "",
        }
        subject = " ".join(render_to_string("alarms/email/alarm_subject.txt", context).split())
        body = render_to_string("alarms/email/alarm_body.txt", context)
        short = " ".join(render_to_string("alarms/email/alarm_sms.txt", context).split())
    data = {
        "alarm": alarm.pk,
        "kind": alarm.kind,
        "drill": alarm.is_drill,
        "municipality": str(alarm.municipality),
        "organisation": str(delivery.recipient.organisation),
        "message": alarm.message,
        "answer_url": context["answer_url"],
        "alarm_url": context["alarm_url"],
        "delivery": delivery.key,
    }
    return Message(subject=subject, body=body, short=short, data=data)


_DELIVERY_RELATED = (
    "alarm__municipality",
    "alarm__region",
    "alarm__case",
    "recipient__organisation",
    "channel",
)


def deliver(delivery_id: int) -> bool:
    """Send one outbox row, once. True if this call delivered it."""
    delivery = Delivery.objects.select_related(*_DELIVERY_RELATED).filter(pk=delivery_id).first()
    if delivery is None:
        logger.warning("deliver: delivery %s no longer exists", delivery_id)
        return False
    return _deliver_loaded(delivery, noted=set())


def deliver_many(delivery_ids: Iterable[int]) -> int:
    """Send a batch of outbox rows, each once; the batch is read in one query. Returns how many
    this call delivered (rows already sent, cancelled or claimed elsewhere are skipped)."""
    rows = (
        Delivery.objects.select_related(*_DELIVERY_RELATED)
        .filter(pk__in=list(delivery_ids), state=Delivery.State.QUEUED)
        .order_by("pk")
    )
    noted: set[int] = set()
    return sum(1 for delivery in rows if _deliver_loaded(delivery, noted=noted))


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
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = Delivery.objects.filter(due, pk=delivery.pk, state=Delivery.State.QUEUED).update(
        state=Delivery.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return False  # another worker got there first
    attempts = delivery.attempts + 1
    try:
        transport_for(delivery.kind).notify(delivery, render_message(delivery))
    except TransportError as exc:
        _record_failure(delivery, exc, attempts)
        return False
    except Exception as exc:  # noqa: BLE001 - a bug must not leave the row "sending" or stop the batch
        logger.exception("delivery %s: unexpected error", delivery.pk)
        _record_failure(delivery, TransportError(f"Unexpected error: {exc}"[:500]), attempts)
        return False
    _note_delivered(delivery, _mark_sent(delivery), noted)
    return True


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


def _mark_sent(delivery: Delivery, attempts: int | None = None):
    sent = timezone.now()
    changes = {"state": Delivery.State.SENT, "sent_at": sent, "error": ""}
    if attempts is not None:
        changes["attempts"] = attempts
    Delivery.objects.filter(pk=delivery.pk).update(**changes)
    return sent


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
            Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.FAILED, error=error)
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
    due = now + timedelta(seconds=delay)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.QUEUED, next_attempt_at=due, queued_at=due, error=error
    )
    enqueue_on_commit("alarms.tasks.deliver_one", delivery.pk, countdown=delay)


def sweep_outbox(now=None) -> int:
    """Re-queue what the broker lost and what a dead worker held; returns how many were re-queued."""
    now = now or timezone.now()
    lease = now - timedelta(seconds=settings.ALARM_SENDING_LEASE_SECONDS)
    stuck = now - timedelta(seconds=settings.ALARM_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        held = Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=lease)
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
            state=Delivery.State.QUEUED, queued_at=now, next_attempt_at=None
        )
        due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        lost = list(
            Delivery.objects.filter(due, state=Delivery.State.QUEUED, queued_at__lt=stuck).values_list(
                "pk", flat=True
            )[:5000]
        )
        Delivery.objects.filter(pk__in=lost).update(queued_at=now)
    ids = abandoned + lost
    if ids:
        logger.info("sweeper re-queues %d deliveries (%d abandoned mid-send)", len(ids), len(abandoned))
        publish(ids)
    return len(ids)


# --- Answering ---------------------------------------------------------------------------------


class AlreadyAnswered(ValidationError):
    pass


def recipient_answer(
    *,
    recipient: Recipient,
    response: str,
    who_comes: str = "",
    reason: str = "",
    user=None,
    person=None,
    now=None,
) -> Recipient:
    """Record an organisation's answer; every queued message and escalation step for it stops.

    In the app an answer may be changed while the alarm is open; an answer link works once.
    """
    if user is not None and not policy.can_answer_alarm(user, recipient):
        raise PermissionDenied
    if response not in (Response.MOBILISING, Response.DECLINED):
        raise ValidationError({"response": _("Answer “We mobilise” or “Cannot”.")})
    reason, who_comes = (reason or "").strip(), (who_comes or "").strip()
    if response == Response.DECLINED and not reason:
        raise ValidationError({"reason": _("Say why you cannot, so the coordinator can find someone else.")})
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the recipient only, and read the alarm's state afresh once it is held: alarm_close
        # locks the alarm and then every recipient, so locking the alarm here as well could deadlock.
        current = (
            Recipient.objects.select_for_update(of=("self",)).select_related("alarm").get(pk=recipient.pk)
        )
        if not Alarm.objects.filter(pk=current.alarm_id, state=Alarm.State.OPEN).exists():
            raise ValidationError(_("The alarm is closed; answers are no longer taken."))
        if person is not None and current.has_answered:
            raise AlreadyAnswered(
                _("%(organisation)s has already answered (%(answer)s, %(when)s). Nothing was changed.")
                % {
                    "organisation": current.organisation,
                    "answer": current.get_response_display(),
                    "when": timezone.localtime(current.responded_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        current.response = response
        current.responded_at = now
        current.responded_by_user = user
        current.responded_by_person = person
        current.who_comes = who_comes if response == Response.MOBILISING else ""
        current.reason = reason if response == Response.DECLINED else ""
        current.next_step_at = None
        current.full_clean()
        current.save()
        Delivery.objects.filter(recipient=current, state=Delivery.State.QUEUED).update(
            state=Delivery.State.CANCELLED
        )
        AlarmEvent.objects.create(
            alarm_id=current.alarm_id,
            at=now,
            kind=EventKind.MOBILISING if response == Response.MOBILISING else EventKind.DECLINED,
            recipient=current,
            user=user,
            person=person,
            text=current.who_comes or current.reason,
        )
    return current


# --- Escalating --------------------------------------------------------------------------------


def _coordinators(region_ids: set[int]) -> dict[int, list]:
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


def escalate_due(now=None) -> int:
    """Take every silent organisation whose next step is due one step further up the chain:
    primary → deputy → coordinator, the whole chain repeated at most ``max_repeats`` times."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Recipient.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(next_step_at__lte=now, response=Response.PENDING, alarm__state=Alarm.State.OPEN)
            .select_related("alarm", "primary__user", "deputy__user", "organisation")
            .prefetch_related("primary__alarm_channels", "deputy__alarm_channels")
            .order_by("next_step_at")[:500]
        )
        if not due:
            return 0
        coordinators = _coordinators({r.alarm.region_id for r in due})
        deliveries, events = [], []
        for recipient in due:
            alarm = recipient.alarm
            deputy_reachable = recipient.deputy is not None and working_channels(recipient.deputy)
            if recipient.step == Step.PRIMARY and recipient.round == 0 and deputy_reachable:
                recipient.step = Step.DEPUTY
                batch = _person_deliveries(recipient, recipient.deputy, Step.DEPUTY, recipient.round, now)
                text = _("To the deputy, %(name)s") % {"name": recipient.deputy.name}
                wait = alarm.coordinator_after_minutes
            elif recipient.step != Step.COORDINATOR:
                recipient.step = Step.COORDINATOR
                users = coordinators.get(alarm.region_id, [])
                batch = _coordinator_deliveries(recipient, users, recipient.round, now)
                text = _("To the region's coordinators (%(count)d)") % {"count": len(users)}
                wait = alarm.deputy_after_minutes
            elif recipient.round < alarm.max_repeats:
                recipient.round += 1
                recipient.step = Step.DEPUTY if deputy_reachable else Step.PRIMARY
                batch = _person_deliveries(recipient, recipient.primary, Step.PRIMARY, recipient.round, now)
                if deputy_reachable:
                    batch += _person_deliveries(
                        recipient, recipient.deputy, Step.DEPUTY, recipient.round, now
                    )
                text = _("Repeat %(round)d of %(max)d: again to the primary contact and the deputy") % {
                    "round": recipient.round,
                    "max": alarm.max_repeats,
                }
                wait = alarm.coordinator_after_minutes
            else:
                recipient.next_step_at = None
                recipient.save(update_fields=["next_step_at"])
                events.append(AlarmEvent(alarm=alarm, at=now, kind=EventKind.EXHAUSTED, recipient=recipient))
                continue
            recipient.escalated_at = now
            recipient.next_step_at = now + timedelta(minutes=wait)
            recipient.save(update_fields=["step", "round", "escalated_at", "next_step_at"])
            deliveries.extend(batch)
            events.append(
                AlarmEvent(alarm=alarm, at=now, kind=EventKind.ESCALATED, recipient=recipient, text=text)
            )
        created = Delivery.objects.bulk_create(deliveries, ignore_conflicts=False)
        AlarmEvent.objects.bulk_create(events)
        ids = [d.pk for d in created]
        publish(ids)
    return len(due)


# --- Closing -----------------------------------------------------------------------------------


def alarm_close(*, alarm: Alarm, user=None, note: str = "", now=None) -> Alarm:
    """Close an alarm (by a coordinator, or automatically when its time is up): nothing is sent or
    escalated after this."""
    if user is not None and not policy.can_close_alarm(user, alarm):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        # NO KEY: rows written meanwhile that refer to the alarm (deliveries, events, notifications)
        # need only a key-share lock on it; a full lock would deadlock with escalation and delivery.
        current = Alarm.objects.select_for_update(no_key=True).get(pk=alarm.pk)
        if not current.is_open:
            raise ValidationError(_("The alarm is already closed."))
        current.state = Alarm.State.CLOSED
        current.closed_at = now
        current.closed_by = user
        current.close_note = (note or "").strip()
        save_audited(current, user=user, reason=_("Closed") if user else _("Closed automatically"))
        Recipient.objects.filter(alarm=current).update(next_step_at=None)
        Delivery.objects.filter(alarm=current, state=Delivery.State.QUEUED).update(
            state=Delivery.State.CANCELLED
        )
        AlarmEvent.objects.create(
            alarm=current,
            at=now,
            kind=EventKind.CLOSED,
            user=user,
            text=current.close_note or ("" if user else _("Closed automatically when its time was up.")),
        )
    return current


def close_expired(now=None) -> int:
    now = now or timezone.now()
    closed = 0
    for alarm in Alarm.objects.filter(state=Alarm.State.OPEN, closes_at__lte=now):
        try:
            alarm_close(alarm=alarm, now=now)
            closed += 1
        except ValidationError:
            pass  # closed by a coordinator meanwhile
    return closed


# --- The first-response checklist and the inbox ------------------------------------------------


def note_add(*, user, alarm: Alarm, question: int, text: str) -> FirstResponseNote:
    if not policy.can_add_alarm_note(user, alarm):
        raise PermissionDenied
    if not alarm.is_open:
        raise ValidationError(_("The alarm is closed; the checklist can no longer be added to."))
    note = FirstResponseNote(
        alarm=alarm,
        question=question,
        text=(text or "").strip(),
        organisation_id=user.organisation_id,
        user=user,
    )
    with transaction.atomic():
        save_audited(note, user=user)
        AlarmEvent.objects.create(
            alarm=alarm,
            kind=EventKind.NOTE,
            user=user,
            text=f"{note.get_question_display()} {note.text}"[:1000],
        )
    return note


def notification_read(*, user, notification: Notification) -> None:
    if notification.user_id != user.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_read_for_alarm(*, user, alarm: Alarm) -> int:
    """Opening the alarm reads its notices."""
    return Notification.objects.filter(user=user, alarm=alarm, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- The pipeline's own health -----------------------------------------------------------------


def heartbeat_seen(sent_at) -> None:
    """A worker ran the beat's heartbeat: broker, beat and worker all work."""
    PipelineHeartbeat.objects.update_or_create(pk=1, defaults={"sent_at": sent_at, "seen_at": timezone.now()})
