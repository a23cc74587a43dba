from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import policy
from .models import AuditEvent, RoleName, User


def region_coordinators(region_ids) -> QuerySet[User]:
    """The active regional coordinators of these regions: the people told of a region's new signals,
    alarmed when nobody else answers, and asked to stand in for each other."""
    return User.objects.filter(
        is_active=True, groups__name=RoleName.COORDINATOR, region_id__in=list(region_ids)
    ).distinct()


def user_list(*, user, filters: dict | None = None) -> QuerySet[User]:
    if not policy.can_manage_users(user):
        return User.objects.none()
    filters = filters or {}
    qs = User.objects.select_related("organisation", "region", "municipality").prefetch_related(
        Prefetch("groups", queryset=Group.objects.filter(name__in=policy.ROLE_GROUPS))
    )
    if q := filters.get("q"):
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    if role := filters.get("role"):
        qs = qs.filter(groups__name=role)
    if (active := filters.get("active")) in {"0", "1"}:
        qs = qs.filter(is_active=active == "1")
    return qs.order_by("first_name", "last_name", "username")


def user_get(*, user, pk: int) -> User:
    found = user_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- The second factor, lockouts and the audit log ---------------------------------------------------


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_recovery_device(device) -> bool:
    return isinstance(device, StaticDevice)


def pending_device(*, user, pk) -> TOTPDevice | None:
    """The user's own unconfirmed TOTP device being set up, if ``pk`` names one."""
    if not pk:
        return None
    return TOTPDevice.objects.filter(user=user, pk=pk, confirmed=False).first()


def readable_key(device: TOTPDevice) -> str:
    """The TOTP secret as an app expects it typed: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def audit_events(*, user) -> QuerySet[AuditEvent]:
    """The security events of one's own account."""
    return AuditEvent.objects.filter(user=user).select_related("by")


def user_by_username(*, user, username: str) -> User | None:
    if not username:
        return None
    return user_list(user=user).filter(username=username).first()


@dataclass(frozen=True)
class Lockout:
    username: str
    ip_address: str
    failures: int
    last_attempt: datetime
    until: datetime


def lockouts(*, user) -> list[Lockout]:
    """The user names and addresses locked out now (failures within the cool-off period at or over
    their limit), most recent first; two queries whatever the number of attempts."""
    if not policy.can_manage_users(user):
        return []
    cooloff = settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cooloff)
    found = []
    limits = (
        ("username", Q(username__gt=""), settings.LOGIN_FAILURE_LIMIT),
        ("ip_address", Q(ip_address__isnull=False), settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS),
    )
    for field, present, limit in limits:
        rows = (
            recent.filter(present)
            .order_by()
            .values(field)
            .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(n__gte=limit)
        )
        for r in rows:
            found.append(
                Lockout(
                    username=r[field] if field == "username" else "",
                    ip_address=r[field] if field == "ip_address" else "",
                    failures=r["n"],
                    last_attempt=r["last"],
                    until=r["last"] + cooloff,
                )
            )
    return sorted(found, key=lambda lo: lo.last_attempt, reverse=True)


def locked_usernames(usernames) -> set[str]:
    """Which of ``usernames`` are locked out now (for the user list and page); one query."""
    threshold = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=threshold)
        .order_by()
        .values("username")
        .annotate(n=Sum("failures_since_start"))
        .filter(n__gte=settings.LOGIN_FAILURE_LIMIT)
    )
    return {r["username"] for r in rows}
