import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def notify_new_signal(self, signal_id: int) -> int:
    """E-mail the coordinators of the signal's region that a new signal waits for triage.

    A confidential signal is announced without its company or content: e-mails leave the system.
    """
    from accounts.models import RoleName, User

    from .models import Confidentiality, Signal

    signal = (
        Signal.objects.select_related("municipality__region", "source_organisation")
        .filter(pk=signal_id)
        .first()
    )
    if signal is None:
        logger.warning("notify_new_signal: signal %s no longer exists", signal_id)
        return 0
    recipients = list(
        User.objects.filter(
            is_active=True,
            groups__name=RoleName.COORDINATOR,
            region_id=signal.municipality.region_id,
        )
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
            "confidential": signal.confidentiality == Confidentiality.CONFIDENTIAL,
            "url": settings.SITE_URL + signal.get_absolute_url(),
        }
        subject = render_to_string("establishments/email/new_signal_subject.txt", context).strip()
        body = render_to_string("establishments/email/new_signal_body.txt", context)
    try:
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    except OSError as exc:  # SMTP down: try again later rather than lose the notice
        raise self.retry(exc=exc) from exc
    return len(recipients)


# --- Action plan (moment 5) --------------------------------------------------------------------


def _action_mail_context(action) -> dict:
    """What an e-mail about an action may say: a confidential case by its code name, and no content
    of a confidential case's or an internal action's (e-mails leave the system)."""
    from .models import Sharing

    return {
        "action": action,
        "case_name": action.case.public_name,
        "confidential": action.case.is_confidential or action.sharing == Sharing.INTERNAL,
        "url": settings.SITE_URL + action.get_absolute_url(),
    }


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def notify_commitment_proposed(self, action_id: int) -> int:
    """E-mail the owning organisation's contacts that an action waits for their answer."""
    from accounts import policy
    from accounts.models import User

    from .models import Action, CommitmentState

    action = (
        Action.objects.select_related("case", "owner_organisation", "proposed_by")
        .filter(pk=action_id, commitment=CommitmentState.PROPOSED)
        .first()
    )
    if action is None or action.owner_organisation_id is None:
        return 0
    candidates = User.objects.filter(is_active=True, organisation_id=action.owner_organisation_id).exclude(
        email=""
    )
    recipients = [u.email for u in candidates if policy.can_respond_to_commitment(u, action)]
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = _action_mail_context(action)
        subject = render_to_string("establishments/email/plan_proposed_subject.txt", context).strip()
        body = render_to_string("establishments/email/plan_proposed_body.txt", context)
    try:
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return len(recipients)


@shared_task
def send_action_reminders() -> int:
    """Remind the owners (and the case's coordinator) of actions due within ACTION_REMINDER_DAYS.

    Idempotent: each action is marked with the due date it was reminded for, by a conditional
    update, before its e-mail goes; running the task again (or twice at once) sends nothing twice.
    A changed due date earns a new reminder.
    """
    from datetime import timedelta

    from django.db import transaction
    from django.db.models import F, Q
    from django.utils import timezone

    from .models import FINISHED_ACTION_STATUSES, Action, Sharing

    today = timezone.localdate()
    horizon = today + timedelta(days=settings.ACTION_REMINDER_DAYS)
    not_yet = Q(reminder_sent_for_due_date__isnull=True) | ~Q(reminder_sent_for_due_date=F("due_date"))
    due = (
        Action.objects.filter(due_date__gte=today, due_date__lte=horizon)
        .exclude(status__in=FINISHED_ACTION_STATUSES)
        .filter(not_yet)
        .select_related("case__coordinator", "owner_person__user", "owner_organisation")
    )
    sent = 0
    for action in due:
        recipients = set()
        if action.owner_person_id and action.sharing != Sharing.INTERNAL:
            # The owner may be outside the case's staff: an internal action is not mailed to them.
            person = action.owner_person
            email = person.email or (person.user.email if person.user else "")
            if email:
                recipients.add(email)
        if action.case.coordinator.email and action.case.coordinator.is_active:
            recipients.add(action.case.coordinator.email)
        with transaction.atomic():
            claimed = (
                Action.objects.filter(pk=action.pk, due_date=action.due_date)
                .filter(not_yet)
                .update(reminder_sent_for_due_date=action.due_date)
            )
            if not claimed or not recipients:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                context = {**_action_mail_context(action), "days": (action.due_date - today).days}
                subject = render_to_string("establishments/email/plan_reminder_subject.txt", context).strip()
                body = render_to_string("establishments/email/plan_reminder_body.txt", context)
            try:
                send_mass_mail(
                    [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in sorted(recipients)]
                )
            except OSError:
                # Undo the mark (the atomic block rolls back) so the next run tries again.
                logger.exception("send_action_reminders: mail failed for action %s", action.pk)
                transaction.set_rollback(True)
                continue
            sent += 1
    return sent
