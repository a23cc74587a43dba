"""What every page's header shows of the alarm chain: the inbox's unread count
(``alarms.inbox``), and the warning that alarms cannot be delivered now (``alarms.health.banner``).

Both are lazy: nothing is read until the template asks, so htmx fragments, JSON and pages of
anonymous users cost no query; the unread count is one query; the pipeline is only looked at for
the roles the warning is meant for.
"""

from __future__ import annotations

from django.utils.functional import cached_property

from .health import banner
from .inbox import selectors as inbox


class AlarmHeader:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return inbox.unread_count(self.user)

    @cached_property
    def pipeline_problem(self) -> str:
        return banner.staff_warning(self.user)


def alarms(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"alarm_header": AlarmHeader(user)}
