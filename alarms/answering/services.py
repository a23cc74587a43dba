"""Answering an alarm and closing it.

An organisation answers "We mobilise" or "Cannot", in the app (its own people, or a coordinator
who took the answer by phone) or through the signed link in the message; an answer stops every
queued message and escalation step for it. Closing (by a coordinator, or when the alarm's time is
up: ``alarms.escalation``) stops everything for the whole alarm.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from alarms.core.models import Alarm, AlarmEvent, EventKind, Recipient, Response
from alarms.delivery.models import Delivery
from config import events, formats
from config.history import save_audited


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
                    "when": formats.daytime(current.responded_at),
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
        events.emit("alarm.answered", recipient=current)
    return current


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
        events.emit("alarm.closed", alarm=current)
    return current
