"""Reads of the alarm and its live board, narrowed by the access policy first: the list, one alarm,
and per organisation how far delivery, answer and escalation have come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts import policy
from alarms.core.models import Alarm, AlarmEvent, Question, Recipient, Response
from alarms.delivery.models import Delivery, late

from .models import FirstResponseNote


def _recipients(condition: Q | None = None) -> Coalesce:
    """How many of an alarm's organisations meet ``condition``: a subquery per alarm, so a page of
    the list counts only its own alarms' organisations and the list's row count counts none."""
    counted = (
        Recipient.objects.filter(condition or Q(), alarm_id=OuterRef("pk"))
        .order_by()
        .values("alarm_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def alarm_list(user) -> QuerySet[Alarm]:
    return (
        policy.visible_alarms(user, Alarm.objects.all())
        .select_related("municipality", "region", "raised_by")
        .annotate(
            recipient_count=_recipients(),
            answered_count=_recipients(~Q(response=Response.PENDING)),
            mobilising_count=_recipients(Q(response=Response.MOBILISING)),
        )
        .order_by("-raised_at", "-pk")
    )


def alarm_for(user, pk: int) -> Alarm:
    """An alarm the user may follow, or 404 (an alarm of another region does not exist for them)."""
    qs = policy.visible_alarms(user, Alarm.objects.all()).select_related(
        "municipality", "region", "raised_by", "closed_by", "case", "signal"
    )
    return get_object_or_404(qs, pk=pk)


def alarm_for_board(user, pk: int) -> Alarm:
    """``alarm_for`` without the related rows: the live board, polled every few seconds, shows none
    of them."""
    return get_object_or_404(policy.visible_alarms(user, Alarm.objects.all()), pk=pk)


def board(alarm: Alarm) -> list[Recipient]:
    """Per organisation: how far delivery, answer and escalation have come."""
    sent = Q(deliveries__state=Delivery.State.SENT)
    return list(
        alarm.recipients.select_related(
            "organisation", "primary", "deputy", "responded_by_user", "responded_by_person"
        )
        .annotate(
            delivered_count=Count("deliveries", filter=sent),
            queued_count=Count(
                "deliveries",
                filter=Q(deliveries__state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]),
            ),
            failed_count=Count("deliveries", filter=Q(deliveries__state=Delivery.State.FAILED)),
            late_count=Count("deliveries", filter=late("deliveries__")),
            first_sent_at=Min("deliveries__sent_at", filter=sent),
            last_error=Max("deliveries__error", filter=Q(deliveries__state=Delivery.State.FAILED)),
        )
        .order_by("position", "organisation__name")
    )


@dataclass
class Metrics:
    recipients: int
    delivered: int
    answered: int
    mobilising: int
    declined: int
    escalated: int
    first_answer: timedelta | None
    all_answered: timedelta | None
    all_mobilising: timedelta | None
    late: int = 0  # messages that have waited too long to be sent (alarms.delivery.models.late)


def metrics(alarm: Alarm, recipients: list[Recipient]) -> Metrics:
    """The times that matter: to the first answer, and until every organisation had answered
    (and until all mobilised, if they all did). Computed from the board's rows, no queries."""
    answers = [r.responded_at for r in recipients if r.has_answered]
    everyone = bool(recipients) and len(answers) == len(recipients)
    mobilising = [r for r in recipients if r.response == Response.MOBILISING]
    return Metrics(
        recipients=len(recipients),
        delivered=sum(1 for r in recipients if r.first_delivered_at),
        answered=len(answers),
        mobilising=len(mobilising),
        declined=sum(1 for r in recipients if r.response == Response.DECLINED),
        escalated=sum(1 for r in recipients if r.escalated_at),
        first_answer=(min(answers) - alarm.raised_at) if answers else None,
        all_answered=(max(answers) - alarm.raised_at) if everyone else None,
        all_mobilising=(max(r.responded_at for r in mobilising) - alarm.raised_at)
        if everyone and len(mobilising) == len(recipients)
        else None,
        late=sum(r.late_count for r in recipients),
    )


def timeline(alarm: Alarm) -> QuerySet[AlarmEvent]:
    return alarm.events.select_related("recipient__organisation", "user", "person").order_by("at", "pk")


def checklist(alarm: Alarm) -> list[tuple[int, str, list[FirstResponseNote]]]:
    """The four quick questions, each with its contributions."""
    notes: dict[int, list] = {}
    for note in FirstResponseNote.objects.filter(alarm=alarm).select_related("user", "organisation"):
        notes.setdefault(note.question, []).append(note)
    return [(value, label, notes.get(value, [])) for value, label in Question.choices]


def failed_deliveries(alarm: Alarm) -> QuerySet[Delivery]:
    return alarm.deliveries.filter(state=Delivery.State.FAILED).select_related(
        "recipient__organisation", "person", "user"
    )
