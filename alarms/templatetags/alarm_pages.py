"""Template helpers of the alarm pages."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A time span as an alarm is measured: "42 s", "4 min 12 s", "1 h 3 min"."""
    if value is None:
        return "–"
    seconds = max(int(value.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}
    return _("%(s)d s") % {"s": seconds}
