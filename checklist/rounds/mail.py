"""The e-mail of a round: each contact's invitation with the personal link after the round opens,
and the reminders to those who have not submitted (Celery beat daily, or the coordinator's "send
reminders now"), at most once a day per organisation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import RoleName, User

from .models import Participant, Round
from .personal_link import answer_url

logger = logging.getLogger(__name__)


@dataclass
class _Mail:
    to: str
    template: str
    context: dict


def _render(mail: _Mail) -> tuple[str, str, str, list[str]]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"checklist/email/{mail.template}_subject.txt", mail.context).split()
        )
        body = render_to_string(f"checklist/email/{mail.template}_body.txt", mail.context)
    return subject, body, settings.DEFAULT_FROM_EMAIL, [mail.to]


def _mails_for(participant: Participant, template: str, org_users: list[User], today: date) -> list[_Mail]:
    """The contact gets the personal link; the organisation's Aktörskontakt users a link to the app."""
    round_ = participant.round
    base = {
        "round": round_,
        "region": round_.region,
        "organisation": participant.organisation,
        "days_left": (round_.deadline - today).days,
        "routine_count": getattr(participant, "routine_count", None) or round_.routines.count(),
        "app_url": settings.SITE_URL + reverse("checklist:answer", args=[round_.pk, participant.pk]),
    }
    mails, seen = [], set()
    contact = participant.contact
    if contact is not None and contact.email:
        seen.add(contact.email.lower())
        mails.append(
            _Mail(contact.email, template, {**base, "person": contact, "link": answer_url(participant)})
        )
    for u in org_users:
        if u.email and u.email.lower() not in seen:
            seen.add(u.email.lower())
            mails.append(_Mail(u.email, template, {**base, "person": u, "link": ""}))
    return mails


def _contact_users(org_ids) -> dict[int, list[User]]:
    """The active Aktörskontakt users of the organisations, one query."""
    users: dict[int, list[User]] = {}
    qs = (
        User.objects.filter(is_active=True, groups__name=RoleName.CONTACT, organisation_id__in=set(org_ids))
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )
    for u in qs:
        users.setdefault(u.organisation_id, []).append(u)
    return users


def send_invitations(round_id: int) -> int:
    """E-mail each participant's contact the invitation with the personal link; returns how many
    e-mails went. Run once, after the round's commit (see services.round_open)."""
    round_ = Round.objects.select_related("region").filter(pk=round_id).first()
    if round_ is None or not round_.is_open:
        logger.info("send_invitations: round %s is gone or closed", round_id)
        return 0
    today = timezone.localdate()
    participants = list(
        round_.participants.select_related("organisation", "contact", "round__region").filter(
            contact__isnull=False
        )
    )
    count = round_.routines.count()
    mails = []
    for p in participants:
        p.routine_count = count
        mails += [m for m in _mails_for(p, "invitation", [], today) if m.context.get("link")]
    if not mails:
        return 0
    send_mass_mail([_render(m) for m in mails])
    return len(mails)


def _remind(participants, today: date) -> int:
    """Remind each participant at most once a day: it is marked by a conditional update before its
    e-mails go, so a second run (or two at once) sends nothing twice. A failed send rolls the mark
    back, so the next run tries again. Returns how many participants were reminded."""
    participants = list(
        participants.select_related("round__region", "organisation", "contact").order_by("round", "pk")
    )
    if not participants:
        return 0
    org_users = _contact_users(p.organisation_id for p in participants)
    counts = {}
    reminded = 0
    not_today = Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    for p in participants:
        if p.round_id not in counts:
            counts[p.round_id] = p.round.routines.count()
        p.routine_count = counts[p.round_id]
        mails = _mails_for(p, "reminder", org_users.get(p.organisation_id, []), today)
        with transaction.atomic():
            claimed = (
                Participant.objects.filter(pk=p.pk, submitted_at__isnull=True, round__closed_at__isnull=True)
                .filter(not_today)
                .update(reminded_on=today)
            )
            if not claimed or not mails:
                continue
            try:
                send_mass_mail([_render(m) for m in mails])
            except OSError:
                logger.exception("checklist reminders: mail failed for participant %s", p.pk)
                transaction.set_rollback(True)
                continue
            reminded += 1
    return reminded


def send_reminders(today: date | None = None) -> int:
    """The daily reminders (Celery beat): open rounds whose deadline is within
    CHECKLIST_REMINDER_DAYS and not past; participants not submitted and not reminded today."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.CHECKLIST_REMINDER_DAYS)
    due = Participant.objects.filter(
        round__closed_at__isnull=True,
        round__deadline__gte=today,
        round__deadline__lte=horizon,
        submitted_at__isnull=True,
    ).filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
    return _remind(due, today)


def round_remind(*, user, round: Round, today: date | None = None) -> int:  # noqa: A002
    """ "Send reminders now": the round's coordinator chases those who have not submitted, whatever
    the deadline; still at most once a day per organisation."""
    if not policy.can_manage_rounds(user, round.region):
        raise PermissionDenied
    if not round.is_open:
        raise ValidationError(_("The round is closed: there is nobody to remind."))
    today = today or timezone.localdate()
    due = Participant.objects.filter(round=round, submitted_at__isnull=True).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    )
    return _remind(due, today)
