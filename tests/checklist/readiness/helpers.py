"""Builders for the readiness tests: rounds and answers made straight in the database (bulk, so 60
organisations × 10 routines stay fast), shaped exactly as the rounds services leave them: every
current routine asked, a participant per organisation, a blank answer per routine, and a
``submitted_at`` once the organisation has submitted.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from checklist.models import Participant, Round, Routine, RoutineAnswer, Value
from tests import factories as f

PLAN_WHEN_DAYS = 90


def open_round(
    *, organisations, region_code="24", user=None, title="Våren", opened_at=None, routines=None
) -> Round:
    opened_at = opened_at or timezone.now()
    round_ = Round.objects.create(
        region=f.region(region_code),
        title=title,
        deadline=timezone.localdate(opened_at) + timedelta(days=30),
        opened_by=user or f.coordinator(region_code),
        opened_at=opened_at,
    )
    routines = list(routines if routines is not None else Routine.objects.filter(is_current=True))
    round_.routines.set(routines)
    participants = Participant.objects.bulk_create(
        [Participant(round=round_, organisation=o, contact=None) for o in organisations]
    )
    RoutineAnswer.objects.bulk_create(
        [RoutineAnswer(participant=p, routine=r) for p in participants for r in routines]
    )
    return round_


def fill(round_: Round, organisation, values, *, submit: bool = True) -> Participant:
    """Answer for ``organisation``: ``values`` is one value for every routine, or a dict routine
    number -> value (others Ja). Delvis and Nej get a comment and a handlingsplan."""
    participant = round_.participants.get(organisation=organisation)
    answers = list(participant.answers.select_related("routine"))
    for a in answers:
        value = values if isinstance(values, str) else values.get(a.routine.number, Value.YES)
        a.value = value
        if value in (Value.PARTLY, Value.NO):
            a.comment = f"{organisation.name} saknar rutin {a.routine.number}"
            a.plan_what = f"Ta fram rutin {a.routine.number}"
            a.plan_who = "Näringslivschefen"
            a.plan_when = timezone.localdate() + timedelta(days=PLAN_WHEN_DAYS)
        else:
            a.comment = a.plan_what = a.plan_who = ""
            a.plan_when = None
    RoutineAnswer.objects.bulk_update(answers, ["value", "comment", "plan_what", "plan_who", "plan_when"])
    if submit:
        participant.submitted_at = timezone.now()
        participant.save(update_fields=["submitted_at"])
    return participant


def answer(round_: Round, organisation, number: int) -> RoutineAnswer:
    return RoutineAnswer.objects.get(
        participant__round=round_, participant__organisation=organisation, routine__number=number
    )


def fill_many(round_: Round, organisations, pattern) -> None:
    """Every organisation answers (bulk): ``pattern(i, number) -> value``; all submitted."""
    participants = {p.organisation_id: p for p in round_.participants.all()}
    answers = list(
        RoutineAnswer.objects.filter(participant__round=round_).select_related("routine", "participant")
    )
    index = {o.pk: i for i, o in enumerate(organisations)}
    for a in answers:
        value = pattern(index[a.participant.organisation_id], a.routine.number)
        a.value = value
        if value != Value.YES:
            a.comment, a.plan_what, a.plan_who = "Kommentar", "Plan", "Chefen"
            a.plan_when = timezone.localdate() + timedelta(days=PLAN_WHEN_DAYS)
    RoutineAnswer.objects.bulk_update(answers, ["value", "comment", "plan_what", "plan_who", "plan_when"])
    Participant.objects.filter(pk__in=[p.pk for p in participants.values()]).update(
        submitted_at=timezone.now()
    )
