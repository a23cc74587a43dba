"""The page of the answer link in an alarm message (no login). The link is issued and read by
``alarms.delivery.messages``; the answer follows the rules of ``alarms.answering.services``. (An
answer given in the app posts to the alarm's board: ``alarms.raising.views``.)"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import policy
from alarms.core.models import Recipient
from alarms.delivery.messages import delivery_from_token
from config import links
from config.views import apply_service_errors

from . import services
from .forms import AnswerForm


@never_cache
def answer_link(request, token):
    """The link in the alarm message: it works without logging in, shows what it answers and asks
    to confirm. A forged, expired or reused link changes nothing and says why."""
    try:
        delivery = delivery_from_token(token)
    except links.LinkError as exc:
        expired = exc.kind == links.EXPIRED
        return _link_response(request, {"error": exc.message, "expired": expired}, status=exc.status)
    if not policy.can_answer_by_link(delivery):
        message = _(
            "The link no longer answers: the person or channel it was sent to has changed. Log in to answer."
        )
        return _link_response(request, {"error": message}, status=410)
    recipient, alarm = delivery.recipient, delivery.alarm
    context = {
        "delivery": delivery,
        "alarm": alarm,
        "recipient": recipient,
        "organisation": recipient.organisation,
    }
    if not alarm.is_open:
        return _link_response(request, {**context, "closed": True})
    if recipient.has_answered:
        return _link_response(request, {**context, "answered": _answered_by(recipient)})
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recipient = services.recipient_answer(
                recipient=recipient, person=delivery.person, **form.cleaned_data
            )
        except services.AlreadyAnswered:
            recipient.refresh_from_db()
            return _link_response(request, {**context, "answered": _answered_by(recipient)})
        except ValidationError as exc:
            alarm.refresh_from_db()
            if not alarm.is_open:
                return _link_response(request, {**context, "closed": True})
            apply_service_errors(form, exc)
        else:
            return _link_response(request, {**context, "recipient": recipient, "thanks": True})
    return _link_response(request, {**context, "form": form})


def _answered_by(recipient: Recipient) -> dict:
    who = recipient.responded_by_person or recipient.responded_by_user
    return {"response": recipient.get_response_display(), "at": recipient.responded_at, "who": who}


def _link_response(request, context: dict, status: int = 200) -> HttpResponse:
    return links.link_response(request, "alarms/answer_link.html", context, status=status)
