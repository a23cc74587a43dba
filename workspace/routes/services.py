"""Writes for a case's contact routes (moment 4): each route and its referral steps go through
``workspace.core.services`` (permission, version, history)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from workspace.core.services import item_save
from workspace.core.versioning import StaleEdit

from .models import ContactRoute, RouteStep


@transaction.atomic
def contact_route_save(
    *, user, route: ContactRoute, expected_version: int | None = None, reason: str = ""
) -> ContactRoute:
    """Create or change a contact route (someone who has left is allowed, and warned about)."""
    return item_save(user=user, item=route, expected_version=expected_version, reason=reason)


@transaction.atomic
def contact_route_verify(*, user, route: ContactRoute, expected_version: int | None) -> ContactRoute:
    """Mark a route as checked today: the people still answer, the numbers still work."""
    route.last_verified = timezone.localdate()
    if expected_version is None:  # verifying says "this is right as I saw it": which version?
        raise StaleEdit(route)
    return item_save(
        user=user, item=route, expected_version=expected_version, reason=gettext_noop("Verified today")
    )


@transaction.atomic
def route_step_save(
    *, user, step: RouteStep, expected_version: int | None = None, reason: str = ""
) -> RouteStep:
    if step.route.case_id != step.case_id:
        raise PermissionDenied
    return item_save(user=user, item=step, expected_version=expected_version, reason=reason)
