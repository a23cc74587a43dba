"""The page of the answer link in an alarm message (no login), and the answer given where the alarm
is listed (the start page, the inbox). The link is issued and read by ``alarms.delivery.messages``;
every answer follows the rules of ``alarms.answering.services``. (An answer given on the alarm's
own page posts to its board: ``alarms.raising.views``.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import policy
from alarms.core.models import Alarm, Recipient
from alarms.delivery.messages import delivery_from_token
from config import links
from config.views import apply_service_errors, require

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


# --- Answering where the alarm is shown: the start page and the inbox -----------------------------


def _back_to(request, recipient: Recipient) -> str:
    """Where the answer was given (the start page, the inbox), back at the alarm's card; the
    alarm's own page when ``next`` is missing or leads off the site."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        return recipient.alarm.get_absolute_url()
    return f"{target.split('#')[0]}#alarm-{recipient.alarm_id}"


@login_required
@require_POST
def answer_here(request, pk, recipient_pk):
    """An organisation's answer given on the start page or in the inbox, with the answer form and
    the rules of the alarm's own page (``AnswerForm``, ``services.recipient_answer``); the user lands
    back where they answered, with a confirmation or what was wrong."""
    # An alarm the user may not follow does not exist for them (as on its own page).
    alarm = get_object_or_404(policy.visible_alarms(request.user, Alarm.objects.all()), pk=pk)
    recipient = get_object_or_404(
        Recipient.objects.select_related("organisation"), alarm=alarm, pk=recipient_pk
    )
    recipient.alarm = alarm
    require(policy.can_answer_alarm(request.user, recipient))
    back = _back_to(request, recipient)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answered = services.recipient_answer(recipient=recipient, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The answer for %(organisation)s is recorded: %(answer)s.")
                % {"organisation": recipient.organisation, "answer": answered.get_response_display()},
            )
            return redirect(back.split("#")[0])
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, _("Nothing was recorded: %(error)s") % {"error": message})
    return redirect(back)
