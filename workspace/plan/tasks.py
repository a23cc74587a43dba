"""E-mails of the action plan: a commitment proposed to an organisation, and reminders of due dates."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts import policy
from accounts.models import Sharing, User
from establishments import disclosure

from .models import FINISHED_ACTION_STATUSES, Action, CommitmentState

logger = logging.getLogger(__name__)


def _action_mail_context(action) -> dict:
    """What an e-mail about an action may say (``establishments.disclosure``, to named people)."""
    return {
        "action": action,
        "case_name": disclosure.case_name(action.case, disclosure.Audience.MESSAGE),
        "confidential": not disclosure.shows_content(
            action.case, disclosure.Audience.MESSAGE, action.sharing
        ),
        "url": settings.SITE_URL + action.get_absolute_url(),
    }


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def notify_commitment_proposed(self, action_id: int) -> int:
    """E-mail the owning organisation's contacts that an action waits for their answer."""
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
        subject = render_to_string("workspace/email/plan_proposed_subject.txt", context).strip()
        body = render_to_string("workspace/email/plan_proposed_body.txt", context)
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
                subject = render_to_string("workspace/email/plan_reminder_subject.txt", context).strip()
                body = render_to_string("workspace/email/plan_reminder_body.txt", context)
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
