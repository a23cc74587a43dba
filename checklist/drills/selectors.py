"""Reads for drills (the guide's workshop), narrowed by the access policy first (who sees a drill,
who closes it, who may take part: ``accounts/policy.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import RoleName, User
from actors.models import Municipality, Region
from actors.selectors import municipalities_in_scope

from .models import DRILL_SCENARIO, Drill, DrillAnswer

# --- Starting a drill --------------------------------------------------------------------------


def startable_municipalities(*, user) -> list[Municipality]:
    """The municipalities the user may start a drill in (``policy.can_start_drill``), by name."""
    if policy.role_of(user) not in {RoleName.ADMIN, RoleName.COORDINATOR}:
        return []
    return [m for m in municipalities_in_scope(user=user) if policy.can_start_drill(user, m)]


def default_scenario(municipality: Municipality) -> str:
    """The drill template with the municipality filled in, in the user's language."""
    return DRILL_SCENARIO % {
        "municipality": municipality.name,
        "jobs": formats.number_format(2000, force_grouping=True),
    }


def default_role(user) -> str:
    """A participant's role as the drill first names it: their role and where they work."""
    role = policy.role_of(user)
    label = RoleName(role).label if role else ""
    if role == RoleName.OFFICIAL:
        place = user.municipality
    elif role == RoleName.COORDINATOR:
        place = user.organisation or user.region
    else:
        place = user.organisation
    return f"{label}, {place}" if place else str(label)


@dataclass
class Candidate:
    user: User
    role: str  # the role label proposed
    kind: str  # the role (group) the user acts in


KIND_ORDER = [RoleName.COORDINATOR, RoleName.OFFICIAL, RoleName.CONTACT]


def drill_candidates(*, region: Region) -> list[Candidate]:
    """Everyone who may take part in a drill of ``region``: coordinators first, then officials,
    then actor contacts, each by name. One query, whatever the number of users."""
    users = (
        User.objects.filter(is_active=True, groups__name__in=KIND_ORDER)
        .filter(
            Q(region=region)
            | Q(municipality__region=region)
            | Q(organisation__region=region)
            | Q(organisation__isnull=False, organisation__region__isnull=True)
        )
        .select_related("organisation", "municipality", "region")
        .prefetch_related("groups")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    candidates = [
        Candidate(u, default_role(u), policy.role_of(u)) for u in users if policy.may_take_part(u, region)
    ]
    candidates.sort(key=lambda c: KIND_ORDER.index(c.kind))  # stable: by name within each kind
    return candidates


# --- Following drills --------------------------------------------------------------------------


def drill_list(*, user) -> QuerySet[Drill]:
    """The drills the user may follow, open ones first, then newest first, with their counts."""
    return (
        policy.visible_drills(user, Drill.objects.all())
        .select_related("municipality__region", "started_by", "case")
        .annotate(
            participant_count=Count("answers", distinct=True),
            answered_count=Count("answers", filter=Q(answers__answered_at__isnull=False), distinct=True),
            is_closed=Case(
                When(closed_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            takes_part=Exists(DrillAnswer.objects.filter(drill_id=OuterRef("pk"), user_id=user.pk)),
        )
        .order_by("is_closed", "-started_at", "-pk")
    )


def drill_get(*, user, pk: int) -> Drill:
    """A drill the user may follow; 404 for everyone else (they need not know it exists)."""
    drill = (
        policy.visible_drills(user, Drill.objects.all())
        .select_related("municipality__region", "started_by", "case")
        .filter(pk=pk)
        .first()
    )
    if drill is None:
        raise Http404
    return drill


def own_answer(*, user, drill: Drill) -> DrillAnswer | None:
    return DrillAnswer.objects.filter(drill=drill, user_id=user.pk).first()


def drill_detail_context(*, user, drill: Drill) -> dict:
    """Everything the drill page shows, in a fixed number of queries: every role's answers side by
    side, the user's own answer, and what the user may do."""
    answers = list(
        DrillAnswer.objects.filter(drill=drill)
        .select_related("user")
        .order_by("role", "user__first_name", "pk")
    )
    mine = next((a for a in answers if a.user_id == user.pk), None)
    if mine is not None:
        mine.drill = drill
    is_open = drill.closed_at is None
    return {
        "drill": drill,
        "answers": answers,
        "answered_count": sum(1 for a in answers if a.answered_at),
        "own_answer": mine,
        "can_answer": mine is not None and policy.can_answer_drill(user, mine),
        "can_close": is_open and policy.can_close_drill(user, drill),
        "can_see_case": policy.can_view_case(user, drill.case),
        "questions": [_("What can your role contribute?"), _("How would you go about it?")],
    }
