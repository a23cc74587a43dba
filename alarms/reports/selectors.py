"""Reads of the report and the drill comparison: what happened per organisation, and how the times
compare across alarms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import DateTimeField, Max, Min, OuterRef, Subquery

from alarms.core.models import Alarm, Recipient, Response, Step
from alarms.delivery.models import Delivery
from alarms.raising.selectors import alarm_list, board

from .charts import mmss


@dataclass
class ReportRow:
    """One alarmed organisation, as the report shows it."""

    organisation: object
    response: str
    answer_label: str
    reason: str
    who_comes: str
    answered_by: str
    first_delivered_at: datetime | None
    responded_at: datetime | None
    time_to_answer: timedelta | None
    to_deputy_at: datetime | None
    to_coordinator_at: datetime | None
    escalated_at: datetime | None
    step_label: str
    repeats: int
    failed_count: int

    @property
    def time_to_answer_text(self) -> str:
        return mmss(self.time_to_answer)

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None


def report_rows(alarm: Alarm) -> tuple[list[ReportRow], list]:
    """The board's rows plus when each organisation was first escalated to its deputy and to the
    coordinators: two queries, however many organisations."""
    recipients = board(alarm)
    # A step's deliveries are written the moment the organisation is escalated to it.
    steps: dict[tuple[int, int], datetime] = {
        (row["recipient_id"], row["step"]): row["first"]
        for row in Delivery.objects.filter(alarm=alarm, step__gt=Step.PRIMARY)
        .values("recipient_id", "step")
        .annotate(first=Min("created_at"))
        .order_by()
    }
    rows = []
    for r in recipients:
        answered_by = r.responded_by_person or r.responded_by_user
        rows.append(
            ReportRow(
                organisation=r.organisation,
                response=r.response,
                answer_label=r.get_response_display(),
                reason=r.reason if r.response == Response.DECLINED else "",
                who_comes=r.who_comes if r.response == Response.MOBILISING else "",
                answered_by=str(answered_by) if answered_by and r.has_answered else "",
                first_delivered_at=r.first_delivered_at or r.first_sent_at,
                responded_at=r.responded_at if r.has_answered else None,
                time_to_answer=(r.responded_at - alarm.raised_at)
                if r.has_answered and r.responded_at
                else None,
                to_deputy_at=steps.get((r.pk, Step.DEPUTY)),
                to_coordinator_at=steps.get((r.pk, Step.COORDINATOR)),
                escalated_at=r.escalated_at,
                step_label=r.get_step_display(),
                repeats=r.round,
                failed_count=r.failed_count,
            )
        )
    return rows, recipients


def _answered_at(aggregate) -> Subquery:
    """The first (``Min``) or last (``Max``) answer to an alarm: a subquery per alarm, as the list's
    counts are (``raising.selectors.alarm_list``), so no join multiplies the alarms' rows."""
    answers = (
        Recipient.objects.filter(alarm_id=OuterRef("pk"))
        .order_by()
        .values("alarm_id")
        .annotate(at=aggregate("responded_at"))
        .values("at")
    )
    return Subquery(answers, output_field=DateTimeField())


def drill_comparison(user, kind: str | None = None) -> list[Alarm]:
    """Closed alarms the user may see, oldest first, with the times to compare them by."""
    qs = alarm_list(user).filter(state=Alarm.State.CLOSED)
    if kind:
        qs = qs.filter(kind=kind)
    alarms = list(
        qs.annotate(first_answer_at=_answered_at(Min), last_answer_at=_answered_at(Max)).order_by(
            "raised_at", "pk"
        )
    )
    for alarm in alarms:
        alarm.first_answer = alarm.first_answer_at - alarm.raised_at if alarm.first_answer_at else None
        everyone = alarm.recipient_count and alarm.answered_count == alarm.recipient_count
        alarm.all_answered = alarm.last_answer_at - alarm.raised_at if everyone else None
    return alarms
