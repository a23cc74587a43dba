"""The staff banner: the warning, on every page, that alarms cannot be delivered now or are late.

Shown only to the roles who raise alarms and follow them through, and only looked at for them: the
pipeline check costs a broker round trip.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policy
from accounts.models import RoleName
from config import formats

from . import selectors

# Those who raise alarms and follow them through: they must know to pick up the phone instead.
WARNED_ROLES = {RoleName.COORDINATOR, RoleName.OFFICIAL, RoleName.ADMIN}


def reason_text(reason: str, status: selectors.Pipeline) -> str:
    """One reason the pipeline is degraded (``selectors.REASONS``), in plain words."""
    if reason == selectors.DATABASE_UNREACHABLE:
        return _("the database does not answer")
    if reason == selectors.BROKER_UNREACHABLE:
        return _("the message broker does not answer")
    if reason == selectors.WORKER_HEARTBEAT_STALE:
        if status.worker_seen_at:
            seen = formats.clock(status.worker_seen_at)
            return _("no worker has answered the heartbeat since %(time)s") % {"time": seen}
        return _("no worker has answered the heartbeat")
    return ngettext(
        "%(count)d message has waited more than %(seconds)d seconds to be sent",
        "%(count)d messages have waited more than %(seconds)d seconds to be sent",
        status.delayed,
    ) % {"count": status.delayed, "seconds": settings.ALARM_DELAYED_AFTER_SECONDS}


def pipeline_problems(status: selectors.Pipeline) -> list[str]:
    """Why alarms cannot be delivered now, or are late, in plain words (empty when all is well)."""
    return [reason_text(reason, status) for reason in status.reasons]


def is_warned(user) -> bool:
    """Is the user one of those told what is wrong with the pipeline (the banner, the board)?"""
    return policy.role_of(user) in WARNED_ROLES


def delay_causes(user) -> list[str]:
    """What holds messages up, for the alarm board beside its late count: the pipeline's reasons
    other than the lateness itself, for those who are told (others see the count and that the
    system keeps trying)."""
    if not is_warned(user):
        return []
    status = selectors.pipeline()
    return [reason_text(r, status) for r in status.reasons if r != selectors.DELIVERIES_DELAYED]


def staff_warning(user) -> str:
    """The reasons alarms cannot be delivered now, for those who must know; else empty."""
    if not is_warned(user):
        return ""
    return "; ".join(pipeline_problems(selectors.pipeline()))
