"""Writes for users: create, invite, assign role and place, deactivate. Users are never deleted."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from outbox.services import enqueue_on_commit

from . import policy
from .models import RoleName, User
from .slots import USER_CHANGED
from .tasks import send_invitation


def _check_placement(*, role: str, region, municipality, organisation) -> None:
    errors = {}
    if role == RoleName.COORDINATOR and region is None:
        errors["region"] = _("A regional coordinator needs a region.")
    if role == RoleName.READER and region is None:
        errors["region"] = _("A reader needs a region.")
    if role == RoleName.OFFICIAL and municipality is None:
        errors["municipality"] = _("A municipal official needs a municipality.")
    if role == RoleName.CONTACT and organisation is None:
        errors["organisation"] = _("An actor contact needs an organisation.")
    if municipality is not None and region is not None and municipality.region_id != region.pk:
        errors["municipality"] = _("The municipality does not lie in the chosen region.")
    if errors:
        raise ValidationError(errors)


def _set_role(user: User, role: str) -> None:
    groups = Group.objects.filter(name__in=policy.ROLE_GROUPS)
    user.groups.remove(*groups)
    user.groups.add(Group.objects.get(name=role))
    user._samhandla_role = role


@transaction.atomic
def user_create(
    *,
    by,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
    organisation=None,
    region=None,
    municipality=None,
    password: str | None = None,
    invite: bool = False,
) -> User:
    """Create a user. With ``invite`` the user gets an e-mail to choose their own password."""
    if by is not None and not policy.can_manage_users(by):
        raise PermissionDenied
    if role not in RoleName.values:
        raise ValidationError({"role": _("Unknown role.")})
    if region is None and municipality is not None:
        region = municipality.region
    _check_placement(role=role, region=region, municipality=municipality, organisation=organisation)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        region=region,
        municipality=municipality,
        is_staff=role == RoleName.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    if invite and not email:
        raise ValidationError({"email": _("An invitation needs an e-mail address.")})
    user.full_clean(exclude=["password"])
    user._history_user = by
    user._change_reason = gettext_noop("User created")
    user.save()
    _set_role(user, role)
    if invite:
        enqueue_on_commit(send_invitation, user.pk)
    return user


@transaction.atomic
def user_update(
    *,
    by,
    user: User,
    role: str,
    organisation=None,
    region=None,
    municipality=None,
    email: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    if not policy.can_manage_users(by):
        raise PermissionDenied
    if role not in RoleName.values:
        raise ValidationError({"role": _("Unknown role.")})
    if region is None and municipality is not None:
        region = municipality.region
    _check_placement(role=role, region=region, municipality=municipality, organisation=organisation)
    if user.pk == by.pk and role != RoleName.ADMIN:
        raise ValidationError({"role": _("You cannot take the administrator role from yourself.")})
    user.email, user.first_name, user.last_name = email, first_name, last_name
    user.organisation, user.region, user.municipality = organisation, region, municipality
    user.is_staff = role == RoleName.ADMIN
    user.full_clean(exclude=["password"])
    user._history_user = by
    user._change_reason = gettext_noop("User changed")
    user.save()
    _set_role(user, role)
    _recheck(user, by)
    return user


def _recheck(user: User, by) -> None:
    """Every grant and case role the user holds is checked against their new role, place or state,
    in this transaction: what no longer fits is revoked (and recorded), or the change is refused."""
    policy.forget(user)
    for check in USER_CHANGED.values():
        check(user=user, by=by)


@transaction.atomic
def user_set_active(*, by, user: User, active: bool) -> User:
    if not policy.can_manage_users(by):
        raise PermissionDenied
    if user.pk == by.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    user.is_active = active
    user._history_user = by
    user._change_reason = gettext_noop("Reactivated") if active else gettext_noop("Deactivated")
    user.save(update_fields=["is_active"])
    _recheck(user, by)
    return user
