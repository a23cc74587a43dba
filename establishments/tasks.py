import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from accounts.selectors import region_coordinators

from . import disclosure
from .models import Signal

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def notify_new_signal(self, signal_id: int) -> int:
    """E-mail the coordinators of the signal's region that a new signal waits for triage.

    A confidential signal is announced without its company or content (``disclosure``).
    """
    signal = (
        Signal.objects.select_related("municipality__region", "source_organisation")
        .filter(pk=signal_id)
        .first()
    )
    if signal is None:
        logger.warning("notify_new_signal: signal %s no longer exists", signal_id)
        return 0
    recipients = list(
        region_coordinators([signal.municipality.region_id])
        .exclude(email="")
        .exclude(pk=signal.logged_by_id)
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "signal": signal,
            "confidential": not disclosure.shows_signal(signal, disclosure.Audience.MESSAGE),
            "url": settings.SITE_URL + signal.get_absolute_url(),
        }
        subject = render_to_string("establishments/email/new_signal_subject.txt", context).strip()
        body = render_to_string("establishments/email/new_signal_body.txt", context)
    try:
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    except OSError as exc:  # SMTP down: try again later rather than lose the notice
        raise self.retry(exc=exc) from exc
    return len(recipients)
