"""The contact's personal answer link: a signed token (``config.links``) naming the participant and
the contact it was issued to, that works without an account until a fortnight after the deadline."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config import links

from .models import Participant, Round

LINK_SALT = "checklist.answer-link"
# A personal link works until the end of the deadline day and this long after: a contact who is a
# few days late can still answer while the round is open. A closed round refuses it in any case.
LINK_GRACE = timedelta(days=14)


def link_expires_at(round_: Round) -> datetime:
    """The end of the deadline day, plus the grace."""
    end_of_day = datetime.combine(round_.deadline, time.max)
    return timezone.make_aware(end_of_day) + LINK_GRACE


def answer_token(participant: Participant) -> str:
    """The contact's personal link token: signed, naming the participant and the contact it was
    issued to (a new contact makes the old link invalid)."""
    return links.issue({"p": participant.pk, "c": participant.contact_id}, salt=LINK_SALT)


def answer_url(participant: Participant) -> str:
    return settings.SITE_URL + reverse("checklist:answer_link", args=[answer_token(participant)])


def participant_from_token(token: str, *, now=None) -> Participant:
    """The participant a personal link was issued for; links.LinkError says why a link is refused.

    The signature is checked first. The link then lives until the round's deadline plus the grace,
    whenever it was issued (so a moved deadline moves it too); a closed round refuses it at once.
    """
    now = now or timezone.now()
    data = links.read(token, salt=LINK_SALT)
    pk = data.get("p")
    if not isinstance(pk, int) or isinstance(pk, bool):  # signed, but not by this kind of link
        raise links.LinkError(
            _("The link is not valid: it was not issued by Samhandla, or it has been altered.")
        )
    participant = (
        Participant.objects.select_related("round__region", "organisation", "contact").filter(pk=pk).first()
    )
    if participant is None:
        raise links.LinkError(_("The link is not valid: the round it belongs to no longer exists."))
    if participant.contact_id is None or participant.contact_id != data.get("c"):
        raise links.LinkError(
            _("The link is not valid any more: the organisation's contact for this round has changed.")
        )
    if not participant.round.is_open:
        raise links.LinkError(
            _("The round is closed: answers are no longer taken. Nothing was changed."),
            kind=links.CLOSED,
            record=participant,
        )
    if now > link_expires_at(participant.round):
        raise links.LinkError(
            _(
                "The link has expired: the round's deadline has passed. Log in to Samhandla or contact the "
                "coordinator."
            ),
            kind=links.EXPIRED,
            record=participant,
        )
    return participant
