"""Celery tasks of the routine checklist: thin, each calls one service and is safe to run twice
(reminders are marked per day by a conditional update before they go)."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def send_checklist_reminders() -> int:
    """Beat: remind the organisations that have not submitted, before the deadline, once a day."""
    return services.send_reminders()


@shared_task(bind=True, ignore_result=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def send_round_invitations(self, round_id: int) -> int:
    """After a round opens: each contact's invitation with the personal link."""
    try:
        return services.send_invitations(round_id)
    except OSError as exc:  # SMTP down: try again later rather than lose the invitations
        raise self.retry(exc=exc) from exc

# The drill notices live with the drills; imported here so a worker's autodiscovery finds them.
from .drill_tasks import notify_drill_participants  # noqa: E402, F401
