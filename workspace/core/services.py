"""Writes for any record of a case's workspace: the permission, then the stale-edit rule
(``versioning``), then history. Every moment's services end here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import policy

from .models import CaseItem
from .versioning import delete_versioned, save_versioned


@transaction.atomic
def item_save(*, user, item: CaseItem, expected_version: int | None = None, reason: str = "") -> CaseItem:
    """Create or update any item of a case's workspace (goal, gap, route, action, journal entry…)."""
    if not policy.can_edit_workspace(user, item.case):
        raise PermissionDenied

    def keep_owner(current):
        if current.case_id != item.case_id:
            raise PermissionDenied  # an item never moves to another case
        item.created_by_id = current.created_by_id

    if not item.pk:
        item.created_by = user
    return save_versioned(item, user=user, expected_version=expected_version, reason=reason, check=keep_owner)


@transaction.atomic
def item_delete(*, user, item: CaseItem, expected_version: int | None = None, reason: str = "") -> None:
    if not policy.can_edit_workspace(user, item.case):
        raise PermissionDenied
    delete_versioned(item, user=user, expected_version=expected_version, reason=reason)


@transaction.atomic
def member_save(*, user, member, expected_version: int | None = None, reason: str = ""):
    """Save a case member (an organisation on the actor map, with its engagement) as a new version."""
    if not policy.can_edit_workspace(user, member.case):
        raise PermissionDenied

    def same_case(current):
        if current.case_id != member.case_id or current.organisation_id != member.organisation_id:
            raise PermissionDenied

    return save_versioned(
        member, user=user, expected_version=expected_version, reason=reason, check=same_case
    )
