"""The stale-edit rule, in one place: safe concurrent editing of shared records.

Every record people edit together (a case's workspace items, its members on the actor map, the
region's readiness actions) carries a ``version`` that goes up by one with each change. An edit
names the version it was opened at; if someone saved a newer version meanwhile, the edit is refused
with ``StaleEdit`` (carrying the newer version, so the form can show it), and nothing is silently
overwritten. A removal must always name the version it saw: not knowing counts as stale.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_noop

from config.history import save_audited


class StaleEdit(Exception):
    """Someone saved a newer version while this edit was open; ``current`` is that version."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


def lock_current(model, pk: int, expected_version: int | None, *, required: bool = False):
    """Lock the stored row; refuse the edit if its version is not the one the editor saw."""
    current = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is None and required:
        raise StaleEdit(current)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current)
    return current


@transaction.atomic
def save_versioned(
    obj: models.Model, *, user, expected_version: int | None = None, reason: str = "", check=None
):
    """Validate and save ``obj`` with history (who, why) as its next version.

    A new record starts at version 1. An update is checked against ``expected_version`` (None when no
    form was opened, as in a data load); ``check(current)`` then sees the locked stored row, to
    refuse a change the caller's rules forbid or to keep what the edit may not change.
    """
    if obj.pk:
        current = lock_current(type(obj), obj.pk, expected_version)
        if check is not None:
            check(current)
        obj.version = current.version + 1
    else:
        obj.version = 1
    return save_audited(obj, user=user, reason=reason)


@transaction.atomic
def delete_versioned(obj: models.Model, *, user, expected_version: int | None, reason: str = "") -> None:
    """Remove ``obj``, with history, if it is still the version the user saw."""
    lock_current(type(obj), obj.pk, expected_version, required=True)
    obj._history_user = user
    obj._change_reason = (reason or gettext_noop("Removed"))[:100]
    obj.delete()
