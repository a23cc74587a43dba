"""What happens on a timer: a silent organisation is taken one step further up the chain
(primary contact → deputy → the region's coordinators, the whole chain repeated at most
``max_repeats`` times), an alarm whose time is up is closed, and ``ticker_round`` does all of the
periodic work in one go for installations without Celery beat (``manage.py alarm_ticker``).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alarms.answering.services import alarm_close
from alarms.core.models import Alarm, AlarmEvent, EventKind, Recipient, Response, Step
from alarms.delivery import services as delivery_services
from alarms.delivery.models import Delivery
from alarms.health.services import heartbeat_seen
from alarms.rosters.reachability import working_channels
from outbox.services import flush


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
        coordinators = delivery_services.coordinators_by_region({r.alarm.region_id for r in due})
        deliveries, events = [], []
        for recipient in due:
            alarm = recipient.alarm
            deputy_reachable = recipient.deputy is not None and working_channels(recipient.deputy)
            if recipient.step == Step.PRIMARY and recipient.round == 0 and deputy_reachable:
                recipient.step = Step.DEPUTY
                batch = delivery_services.person_deliveries(
                    recipient, recipient.deputy, Step.DEPUTY, recipient.round, now
                )
                text = _("To the deputy, %(name)s") % {"name": recipient.deputy.name}
                wait = alarm.coordinator_after_minutes
            elif recipient.step != Step.COORDINATOR:
                recipient.step = Step.COORDINATOR
                users = coordinators.get(alarm.region_id, [])
                batch = delivery_services.coordinator_deliveries(recipient, users, recipient.round, now)
                text = _("To the region's coordinators (%(count)d)") % {"count": len(users)}
                wait = alarm.deputy_after_minutes
            elif recipient.round < alarm.max_repeats:
                recipient.round += 1
                recipient.step = Step.DEPUTY if deputy_reachable else Step.PRIMARY
                batch = delivery_services.person_deliveries(
                    recipient, recipient.primary, Step.PRIMARY, recipient.round, now
                )
                if deputy_reachable:
                    batch += delivery_services.person_deliveries(
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
        delivery_services.publish(ids)
    return len(due)


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


def ticker_round() -> tuple[int, int, int]:
    """One round of the periodic work: hand over queued task calls, sweep the outbox, escalate,
    close expired alarms, and note the heartbeat. Returns (re-queued, escalated, closed)."""
    flush()  # calls that waited for a broker (none in eager mode, where they run at once)
    requeued = delivery_services.sweep_outbox()
    escalated = escalate_due()
    closed = close_expired()
    heartbeat_seen(None)
    return requeued, escalated, closed
