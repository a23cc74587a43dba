"""Reads of rounds, participants and answers, narrowed by accounts.policy before anything else.

Every list here costs a fixed number of queries whatever the number of organisations and routines:
counts are annotated, answers prefetched with their routines.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import RoleName
from actors.models import Region
from config.history import HistoryEntry, history_entries

from .models import Participant, Round, RoutineAnswer
from .services import LINK_REASONS

_ANSWERED = Count("answers", filter=~Q(answers__value=""))


def visible_rounds(user) -> QuerySet[Round]:
    """The rounds whose status a user may follow: those of the regions whose readiness they see."""
    return Round.objects.select_related("region", "opened_by", "closed_by").filter(
        region__in=policy.readiness_regions(user, Region.objects.all())
    )


def with_counts(rounds: QuerySet[Round]) -> QuerySet[Round]:
    """Each round with how many organisations were asked and how many have submitted."""
    return rounds.annotate(
        participant_count=Count("participants", distinct=True),
        submitted_count=Count(
            "participants", filter=Q(participants__submitted_at__isnull=False), distinct=True
        ),
    )


def round_for(user, pk) -> Round:
    """One round, for the region's staff; 404 for everyone else (they need not know it exists)."""
    round_ = Round.objects.select_related("region", "opened_by", "closed_by").filter(pk=pk).first()
    if round_ is None or not policy.can_view_readiness(user, round_.region):
        raise Http404
    return round_


def rounds_for_region(user, region) -> QuerySet[Round]:
    """A region's rounds, newest first, with their counts; empty for who may not see them."""
    if not policy.can_view_readiness(user, region):
        return Round.objects.none()
    return with_counts(Round.objects.filter(region=region).select_related("region", "opened_by", "closed_by"))


def participants(round: Round) -> QuerySet[Participant]:  # noqa: A002 - the name the callers use
    """A round's organisations with contact, submission, draft progress (``answered_count`` of
    ``answer_count``) and every answer (with its routine, in routine order) prefetched."""
    answers = RoutineAnswer.objects.select_related("routine").order_by("routine__number", "routine__version")
    return (
        Participant.objects.filter(round=round)
        .select_related("organisation", "contact", "submitted_by", "submitted_by_person")
        .annotate(answered_count=_ANSWERED, answer_count=Count("answers"))
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("organisation__name", "pk")
    )


def participant_for(user, round_pk, participant_pk) -> Participant:
    """An organisation's answers in a round: 404 unless the user may see them
    (policy.can_view_participant: the organisation's own users and the region's staff)."""
    participant = (
        Participant.objects.select_related(
            "round__region", "organisation", "contact", "submitted_by", "submitted_by_person"
        )
        .filter(pk=participant_pk, round_id=round_pk)
        .first()
    )
    if participant is None or not policy.can_view_participant(user, participant):
        raise Http404
    return participant


def answers_of(participant: Participant) -> list[RoutineAnswer]:
    """The participant's answers in routine order, with their routines: one query."""
    return list(
        RoutineAnswer.objects.filter(participant=participant)
        .select_related("routine")
        .order_by("routine__number", "routine__version")
    )


def my_participations(user) -> QuerySet[Participant]:
    """The rounds the user's own organisation is asked in, open ones first, with draft progress."""
    qs = Participant.objects.select_related("round__region", "organisation", "contact")
    if policy.role_of(user) is None or not user.organisation_id:
        return qs.none()
    return (
        qs.filter(organisation_id=user.organisation_id)
        .annotate(answered_count=_ANSWERED, answer_count=Count("answers"))
        .order_by("round__closed_at", "-round__deadline", "-pk")
    )


# --- History -----------------------------------------------------------------------------------


@dataclass
class AnswerHistoryEntry(HistoryEntry):
    """A change of an organisation's answers: ``routine`` is the answer's routine, None for the
    organisation's submission itself."""

    routine: object | None = None


def answer_history(participant: Participant, answers: list[RoutineAnswer]) -> list[AnswerHistoryEntry]:
    """The history of an organisation's answers, newest first: submissions and every changed
    answer, with who, when, why and old → new. Changes made through the personal link are
    attributed to the contact (the link has no user account behind it)."""
    items = [
        AnswerHistoryEntry(**vars(e))
        for e in history_entries(
            participant, hidden={"round", "organisation", "reminded_on", "submitted_by_person"}
        )
    ]
    for answer in answers:
        for e in history_entries(answer, hidden={"participant", "routine"}):
            if e.changes:
                items.append(AnswerHistoryEntry(**vars(e), routine=answer.routine))
    link_reasons = {_(r) for r in LINK_REASONS}
    who = participant.submitted_by_person or participant.contact
    for item in items:
        if item.reason in link_reasons and who is not None:
            item.who = _("%(person)s (personal link)") % {"person": who.name}
    items.sort(key=lambda i: (i.when, i.routine is None), reverse=True)
    return items


def answers_due(user, limit: int = 10) -> list[Participant]:
    """Open rounds in which the user's organisation has not yet submitted its answers, the nearest
    deadline first, with how far the draft has come. Only for those who answer for the organisation
    (``policy.answers_for_organisation``: its own users, not readers); ``answer_count`` is the
    number of routines asked (a round opens with a blank answer for each). One query."""
    if policy.role_of(user) in {None, RoleName.READER} or not user.organisation_id:
        return []
    return list(
        my_participations(user)
        .filter(round__closed_at__isnull=True, submitted_at__isnull=True)
        .order_by("round__deadline", "pk")[:limit]
    )
