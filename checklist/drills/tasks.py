"""The drill's notice to its participants, sent after the drill is committed.

Celery's autodiscovery reads each app's ``tasks.py``: ``checklist/tasks.py`` imports this module so
that a worker knows the task, and the task is named after that module (a process that has not
imported it finds it by the name's module).
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Drill

logger = logging.getLogger(__name__)


@shared_task(
    name="checklist.tasks.notify_drill_participants",
    bind=True,
    max_retries=5,
    retry_backoff=True,
    retry_backoff_max=600,
)
def notify_drill_participants(self, drill_id: int) -> int:
    """E-mail every participant (but the one who started it) that a drill asks for their answers.

    Idempotent enough for a retry: a participant who has already answered is not told again.
    """
    drill = Drill.objects.select_related("municipality", "started_by").filter(pk=drill_id).first()
    if drill is None:
        logger.warning("notify_drill_participants: drill %s no longer exists", drill_id)
        return 0
    if drill.closed_at is not None:
        return 0
    recipients = list(
        drill.answers.filter(answered_at__isnull=True, user__is_active=True)
        .exclude(user_id=drill.started_by_id)
        .exclude(user__email="")
        .select_related("user")
    )
    if not recipients:
        return 0
    url = settings.SITE_URL + drill.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        mails = []
        for answer in recipients:
            context = {"drill": drill, "answer": answer, "url": url}
            subject = render_to_string("checklist/drill_email_subject.txt", context).strip()
            body = render_to_string("checklist/drill_email_body.txt", context)
            mails.append((subject, body, settings.DEFAULT_FROM_EMAIL, [answer.user.email]))
    try:
        send_mass_mail(mails)
    except OSError as exc:  # SMTP down: try again later rather than lose the notice
        raise self.retry(exc=exc) from exc
    return len(mails)
