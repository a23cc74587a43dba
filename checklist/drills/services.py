"""Writes for drills (the guide's workshop): start, answer, close.

A drill is a real case marked ``is_drill``: it is opened through ``establishments.services.case_create``,
so it has a coordinator and a deputy, a phase and a history like any case, and the case workspace
can be practised on it. Every list and figure of real cases leaves it out (see
``establishments.selectors.case_list``). Every participant is a user; each gets one answer row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from accounts import policy
from accounts.models import Confidentiality, RoleName, User
from accounts.selectors import region_coordinators
from actors.models import Municipality
from config import formats
from config.history import save_audited
from establishments import services as case_services
from establishments.models import Phase
from outbox.services import enqueue_on_commit

from .models import Drill, DrillAnswer
from .selectors import drill_candidates
from .tasks import notify_drill_participants

SCENARIO_MAX = 2000
ROLE_MAX = 200


def _clean_participants(participants, region) -> list[tuple[User, str]]:
    if not participants:
        raise ValidationError({"participants": _("Choose at least one participant.")})
    allowed = {c.user.pk: c.user for c in drill_candidates(region=region)}
    chosen: dict[int, tuple[User, str]] = {}
    for user, role in participants:
        role = (role or "").strip()
        if user.pk not in allowed:
            raise ValidationError(
                {"participants": _("%(name)s cannot take part in a drill of this region.") % {"name": user}}
            )
        if not role:
            raise ValidationError({"participants": _("Name the role each participant plays in the drill.")})
        if len(role) > ROLE_MAX:
            raise ValidationError(
                {"participants": _("A role is at most %(n)d characters.") % {"n": ROLE_MAX}}
            )
        chosen.setdefault(user.pk, (allowed[user.pk], role))
    return list(chosen.values())


def _deputy_for(user, region, participants: list[tuple[User, str]]):
    """A case needs a deputy other than its coordinator: a participating coordinator, else another
    coordinator of the region, else a participating official, else any other participant."""
    others = [u for u, _role in participants if u.pk != user.pk]
    for u in others:
        if policy.role_of(u) == RoleName.COORDINATOR:
            return u
    coordinator = region_coordinators([region.pk]).exclude(pk=user.pk).order_by("pk").first()
    if coordinator is not None:
        return coordinator
    others.sort(key=lambda u: policy.role_of(u) != RoleName.OFFICIAL)  # stable: officials first
    if others:
        return others[0]
    raise ValidationError(
        {
            "participants": _(
                "A drill case needs a deputy: choose at least one participant other than yourself."
            )
        }
    )


@transaction.atomic
def drill_start(
    *,
    user,
    municipality: Municipality,
    scenario: str,
    participants: Sequence[tuple[User, str]],
    now: datetime | None = None,
    notify: bool = True,
) -> Drill:
    """Start a drill in ``municipality``: a clearly marked drill case, the drill and one blank
    answer per participant (user, role label). Participants get access to the drill case: actor
    contacts through their organisation's membership, officials of other municipalities of the
    region as candidate municipalities (how the policy lets officials see a case). Unless ``notify``
    is off (the demo data), they are told by e-mail after the commit."""
    if not policy.can_start_drill(user, municipality):
        raise PermissionDenied
    now = now or timezone.now()
    scenario = (scenario or "").strip()
    if not scenario:
        raise ValidationError({"scenario": _("Describe the scenario the participants respond to.")})
    if len(scenario) > SCENARIO_MAX:
        raise ValidationError(
            {"scenario": _("The scenario is at most %(n)d characters.") % {"n": SCENARIO_MAX}}
        )
    region = municipality.region
    chosen = _clean_participants(participants, region)
    deputy = _deputy_for(user, region, chosen)
    users = [u for u, _role in chosen]
    candidates = {
        u.municipality
        for u in users
        if policy.role_of(u) == RoleName.OFFICIAL and u.municipality_id != municipality.pk
    }
    members = {u.organisation for u in users if policy.role_of(u) == RoleName.CONTACT}
    case = case_services.case_create(
        user=user,
        name=_("Drill: %(municipality)s %(date)s")
        % {"municipality": municipality.name, "date": formats.day(now)},
        lead_municipality=municipality,
        coordinator=user,
        deputy=deputy,
        description=scenario,
        confidentiality=Confidentiality.OPEN,  # a drill holds nothing secret; its participants must see it
        is_drill=True,
        candidate_municipalities=sorted(candidates, key=lambda m: m.name),
        members=sorted(members, key=lambda o: o.name),
    )
    drill = save_audited(
        Drill(case=case, municipality=municipality, scenario=scenario, started_by=user, started_at=now),
        user=user,
        reason=gettext_noop("Drill started"),
    )
    answers = [DrillAnswer(drill=drill, user=u, role=role) for u, role in chosen]
    for answer in answers:
        answer.full_clean(exclude=["drill"])
    bulk_create_with_history(
        answers, DrillAnswer, default_user=user, default_change_reason=gettext_noop("Drill started")
    )
    if notify:
        enqueue_on_commit(notify_drill_participants, drill.pk)
    return drill


@transaction.atomic
def drill_answer(
    *, user, drill: Drill, contribution: str, approach: str, now: datetime | None = None
) -> DrillAnswer:
    """Save the user's own answers to the guide's two questions, while the drill is open."""
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    answer = DrillAnswer.objects.select_for_update().filter(drill=drill, user_id=user.pk).first()
    if answer is None:
        raise PermissionDenied  # only participants answer, each their own
    if drill.closed_at is not None:
        raise ValidationError(_("The drill is closed: answers can no longer be changed."))
    answer.drill = drill
    if not policy.can_answer_drill(user, answer):
        raise PermissionDenied
    contribution, approach = (contribution or "").strip(), (approach or "").strip()
    if not contribution and not approach:
        raise ValidationError(_("Answer at least one of the two questions."))
    first = answer.answered_at is None
    answer.contribution, answer.approach = contribution, approach
    answer.answered_at = now or timezone.now()
    return save_audited(
        answer,
        user=user,
        reason=gettext_noop("Drill answered") if first else gettext_noop("Drill answer changed"),
    )


@transaction.atomic
def drill_close(*, user, drill: Drill, now: datetime | None = None) -> Drill:
    """Close the drill (its answers become read-only) and move its case to *avslutad*."""
    drill = (
        Drill.objects.select_for_update(of=("self",))
        .select_related("municipality__region", "case")
        .get(pk=drill.pk)
    )
    if not policy.can_close_drill(user, drill):
        raise PermissionDenied
    if drill.closed_at is not None:
        raise ValidationError(_("The drill is already closed."))
    drill.closed_at = now or timezone.now()
    save_audited(drill, user=user, reason=gettext_noop("Drill closed"))
    case = drill.case
    if case.phase not in {Phase.CLOSED, Phase.LOST}:
        drill.case = case_services.case_change_phase(
            case=case, user=user, phase=Phase.CLOSED, note=_("The drill is closed.")
        )
    return drill
