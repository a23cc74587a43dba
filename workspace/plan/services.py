"""Writes for the action plan (moment 5): actions, commitments and calendar feeds.

Every function is atomic, validated, checked against the access policy and kept in history (who,
when, why). Concurrent edits are refused by version, as everywhere in the case workspace.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import policy
from accounts.models import Sharing
from config import events
from outbox.services import enqueue_on_commit
from workspace.core.services import item_delete, item_save
from workspace.core.versioning import lock_current, save_versioned

from .models import Action, CalendarFeed, CommitmentState
from .tasks import notify_commitment_proposed


@transaction.atomic
def action_save(*, user, action: Action, expected_version: int | None = None, reason: str = "") -> Action:
    """Create or edit an action. Handing an action to another organisation withdraws its commitment:
    the new owner has not agreed to anything yet."""
    if not policy.can_edit_workspace(user, action.case):
        raise PermissionDenied
    if action.pk:
        stored = Action.objects.filter(pk=action.pk).values("owner_organisation_id", "commitment").first()
        if (
            stored
            and stored["owner_organisation_id"] != action.owner_organisation_id
            and stored["commitment"] != CommitmentState.NONE
        ):
            action.commitment = CommitmentState.NONE
            action.responded_at = action.responded_by = action.proposed_at = action.proposed_by = None
            action.decline_reason = ""
    if action.commitment in {CommitmentState.PROPOSED, CommitmentState.ACCEPTED} and (
        action.sharing == Sharing.INTERNAL
    ):
        raise ValidationError(
            {
                "sharing": _(
                    "A committed action is seen by its owner: share it at least with the case members."
                )
            }
        )
    if not action.pk and not reason:
        reason = gettext_noop("Action added")
    return item_save(user=user, item=action, expected_version=expected_version, reason=reason)


@transaction.atomic
def action_delete(*, user, action: Action, expected_version: int | None = None, reason: str = "") -> None:
    item_delete(user=user, item=action, expected_version=expected_version, reason=reason)


@transaction.atomic
def action_propose(
    *, user, action: Action, expected_version: int | None = None, notify: bool = True
) -> Action:
    """Propose the action to its owning organisation; its contacts are told by e-mail once stored
    (``notify=False`` for bulk loads such as the demo data)."""
    if not policy.can_edit_workspace(user, action.case):
        raise PermissionDenied
    if not action.owner_organisation_id:
        raise ValidationError({"owner_organisation": _("Choose the organisation to propose the action to.")})
    if action.commitment in {CommitmentState.PROPOSED, CommitmentState.ACCEPTED}:
        raise ValidationError(_("This action has already been proposed."))
    if action.sharing == Sharing.INTERNAL:
        raise ValidationError(
            {
                "sharing": _(
                    "An internal action cannot be proposed: its owner would not see it. "
                    "Share it with the case members first."
                )
            }
        )
    action.commitment = CommitmentState.PROPOSED
    action.proposed_at = timezone.now()
    action.proposed_by = user
    action.responded_at = None
    action.responded_by = None
    action.decline_reason = ""
    action = item_save(
        user=user, item=action, expected_version=expected_version, reason=gettext_noop("Commitment proposed")
    )
    if notify:
        enqueue_on_commit(notify_commitment_proposed, action.pk)
    return action


@transaction.atomic
def action_respond(
    *, user, action: Action, accept: bool, reason: str = "", expected_version: int | None = None
) -> Action:
    """The owning organisation's contact accepts or declines (with a reason) a proposed action."""
    if not policy.can_respond_to_commitment(user, action):
        raise PermissionDenied
    current = lock_current(Action, action.pk, expected_version)
    if current.commitment != CommitmentState.PROPOSED:
        if current.commitment in {CommitmentState.ACCEPTED, CommitmentState.DECLINED}:
            raise ValidationError(_("This commitment has already been answered."))
        raise ValidationError(_("This action has not been proposed to your organisation."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why your organisation declines the action.")})
    current.commitment = CommitmentState.ACCEPTED if accept else CommitmentState.DECLINED
    current.responded_at = timezone.now()
    current.responded_by = user
    current.decline_reason = "" if accept else reason
    note = gettext_noop("Commitment accepted") if accept else gettext_noop("Commitment declined")
    current = save_versioned(current, user=user, expected_version=current.version, reason=note)
    events.emit("commitment.answered", action=current)
    return current


# --- Calendar feeds ----------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_create(*, user) -> CalendarFeed:
    """A new private calendar address for ``user``; any earlier one stops working."""
    if policy.role_of(user) is None:
        raise PermissionDenied
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_feed_revoke(*, user, feed: CalendarFeed) -> CalendarFeed:
    if feed.user_id != user.pk:
        raise PermissionDenied
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed
