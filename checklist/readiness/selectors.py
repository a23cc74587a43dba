"""Reads of "seeing it", narrowed by the access policy first: ``region_for``, ``answer_for`` and
``action_for`` raise Http404 for what the user may not know exists (a round's matrix is found by
``checklist.rounds.selectors.round_for``, the rounds area's one lookup); and the reads of the
region's readiness plan. The matrix and the trends are in ``matrix`` and ``trends``.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from accounts import policy
from actors.models import Person, Region
from checklist.rounds.models import RoutineAnswer
from config.text import shorten
from establishments.models import Theme
from workspace.plan.models import FINISHED_ACTION_STATUSES

from .models import RegionalAction

# --- Narrowing by the access policy -------------------------------------------------------------


def home_region(user) -> Region | None:
    """The region whose readiness a user follows by default: the one they work for."""
    region_id = policy.region_id_of(user)
    return Region.objects.filter(pk=region_id).first() if region_id else None


def region_for(user, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None or not policy.can_view_readiness(user, region):
        raise Http404
    return region


def answer_for(user, pk: int) -> RoutineAnswer:
    answer = (
        RoutineAnswer.objects.select_related(
            "routine", "participant__organisation", "participant__contact", "participant__round__region"
        )
        .filter(pk=pk)
        .first()
    )
    if answer is None or not policy.can_view_readiness(user, answer.participant.round.region):
        raise Http404
    return answer


def action_for(user, pk: int) -> RegionalAction:
    action = (
        RegionalAction.objects.select_related(
            "region",
            "owner_organisation",
            "owner_person",
            "source_answer__routine",
            "source_answer__participant__organisation",
            "source_answer__participant__round",
        )
        .filter(pk=pk)
        .first()
    )
    if action is None or not policy.can_view_readiness(user, action.region):
        raise Http404
    return action


# --- The region's readiness plan ----------------------------------------------------------------


def region_actions(region: Region) -> list[RegionalAction]:
    """The region's readiness actions with their owners and the answer each came from: one query."""
    return list(
        RegionalAction.objects.filter(region=region).select_related(
            "owner_organisation",
            "owner_person",
            "source_answer__routine",
            "source_answer__participant__organisation",
            "source_answer__participant__round",
        )
    )


def open_action_count(region: Region) -> int:
    return RegionalAction.objects.filter(region=region).exclude(status__in=FINISHED_ACTION_STATUSES).count()


# A first suggestion of the blueprint theme an action born of a routine belongs to; the coordinator
# chooses.
ROUTINE_THEMES = {
    1: Theme.MULTI_LEVEL,
    2: Theme.AUTHORITY_COOPERATION,
    3: Theme.MULTI_LEVEL,
    4: Theme.ALARM,
    5: Theme.AUTHORITY_COOPERATION,
    6: Theme.AUTHORITY_COOPERATION,
    7: Theme.RECEIVING_CAPACITY,
    8: Theme.COMMUNICATION,
    9: Theme.RECEIVING_CAPACITY,
    10: Theme.AUTHORITY_COOPERATION,
}


def suggested_action(answer: RoutineAnswer) -> dict:
    """The form's first values for an action born of ``answer``'s handlingsplan."""
    participant, routine = answer.participant, answer.routine
    org = participant.organisation
    what = " ".join(answer.plan_what.split())
    title = _("Routine %(number)s: %(what)s") % {"number": routine.number, "what": what or routine.text}
    title = shorten(title, 200)
    person = None
    if answer.plan_who.strip():
        person = Person.objects.filter(organisation=org, name__iexact=answer.plan_who.strip()).first()
    if person is None and participant.contact and participant.contact.organisation_id == org.pk:
        person = participant.contact
    current = _("%(org)s answered %(value)s in “%(round)s”.") % {
        "org": org.name,
        "value": answer.get_value_display(),
        "round": participant.round.title,
    }
    if answer.comment:
        current += " " + answer.comment
    return {
        "title": title,
        "theme": ROUTINE_THEMES.get(routine.number, Theme.AUTHORITY_COOPERATION),
        "current_state": current[:2000],
        "target_state": routine.text[:2000],
        "owner_organisation": org.pk,
        "owner_person": person.pk if person else None,
        "due_date": answer.plan_when,
    }
