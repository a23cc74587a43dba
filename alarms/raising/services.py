"""Raising an alarm, and the alarm's shared first-response checklist.

Raising writes the alarm, one ``Recipient`` per organisation on the region's roster and the first
step's outbox rows in one transaction; the messages are handed to the workers after commit
(``alarms.delivery.services``). An organisation whose primary contact cannot be reached now starts
one step up the chain at once.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policy
from alarms.core.models import Alarm, AlarmEvent, AlarmKind, EventKind, Recipient, Step
from alarms.delivery import services as delivery_services
from alarms.delivery.models import Delivery
from alarms.rosters.models import ChannelKind
from alarms.rosters.reachability import working_channels
from alarms.rosters.selectors import roster_entries_for_raise
from config.events import emit as emit_event
from config.history import save_audited

from .models import FirstResponseNote


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
            delivery_services.coordinators_by_region({municipality.region_id}).get(municipality.region_id, [])
            if any(step == Step.COORDINATOR for step, _wait in plan)
            else []
        )
        deliveries, events = [], []
        for recipient, entry, (step, _wait) in zip(recipients, entries, plan, strict=True):
            if step == Step.PRIMARY:
                deliveries.extend(
                    delivery_services.person_deliveries(recipient, entry.primary, Step.PRIMARY, 0, now)
                )
                continue
            if step == Step.DEPUTY:
                deliveries.extend(
                    delivery_services.person_deliveries(recipient, entry.deputy, Step.DEPUTY, 0, now)
                )
                text = _("%(name)s cannot be reached: to the deputy, %(deputy)s, at once") % {
                    "name": entry.primary.name,
                    "deputy": entry.deputy.name,
                }
            else:
                deliveries.extend(delivery_services.coordinator_deliveries(recipient, coordinators, 0, now))
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
            text=ngettext(
                "%(count)d organisation alarmed", "%(count)d organisations alarmed", len(recipients)
            )
            % {"count": len(recipients)},
        )
        AlarmEvent.objects.bulk_create(events)
        delivery_services.send_in_app_at_once(alarm, [d for d in created if d.kind == ChannelKind.INAPP], now)
        delivery_services.publish([d.pk for d in created if d.kind != ChannelKind.INAPP])
        emit_event("alarm.raised", alarm=alarm)
    return alarm


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
