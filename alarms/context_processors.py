"""What every page's header shows of the alarm chain: how many alarms still wait for the answer of
the user's organisation and how many notices are unread (``alarms.inbox``: two different counts),
and the warning that alarms cannot be delivered now (``alarms.health.banner``).

All are lazy: nothing is read until the template asks, so htmx fragments, JSON and pages of
anonymous users cost no query; both counts are read in one query; the pipeline is only looked at
for the roles the warning is meant for.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import cached_property

from .health import banner
from .inbox import selectors as inbox


class AlarmHeader:
    def __init__(self, user):
        self.user = user

    @cached_property
    def inbox_url(self) -> str:
        """For templates/includes/inbox_link.html: a template of the bottom layer names no app's URL."""
        return reverse("alarms:inbox")

    @cached_property
    def _counts(self) -> tuple[int, int]:
        return inbox.header_counts(self.user)

    @property
    def unread(self) -> int:
        return self._counts[0]

    @property
    def awaiting(self) -> int:
        """Alarms waiting for the answer of the user's organisation: opening them does not count."""
        return self._counts[1]

    @cached_property
    def pipeline_problem(self) -> str:
        return banner.staff_warning(self.user)


def alarms(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"alarm_header": AlarmHeader(user)}
