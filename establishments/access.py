"""Who holds a case: grants person by person, the core team, and keeping them fitting.

Who *may* hold a case is the access policy's (``accounts.policy.may_hold_case``, ``may_hold_signal``,
``can_grant_case``); this module writes it down and keeps it true:

- ``case_grant`` / ``case_revoke``: a confidential case granted or taken back person by person,
  each recorded as an ``AccessChange`` (a grant is a django-guardian row without history of its own);
- ``misfits``: every grant or case role that no longer fits the holder's role and place (a user
  moved to another region, an organisation taken off the case, a deactivated account);
- ``settle``: revokes what no longer fits, records it and tells the case's coordinator, or refuses
  the change that caused it when it would leave a case without its coordinator or deputy;
- ``user_changed``: registered in ``accounts.slots.USER_CHANGED``, so changing a user's role, place
  or active state re-checks everything they hold, in the same transaction;
- the nightly task ``tasks.audit_access`` reports ``misfits()`` of everyone, revoking nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from guardian.shortcuts import assign_perm, remove_perm

from accounts import policy
from accounts.models import User
from outbox.services import enqueue_on_commit

from .models import (
    AccessChange,
    CaseUserObjectPermission,
    EstablishmentCase,
    Signal,
    SignalUserObjectPermission,
)
from .tasks import notify_access_change

Change = AccessChange.Change


def _record(*, user, change: str, by=None, case=None, signal=None, reason: str = "") -> AccessChange:
    return AccessChange.objects.create(
        case=case, signal=signal, user=user, change=change, by=by, reason=str(reason)[:300]
    )


# --- Granting ----------------------------------------------------------------------------------


def case_granted_users(case: EstablishmentCase):
    return User.objects.filter(
        caseuserobjectpermission__content_object=case,
        caseuserobjectpermission__permission__codename=policy.VIEW_CASE,
    ).distinct()


def grant_core_team(case: EstablishmentCase, *users) -> None:
    """The coordinator and the deputy of a confidential case always read and edit it."""
    for user in {u for u in users if u is not None}:
        assign_perm(policy.VIEW_CASE, user, case)
        assign_perm(policy.CHANGE_CASE, user, case)


def grant_signals(case: EstablishmentCase, users) -> None:
    """Who holds a case reads the signals that led to it."""
    for signal in case.signals.all():
        for user in users:
            if user is not None:
                assign_perm(policy.VIEW_SIGNAL, user, signal)


@transaction.atomic
def case_grant(*, case: EstablishmentCase, user, by, can_change: bool = False) -> None:
    """Give ``user`` access to a confidential case (and to the signals that led to it)."""
    if not case.is_confidential:
        raise ValidationError(_("Only a confidential case is granted person by person."))
    if by is None or not policy.can_grant_case(by, case):
        raise PermissionDenied
    if not policy.may_hold_case(user, case):
        raise ValidationError(
            {
                "user": _("%(user)s cannot be granted this case: their role and place do not reach it.")
                % {"user": user}
            }
        )
    if can_change and not policy.may_hold_case(user, case, change=True):
        raise ValidationError(
            {"can_change": _("%(user)s may read this case but not edit it.") % {"user": user}}
        )
    assign_perm(policy.VIEW_CASE, user, case)
    if can_change:
        assign_perm(policy.CHANGE_CASE, user, case)
    grant_signals(case, [user])
    _record(case=case, user=user, by=by, change=Change.GRANTED_EDIT if can_change else Change.GRANTED)


@transaction.atomic
def case_revoke(*, case: EstablishmentCase, user, by) -> None:
    if not policy.can_grant_case(by, case):
        raise PermissionDenied
    if user.pk in {case.coordinator_id, case.deputy_id}:
        raise ValidationError(_("The coordinator and the deputy always keep access to their case."))
    _revoke_case(case, user)
    _record(case=case, user=user, by=by, change=Change.REVOKED)


def _revoke_case(case: EstablishmentCase, user) -> None:
    remove_perm(policy.VIEW_CASE, user, case)
    remove_perm(policy.CHANGE_CASE, user, case)
    for signal in case.signals.all():
        if not policy.may_hold_signal(user, signal, through_case=False):
            remove_perm(policy.VIEW_SIGNAL, user, signal)


# --- What no longer fits -----------------------------------------------------------------------


@dataclass(frozen=True)
class Misfit:
    """A grant or case role its holder no longer fits. ``what``: "coordinator", "deputy", "grant"
    (read), "edit" (the edit right of a grant they may still read), or "signal"."""

    user: User
    what: str
    case: EstablishmentCase | None = None
    signal: Signal | None = None


def _case_holders(cases_q: Q, users_q: Q):
    """The grants narrowed by the two filters, as {(case pk, user pk): (case, user, codenames)}."""
    grants = (
        CaseUserObjectPermission.objects.filter(cases_q, users_q)
        .select_related("content_object", "user", "permission")
        .order_by("content_object_id", "user_id")
    )
    held: dict[tuple[int, int], tuple[EstablishmentCase, User, set[str]]] = {}
    for row in grants:
        key = (row.content_object_id, row.user_id)
        held.setdefault(key, (row.content_object, row.user, set()))[2].add(row.permission.codename)
    return held


def misfits(*, user=None, case=None) -> list[Misfit]:
    """Every grant and case role (of one user, of one case, or everyone's) that no longer fits."""
    users_q = Q(user=user) if user is not None else Q()
    cases_q = Q(content_object=case) if case is not None else Q()
    found: list[Misfit] = []
    teams = EstablishmentCase.objects.select_related("coordinator", "deputy")
    if case is not None:
        teams = teams.filter(pk=case.pk)
    if user is not None:
        teams = teams.filter(Q(coordinator=user) | Q(deputy=user))
    for c in teams:
        for role, holder in (("coordinator", c.coordinator), ("deputy", c.deputy)):
            if holder is None or (user is not None and holder.pk != user.pk):
                continue
            if not policy.may_hold_case(_as_self(holder, user), c, change=True):
                found.append(Misfit(user=holder, what=role, case=c))
    core = {(m.case.pk, m.user.pk) for m in found}
    for (case_pk, user_pk), (c, holder, codenames) in _case_holders(cases_q, users_q).items():
        if (case_pk, user_pk) in core or user_pk in {c.coordinator_id, c.deputy_id}:
            continue  # the core team's access follows their role on the case, checked above
        holder = _as_self(holder, user)
        if policy.VIEW_CASE in codenames and not policy.may_hold_case(holder, c):
            found.append(Misfit(user=holder, what="grant", case=c))
        elif policy.CHANGE_CASE in codenames and not policy.may_hold_case(holder, c, change=True):
            found.append(Misfit(user=holder, what="edit", case=c))
    if case is None:
        signal_grants = SignalUserObjectPermission.objects.filter(
            users_q, permission__codename=policy.VIEW_SIGNAL
        ).select_related("content_object__municipality", "content_object__case", "user")
        for row in signal_grants.order_by("content_object_id", "user_id"):
            holder = _as_self(row.user, user)
            if not policy.may_hold_signal(holder, row.content_object):
                found.append(Misfit(user=holder, what="signal", signal=row.content_object))
    return found


def _as_self(holder, user):
    """The caller's own user object where it is the same user (its cached answers are fresh)."""
    return user if user is not None and holder.pk == user.pk else holder


@transaction.atomic
def settle(found: list[Misfit], *, by, reason: str) -> list[Misfit]:
    """Revoke what no longer fits, record it and tell each case's coordinator; refuse (raise
    ``ValidationError`` naming the cases) if a case would lose its coordinator or deputy (a case
    always has both)."""
    orphaned = [m for m in found if m.what in ("coordinator", "deputy")]
    if orphaned:
        names = ", ".join(sorted({m.case.public_name for m in orphaned}))
        raise ValidationError(
            _(
                "%(user)s is the coordinator or deputy of %(cases)s, and their new role, place or account "
                "does not reach it. Ask the case's coordinator to appoint someone else first."
            )
            % {"user": orphaned[0].user, "cases": names}
        )
    for m in found:
        if m.what == "signal":
            remove_perm(policy.VIEW_SIGNAL, m.user, m.signal)
            _record(signal=m.signal, user=m.user, by=by, change=Change.REVOKED, reason=reason)
            continue
        case = m.case
        if m.what == "grant":
            _revoke_case(case, m.user)
            _record(case=case, user=m.user, by=by, change=Change.REVOKED, reason=reason)
        else:  # "edit"
            remove_perm(policy.CHANGE_CASE, m.user, case)
            _record(case=case, user=m.user, by=by, change=Change.EDIT_REVOKED, reason=reason)
        enqueue_on_commit(notify_access_change, case.pk, m.user.pk, m.what)
    return found


def user_changed(*, user, by) -> list[Misfit]:
    """After a user's role, place or active state changed: revoke what they no longer fit."""
    return settle(misfits(user=user), by=by, reason=gettext_noop("Their role, place or account changed"))


def case_changed(*, case: EstablishmentCase, by) -> list[Misfit]:
    """After a case's municipalities or member organisations changed: revoke what no longer fits."""
    return settle(misfits(case=case), by=by, reason=gettext_noop("The case's place or members changed"))
