"""The API's personal tokens, decided here: how one is made, what it looks like, when it is valid.

A token reads ``smh_<key id>_<secret>``. The key id (12 characters) finds the row; the secret (43
characters, 256 random bits) is compared by its SHA-256 hash in constant time and is never stored.
A token is valid while its user is active, before it expires (by default 90 days after it is made,
at most a year), until it is revoked, and only from its allowed networks if it names any. A
read-only token may only read (GET, HEAD, OPTIONS). Whoever may manage a token is the policy's
question (``policy.can_revoke_token``).
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from .models import ApiToken, AuditEvent, User

PREFIX = "smh_"
DEFAULT_DAYS = 90
MAX_DAYS = 365
MAX_NETWORKS = 20
# ``last_used_at`` is written at most this often per token, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The networks of a token's ``networks`` text; a ValidationError names what is not one."""
    networks = []
    for part in text.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is neither an IP address nor a network such as 10.20.0.0/16.")
                % {"value": part[:60]}
            ) from None
    if len(networks) > MAX_NETWORKS:
        raise ValidationError(_("At most %(n)d networks.") % {"n": MAX_NETWORKS})
    return networks


@dataclass
class Made:
    token: ApiToken
    secret: str  # the whole token, shown once


@transaction.atomic
def token_create(
    *, user: User, name: str, days: int = DEFAULT_DAYS, read_only: bool = True, networks: str = ""
) -> Made:
    if not user.is_active:
        raise ValidationError(_("An inactive user cannot have tokens."))
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS}})
    parsed = parse_networks(networks)
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        key_id=key_id,
        secret_hash=_hash(secret),
        read_only=read_only,
        networks="\n".join(str(n) for n in parsed),
        expires_at=timezone.now() + timedelta(days=days),
    )
    AuditEvent.objects.create(kind=AuditEvent.Kind.API_TOKEN_CREATED, by=user, user=user, detail=token.prefix)
    return Made(token, f"{PREFIX}{key_id}_{secret}")


@transaction.atomic
def token_revoke(*, by: User, token: ApiToken) -> ApiToken:
    from . import policy

    if not policy.can_revoke_token(by, token):
        raise ValidationError(_("You may not revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        AuditEvent.objects.create(
            kind=AuditEvent.Kind.API_TOKEN_REVOKED, by=by, user=token.user, detail=token.prefix
        )
    return token


def is_valid(token: ApiToken, *, now=None) -> bool:
    now = now or timezone.now()
    return token.revoked_at is None and token.expires_at > now and token.user.is_active


def allows_address(token: ApiToken, address: str | None) -> bool:
    if not token.networks.strip():
        return True
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in parse_networks(token.networks))


def find(raw: str) -> ApiToken | None:
    """The token a presented string is, if it is one (valid or not); None for anything else. One
    query."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    key_id, _sep, secret = raw[len(PREFIX) :].partition("_")
    if len(key_id) != 12 or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(key_id=key_id).first()
    if token is None or not constant_time_compare(token.secret_hash, _hash(secret)):
        return None
    return token


def note_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
