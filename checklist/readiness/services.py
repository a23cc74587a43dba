"""Writes of the region's readiness plan: a handlingsplan item becomes a RegionalAction, and
actions are edited.

Every function is atomic, validated (``full_clean``: the owner rule is ``RegionalAction.clean``),
checked against the access policy and kept in history with who and why. Edits follow the stale-edit
rule of the case workspace (``workspace.core.versioning``): an edit names the version it was opened
at, and one made on a stale form is refused with ``StaleEdit`` rather than silently overwriting the
other person's change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import policy
from checklist.rounds.models import RoutineAnswer
from workspace.core.versioning import save_versioned

from .figure import is_counted
from .models import RegionalAction

# The fields of an action a coordinator sets; the rest (commitments) belong to the case workspace.
EDITABLE = (
    "theme",
    "title",
    "current_state",
    "target_state",
    "owner_organisation",
    "owner_person",
    "due_date",
    "status",
)


def _check_answer(answer: RoutineAnswer) -> None:
    if not is_counted(answer):
        raise ValidationError(_("Only a submitted answer can become an action; this one is still a draft."))
    if not answer.needs_plan:
        raise ValidationError(
            _(
                "This answer is Yes: the routine is in place, so there is no action plan to turn into "
                "an action."
            )
        )


@transaction.atomic
def action_from_answer(*, user, answer: RoutineAnswer, reason: str = "", **fields) -> RegionalAction:
    """A readiness action of the answer's region, born of the answer's handlingsplan (Delvis or Nej,
    submitted). ``fields``: any of ``EDITABLE``."""
    region = answer.participant.round.region
    if not policy.can_manage_rounds(user, region):
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _check_answer(answer)
    action = RegionalAction(region=region, source_answer=answer, created_by=user, **fields)
    return save_versioned(
        action, user=user, reason=reason or gettext_noop("Action created from a handlingsplan")
    )


@transaction.atomic
def action_save(
    *, user, action: RegionalAction, reason: str = "", expected_version: int | None = None
) -> RegionalAction:
    """Create or edit a readiness action as its next version. ``expected_version``: the version the
    editor opened (None: no form was opened, as in the demo data); ``StaleEdit`` if someone saved a
    newer one since."""
    if not policy.can_manage_rounds(user, action.region):
        raise PermissionDenied

    def same_region(current: RegionalAction) -> None:
        if current.region_id != action.region_id:
            raise PermissionDenied  # an action never moves to another region's plan

    if not action.pk and action.source_answer_id:
        _check_answer(action.source_answer)
    if not reason:
        reason = gettext_noop("Action changed") if action.pk else gettext_noop("Action added")
    try:
        return save_versioned(
            action, user=user, expected_version=expected_version, reason=reason, check=same_region
        )
    except RegionalAction.DoesNotExist as exc:
        raise ValidationError(_("This action no longer exists.")) from exc
