"""What a login session carries beyond Django's own: when it began, when it was last used, and
whether it still owes a second factor. Set once at login (``on_login``), read on every request by
``accounts.middleware``; nothing here queries the database after the login itself."""

from __future__ import annotations

import time

from django.conf import settings
from django_otp import login as otp_login
from django_otp import user_has_device

from . import policy

AUTH_AT = "_samhandla_auth_at"
SEEN_AT = "_samhandla_seen_at"
SECOND_FACTOR = "_samhandla_2fa"
PENDING = "pending"
VERIFIED = "verified"
# The last-use time is written back at most this often, so a page view rarely writes the session.
SEEN_RESOLUTION_SECONDS = 60


def on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: stamp the session; a user who has a second factor, or whose role needs
    one, owes it before anything but the second-factor pages."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    if policy.second_factor_required(user) or user_has_device(user, confirmed=True):
        request.session[SECOND_FACTOR] = PENDING
    else:
        request.session.pop(SECOND_FACTOR, None)


def owes_second_factor(request) -> bool:
    return request.session.get(SECOND_FACTOR) == PENDING


def second_factor_given(request, device) -> None:
    """The code was right: the session is verified (django-otp records the device used)."""
    otp_login(request, device)
    request.session[SECOND_FACTOR] = VERIFIED


def expired(request, now: float) -> str | None:
    """Why the session has run out ("idle" or "age"), or None while it holds."""
    started = request.session.get(AUTH_AT)
    seen = request.session.get(SEEN_AT)
    if started is not None and now - started > settings.SESSION_COOKIE_AGE:
        return "age"
    if seen is not None and now - seen > settings.SESSION_IDLE_SECONDS:
        return "idle"
    return None


def touch(request, now: float) -> None:
    seen = request.session.get(SEEN_AT)
    if seen is None or now - seen >= SEEN_RESOLUTION_SECONDS:
        request.session[SEEN_AT] = now
