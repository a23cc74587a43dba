"""Writes of the region's readiness plan: a handlingsplan item becomes a RegionalAction, and
actions are edited.

Every function is atomic, validated (``full_clean``), checked against the access policy and kept
in history with who and why. An edit made on a stale form (the action changed since it was opened)
is refused rather than silently overwriting the other person's change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import policy
from config.history import save_audited

from .models import RegionalAction, RoutineAnswer
from .readiness import is_counted, latest_history_id

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


class StaleAction(ValidationError):
    """The action was changed by someone else after the form was opened."""


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
    return save_audited(
        action, user=user, reason=reason or gettext_noop("Action created from a handlingsplan")
    )


@transaction.atomic
def action_save(
    *, user, action: RegionalAction, reason: str = "", expected_history_id: int | None = None
) -> RegionalAction:
    """Create or edit a readiness action. ``expected_history_id``: the latest history entry the
    editor saw; the save is refused if the action has changed since."""
    if not policy.can_manage_rounds(user, action.region):
        raise PermissionDenied
    if action.pk:
        stored = RegionalAction.objects.select_for_update().filter(pk=action.pk).values("region_id").first()
        if stored is None:
            raise ValidationError(_("This action no longer exists."))
        if stored["region_id"] != action.region_id:
            raise PermissionDenied  # an action never moves to another region's plan
        if expected_history_id is not None and latest_history_id(action) != expected_history_id:
            raise StaleAction(
                _(
                    "Someone else changed this action after you opened it. Look at it again, then make "
                    "your change."
                )
            )
    elif action.source_answer_id:
        _check_answer(action.source_answer)
    if not reason:
        reason = gettext_noop("Action changed") if action.pk else gettext_noop("Action added")
    return save_audited(action, user=user, reason=reason)
