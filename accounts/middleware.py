"""Session limits and the second factor, applied to every request after authentication."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import policy, sessions

# What a session that owes its second factor may still reach: the second-factor pages themselves,
# logging out, the language switch, the privacy page, the health check and the metrics (WhiteNoise
# serves static files before this middleware).
OPEN_WHILE_PENDING = {
    "accounts:second_factor_verify",
    "accounts:second_factor_enrol",
    "logout",
    "set_language",
    "privacy:page",
    "health",
    "metrics",  # it answers such a session itself: 403, as for any user who may not read it
}


def _redirect(request, url: str):
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _authenticated(request) -> bool:
    """Whether the request carries a logged-in user. The session lives in the database: while it is
    down, the request goes on as anonymous (the health check must answer 503, not fail here)."""
    try:
        return request.user.is_authenticated
    except DatabaseError:
        return False


class SessionLimitMiddleware:
    """A session ends SESSION_COOKIE_AGE after login and SESSION_IDLE_SECONDS after its last request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _authenticated(request):
            now = time.time()
            why = sessions.expired(request, now)
            if why is not None:
                logout(request)
                if why == "idle":
                    messages.info(request, _("You were logged out after a while without activity."))
                else:
                    messages.info(request, _("Your session has ended: log in again."))
                login_url = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
                return _redirect(request, login_url)
            sessions.touch(request, now)
        return self.get_response(request)


class SecondFactorMiddleware:
    """A session that owes a second factor reaches only the pages that let it give one (or set one up,
    where the role needs it and the user has none yet)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Middleware runs before URL resolution: the page is resolved here to know which it is.
        owing = _authenticated(request) and sessions.owes_second_factor(request)
        if owing and _view_name(request) not in OPEN_WHILE_PENDING:
            target = "accounts:second_factor_verify"
            if not policy.has_second_factor(request.user):
                target = "accounts:second_factor_enrol"
            return _redirect(request, f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _view_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None
