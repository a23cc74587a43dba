"""How the API knows who calls: a personal token (``Authorization: Bearer smh_…``, the rules in
``accounts.api_tokens``) or the browser's session (for the documentation page). A token acts as its
user, never more; a read-only token may only read. Failed token attempts from one address are
counted as failed logins are (``LOGIN_FAILURE_LIMIT_PER_ADDRESS`` in ``LOGIN_COOLOFF_MINUTES``):
past the limit the address is refused with 429 until the window has passed."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from accounts import api_tokens


def _failures_key(address: str | None) -> str:
    return f"api-token-failures:{address or '-'}"


def _window() -> int:
    return settings.LOGIN_COOLOFF_MINUTES * 60


def note_failure(address: str | None) -> None:
    key = _failures_key(address)
    if cache.add(key, 1, _window()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, _window())


def failures(address: str | None) -> int:
    return int(cache.get(_failures_key(address)) or 0)


class TokenAuthentication(BaseAuthentication):
    keyword = "bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.encode():
            return None
        address = get_client_ip_address(request._request)
        if failures(address) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            raise exceptions.Throttled(
                wait=_window(),
                detail=_("Too many failed token attempts from this address: wait and try again."),
            )
        if len(header) != 2:
            note_failure(address)
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer smh_…"))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raw = ""
        token = api_tokens.find(raw)
        if token is None or not api_tokens.is_valid(token):
            note_failure(address)
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        if not api_tokens.allows_address(token, address):
            note_failure(address)
            raise exceptions.AuthenticationFailed(_("The token may not be used from this address."))
        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("The token is read only."))
        api_tokens.note_use(token)
        return (token.user, token)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BrowserSession(SessionAuthentication):
    """The web session, for the documentation page's "try it out"; unsafe methods need the CSRF token,
    as every form of the web does."""
