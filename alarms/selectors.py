"""Reads of the alarm chain, narrowed by the access policy first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import policy
from actors.models import Role

from .models import (
    Alarm,
    AlarmEvent,
    Channel,
    Delivery,
    FirstResponseNote,
    Notification,
    PipelineHeartbeat,
    Question,
    Recipient,
    Response,
    RosterEntry,
    Step,
)
from .reachability import EntryCheck, check_entry


def _entries_with_checks_data():
    """Roster entries with everything the reachability check reads, in a fixed number of queries."""
    roles = Role.objects.only("organisation_id", "person_id", "valid_to")
    channels = Channel.objects.order_by("position", "pk")
    return (
        RosterEntry.objects.select_related("roster", "organisation", "primary__user", "deputy__user")
        .prefetch_related(
            Prefetch("primary__alarm_channels", queryset=channels),
            Prefetch("deputy__alarm_channels", queryset=channels),
            Prefetch("primary__roles", queryset=roles),
            Prefetch("deputy__roles", queryset=roles),
        )
        .order_by("position", "organisation__name")
    )


def roster_entries(region) -> list[RosterEntry]:
    """The region's roster, ready for the reachability check."""
    return list(_entries_with_checks_data().filter(roster__region=region))


def roster_checks_by_region() -> dict[int, list[EntryCheck]]:
    """Every region's reachability check at once (the administrators' overview)."""
    by_region: dict[int, list[EntryCheck]] = {}
    for entry in _entries_with_checks_data():
        by_region.setdefault(entry.roster.region_id, []).append(check_entry(entry))
    return by_region


def roster_check(region) -> list[EntryCheck]:
    return [check_entry(entry) for entry in roster_entries(region)]


def alarm_list(user) -> QuerySet[Alarm]:
    return (
        policy.visible_alarms(user, Alarm.objects.all())
        .select_related("municipality", "region", "raised_by")
        .annotate(
            recipient_count=Count("recipients", distinct=True),
            answered_count=Count(
                "recipients", filter=~Q(recipients__response=Response.PENDING), distinct=True
            ),
            mobilising_count=Count(
                "recipients", filter=Q(recipients__response=Response.MOBILISING), distinct=True
            ),
        )
        .order_by("-raised_at", "-pk")
    )


def alarm_for(user, pk: int) -> Alarm:
    """An alarm the user may follow, or 404 (an alarm of another region does not exist for them)."""
    qs = policy.visible_alarms(user, Alarm.objects.all()).select_related(
        "municipality", "region", "raised_by", "closed_by", "case", "signal"
    )
    return get_object_or_404(qs, pk=pk)


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
    )


# --- The report ----------------------------------------------------------------------------------


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
        from .charts import mmss

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


def timeline(alarm: Alarm) -> QuerySet[AlarmEvent]:
    return alarm.events.select_related("recipient__organisation", "user", "person").order_by("at", "pk")


def checklist(alarm: Alarm) -> list[tuple[int, str, list[FirstResponseNote]]]:
    """The four quick questions, each with its contributions."""
    notes: dict[int, list] = {}
    for note in FirstResponseNote.objects.filter(alarm=alarm).select_related("user", "organisation"):
        notes.setdefault(note.question, []).append(note)
    return [(value, label, notes.get(value, [])) for value, label in Question.choices]


def answerable(user, recipients: list[Recipient]) -> list[Recipient]:
    """The alarmed organisations the user may answer for."""
    return [r for r in recipients if policy.can_answer_alarm(user, r)]


def failed_deliveries(alarm: Alarm) -> QuerySet[Delivery]:
    return alarm.deliveries.filter(state=Delivery.State.FAILED).select_related(
        "recipient__organisation", "person", "user"
    )


def drill_comparison(user, kind: str | None = None) -> list[Alarm]:
    """Closed alarms the user may see, oldest first, with the times to compare them by."""
    qs = alarm_list(user).filter(state=Alarm.State.CLOSED)
    if kind:
        qs = qs.filter(kind=kind)
    alarms = list(
        qs.annotate(
            first_answer_at=Min("recipients__responded_at"), last_answer_at=Max("recipients__responded_at")
        ).order_by("raised_at", "pk")
    )
    for alarm in alarms:
        alarm.first_answer = alarm.first_answer_at - alarm.raised_at if alarm.first_answer_at else None
        everyone = alarm.recipient_count and alarm.answered_count == alarm.recipient_count
        alarm.all_answered = alarm.last_answer_at - alarm.raised_at if everyone else None
    return alarms


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox(user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(user=user)
        .select_related("alarm__municipality")
        .order_by("-created_at", "-pk")
    )


# --- The pipeline's health ---------------------------------------------------------------------


@dataclass
class Pipeline:
    eager: bool
    broker_ok: bool
    worker_ok: bool
    worker_seen_at: datetime | None
    stuck: int

    @property
    def ok(self) -> bool:
        return self.eager or (self.broker_ok and self.worker_ok and not self.stuck)


def _broker_ok() -> bool:
    from config.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - any failure means the broker cannot take alarms now
        return False


def pipeline(use_cache: bool = True) -> Pipeline:
    """Can an alarm be delivered now? Broker reachable, a worker ran the beat's last heartbeat,
    and no delivery waits longer than the sweeper's bound. Cached briefly: pages ask it often."""
    if use_cache:
        cached = cache.get("alarms:pipeline")
        if cached is not None:
            return cached
    from config.celery import app

    if app.conf.task_always_eager:
        # No broker and no worker: every delivery runs in the process that raised the alarm.
        return Pipeline(eager=True, broker_ok=True, worker_ok=True, worker_seen_at=None, stuck=0)
    eager = False
    beat = PipelineHeartbeat.objects.filter(pk=1).first()
    seen = beat.seen_at if beat else None
    fresh = timezone.now() - timedelta(seconds=3 * settings.PIPELINE_HEARTBEAT_SECONDS)
    bound = timezone.now() - timedelta(seconds=2 * settings.ALARM_REQUEUE_AFTER_SECONDS)
    stuck = Delivery.objects.filter(state=Delivery.State.QUEUED, queued_at__lt=bound).count()
    status = Pipeline(
        eager=eager,
        broker_ok=True if eager else _broker_ok(),
        worker_ok=eager or (seen is not None and seen >= fresh),
        worker_seen_at=seen,
        stuck=stuck,
    )
    if use_cache:
        cache.set("alarms:pipeline", status, 15)
    return status
