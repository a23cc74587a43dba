"""Login throttling: two limits, one per username and a higher one per address.

django-axes counts failed logins per username and per address and compares the larger count with
one limit (AXES_FAILURE_LIMIT). A municipality's officials often share one address, so the address
gets its own, higher limit (LOGIN_FAILURE_LIMIT_PER_ADDRESS): its count is scaled to the username's
limit before the two are compared.
"""

from __future__ import annotations

import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _failures(queryset) -> int:
    return queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_username = _failures(recent.filter(username=username)) if username else 0
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        limit, per_address = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        scaled = math.floor(by_address * limit / per_address)
        return max(by_username, scaled)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful login clears the user name's failures only: the address's count stays, so an
        attacker who holds one account cannot wipe the address's record by logging in with it."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


# The longest user name a login can carry (User.username); axes stores what was typed in a column of
# 255 characters, so a longer guess is counted under its first 150 characters instead of failing.
USERNAME_MAX = 150


def username_of(request, credentials: dict | None = None) -> str | None:
    """The user name a login attempt names (django-axes' AXES_USERNAME_CALLABLE)."""
    if credentials:
        name = credentials.get("username")
    else:
        name = getattr(request, "data", request.POST).get("username")
    return name[:USERNAME_MAX] if isinstance(name, str) else name
