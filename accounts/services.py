"""Writes for users: create, invite, assign role and place, deactivate (users are never deleted);
the second factor, ending sessions, lifting lockouts. Each security event is recorded (AuditEvent)."""

from __future__ import annotations

import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from outbox.services import enqueue_on_commit

from . import policy
from .models import AuditEvent, RoleName, User
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


# --- The second factor, sessions and lockouts -------------------------------------------------------

RECOVERY_CODE_COUNT = 10


def _audit(kind: str, *, by=None, user=None, detail: str = "") -> AuditEvent:
    return AuditEvent.objects.create(kind=kind, by=by, user=user, detail=detail)


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()[:16]


def second_factor_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed TOTP device for the user to add to their app (an earlier unconfirmed one
    is replaced); it counts only once a code from it has been given."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=gettext_noop("Authenticator app"), confirmed=False)


@transaction.atomic
def second_factor_confirm(*, user: User, device_id: int, code: str) -> tuple[TOTPDevice, list[str]]:
    """The user typed a code from the new device: it becomes their second factor, replacing any
    earlier one, and they get fresh recovery codes (returned, shown once)."""
    device = TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()
    if device is None:
        raise ValidationError(_("This set-up has expired or was finished elsewhere: start again."))
    if not device.verify_token(_normalise_code(code)):
        raise ValidationError(
            {"code": _("The code is wrong or too old. Type the six digits the app shows now.")}
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    _audit(AuditEvent.Kind.SECOND_FACTOR_ENROLLED, by=user, user=user)
    return device, codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=gettext_noop("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return [f"{c[:4]}-{c[4:]}" for c in codes]


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    if not policy.has_second_factor(user):
        raise ValidationError(_("Set up a second factor first."))
    codes = _replace_recovery_codes(user)
    _audit(AuditEvent.Kind.RECOVERY_CODES, by=user, user=user)
    return codes


def second_factor_check(*, user: User, code: str) -> Device | None:
    """The device that accepts ``code`` (the app's six digits or an unused recovery code, which is
    then spent), or None. Each device throttles wrong codes by itself (django-otp)."""
    token = _normalise_code(code)
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    _audit(AuditEvent.Kind.RECOVERY_CODE_USED, by=user, user=user, detail=f"left={left}")
                return device
    return None


@transaction.atomic
def second_factor_turn_off(*, user: User, password: str) -> None:
    if policy.second_factor_required(user):
        raise ValidationError(_("Your role needs a second factor: it cannot be turned off."))
    if not user.check_password(password or ""):
        raise ValidationError({"password": _("The password is wrong.")})
    _delete_devices(user)
    _audit(AuditEvent.Kind.SECOND_FACTOR_OFF, by=user, user=user)


def _delete_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def second_factor_reset(*, by, user: User) -> None:
    """An administrator removes a user's second factor (a lost phone): the user's sessions end, and
    a user whose role needs one sets up a new one at their next login."""
    if not policy.can_manage_users(by):
        raise PermissionDenied
    _delete_devices(user)
    _new_session_salt(user)
    _audit(AuditEvent.Kind.SECOND_FACTOR_RESET, by=by, user=user)


def _new_session_salt(user: User) -> None:
    user.session_salt = secrets.token_hex(16)
    User.objects.filter(pk=user.pk).update(session_salt=user.session_salt)


@transaction.atomic
def sessions_end(*, user: User) -> None:
    """Log the user out everywhere: every session of theirs, this one included, stops working."""
    _new_session_salt(user)
    _audit(AuditEvent.Kind.SESSIONS_ENDED, by=user, user=user)


def password_changed(*, user: User, by, reset: bool = False) -> None:
    """Record a password change (Django's views did the change); a reset by e-mail link also
    lifts a lockout of the user name, as the owner of the mailbox has proved who they are."""
    if reset:
        axes_reset(username=user.get_username())
    _audit(AuditEvent.Kind.PASSWORD_RESET if reset else AuditEvent.Kind.PASSWORD_CHANGED, by=by, user=user)


@transaction.atomic
def lockout_lift(*, by, username: str = "", ip_address: str = "") -> int:
    """Lift a login lockout of a user name or an address; returns the number of records cleared."""
    if not policy.can_manage_users(by):
        raise PermissionDenied
    if not username and not ip_address:
        raise ValidationError(_("Name a user name or an address."))
    cleared = axes_reset(username=username) if username else axes_reset(ip=ip_address)
    user = User.objects.filter(username=username).first() if username else None
    detail = "" if username else f"ip={ip_address}"
    _audit(AuditEvent.Kind.LOCKOUT_LIFTED, by=by, user=user, detail=detail)
    return cleared
