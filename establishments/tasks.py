import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User
from accounts.selectors import region_coordinators
from outbox.services import enqueue_on_commit

from . import disclosure
from .models import AccessChange, EstablishmentCase, Signal

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def notify_new_signal(self, signal_id: int) -> int:
    """E-mail the coordinators of the signal's region that a new signal waits for triage.

    Named by its subject, never by the sender's free text or the contact person; a confidential
    signal is announced without subject, company or content (``disclosure``).
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
            "subject": disclosure.signal_subject(signal, disclosure.Audience.MESSAGE),
            "url": settings.SITE_URL + signal.get_absolute_url(),
        }
        subject = render_to_string("establishments/email/new_signal_subject.txt", context).strip()
        body = render_to_string("establishments/email/new_signal_body.txt", context)
    try:
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    except OSError as exc:  # SMTP down: try again later rather than lose the notice
        raise self.retry(exc=exc) from exc
    return len(recipients)


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def notify_access_change(self, case_id: int, user_id: int, what: str) -> int:
    """Tell a case's coordinator and deputy that someone lost access to it (``what``: "grant",
    "edit", "misfit") or that the case's confidentiality was lowered by ``user_id`` ("lowered").
    The case is named as the disclosure rule allows a message to name it."""
    case = EstablishmentCase.objects.select_related("coordinator", "deputy").filter(pk=case_id).first()
    user = User.objects.filter(pk=user_id).first()
    if case is None or user is None:
        return 0
    recipients = [
        u.email
        for u in (case.coordinator, case.deputy)
        if u is not None and u.email and u.is_active and u.pk != user_id
    ]
    if not recipients:
        return 0
    last = AccessChange.objects.filter(case=case).order_by("-at", "-pk").first()
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "case_name": disclosure.case_name(case, disclosure.Audience.MESSAGE),
            "user": user,
            "what": what,
            "level": case.get_confidentiality_display(),
            "reason": last.reason if last is not None and what == "lowered" else "",
            "url": settings.SITE_URL + case.get_absolute_url(),
        }
        subject = render_to_string("establishments/email/access_change_subject.txt", context).strip()
        body = render_to_string("establishments/email/access_change_body.txt", context)
    try:
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return len(recipients)


@shared_task
def audit_access() -> int:
    """Nightly: find every grant or case role that no longer fits its holder's role and place
    (changed outside the user pages, or an organisation taken off a case), record each as an
    ``AccessChange`` of kind "misfit", log it for staff and e-mail the case's coordinator and
    deputy. Nothing is revoked here: the people responsible decide."""
    from .access import misfits  # the access module hands its own notices to this module's tasks

    found = misfits()
    for m in found:
        AccessChange.objects.create(
            case=m.case, signal=m.signal, user=m.user, change=AccessChange.Change.MISFIT, reason=m.what
        )
        logger.warning("audit_access: %s no longer fits %s (%s)", m.user.pk, m.case or m.signal, m.what)
        if m.case is not None:
            enqueue_on_commit(notify_access_change, m.case.pk, m.user.pk, "misfit")
    return len(found)
