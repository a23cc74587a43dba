"""The staff banner: the warning, on every page, that alarms cannot be delivered now.

Shown only to the roles who raise alarms and follow them through, and only looked at for them: the
pipeline check costs a broker round trip.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policy
from accounts.models import RoleName
from config import formats

from . import selectors

# Those who raise alarms and follow them through: they must know to pick up the phone instead.
WARNED_ROLES = {RoleName.COORDINATOR, RoleName.OFFICIAL, RoleName.ADMIN}


def pipeline_problems(status: selectors.Pipeline) -> list[str]:
    """Why alarms cannot be delivered, in plain words (empty when they can)."""
    if status.ok:
        return []
    problems = []
    if not status.broker_ok:
        problems.append(_("the message broker does not answer"))
    if not status.worker_ok:
        if status.worker_seen_at:
            seen = formats.clock(status.worker_seen_at)
            problems.append(_("no worker has answered the heartbeat since %(time)s") % {"time": seen})
        else:
            problems.append(_("no worker has answered the heartbeat"))
    if status.stuck:
        problems.append(
            ngettext("%(count)d message is waiting", "%(count)d messages are waiting", status.stuck)
            % {"count": status.stuck}
        )
    return problems


def staff_warning(user) -> str:
    """The reasons alarms cannot be delivered now, for those who must know; else empty."""
    if policy.role_of(user) not in WARNED_ROLES:
        return ""
    return "; ".join(pipeline_problems(selectors.pipeline()))
