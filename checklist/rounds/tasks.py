"""Celery tasks of the rounds: thin, each calls one function of ``mail`` and is safe to run twice
(reminders are marked per day by a conditional update before they go).

Their names are fixed (``name=``) as they were when they lived in ``checklist/tasks.py``: Celery
beat's schedule (config/settings.py) and calls waiting in the outbox name them so.
``checklist/tasks.py`` imports this module, so that a worker's autodiscovery finds them.
"""

from celery import shared_task

from . import mail


@shared_task(name="checklist.tasks.send_checklist_reminders", ignore_result=True)
def send_checklist_reminders() -> int:
    """Beat: remind the organisations that have not submitted, before the deadline, once a day."""
    return mail.send_reminders()


@shared_task(
    name="checklist.tasks.send_round_invitations",
    bind=True,
    ignore_result=True,
    max_retries=5,
    retry_backoff=True,
    retry_backoff_max=600,
)
def send_round_invitations(self, round_id: int) -> int:
    """After a round opens: each contact's invitation with the personal link."""
    try:
        return mail.send_invitations(round_id)
    except OSError as exc:  # SMTP down: try again later rather than lose the invitations
        raise self.retry(exc=exc) from exc
