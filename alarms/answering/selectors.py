"""Reads for answering."""

from __future__ import annotations

from accounts import policy
from alarms.core.models import Recipient


def answerable(user, recipients: list[Recipient]) -> list[Recipient]:
    """The alarmed organisations the user may answer for."""
    return [r for r in recipients if policy.can_answer_alarm(user, r)]
