"""What an alarm message says, and the answer link it carries.

``render_message`` renders one delivery's message once for every channel (subject and body for
e-mail and the inbox, a short text for SMS, data for webhooks); a case is named only as the
disclosure rule allows for the roster (``Audience.ROSTER``). The answer link is a signed, expiring
token bound to the delivery (``config.links``): issued here with the message, read back here by
the link's page (``alarms.answering.views.answer_link``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from alarms.core.models import Question, Step
from config import links
from establishments import disclosure

from .models import Delivery
from .transports import Message

LINK_SALT = "alarms.answer-link"


def answer_token(delivery: Delivery) -> str:
    return links.issue({"d": delivery.pk}, salt=LINK_SALT)


def answer_url(delivery: Delivery) -> str:
    return settings.SITE_URL + reverse("alarms:answer_link", args=[answer_token(delivery)])


def delivery_from_token(token: str) -> Delivery:
    """The delivery an answer link was issued for; links.LinkError says why a link is refused."""
    data = links.read(token, salt=LINK_SALT, max_age=timedelta(hours=settings.ALARM_LINK_MAX_AGE_HOURS))
    if not isinstance(data, dict) or not isinstance(data.get("d"), int) or isinstance(data.get("d"), bool):
        raise links.LinkError(_("The link is not valid: the message it belongs to no longer exists."))
    delivery = (
        Delivery.objects.select_related(
            "alarm__municipality", "alarm__region", "recipient__organisation", "person"
        )
        .filter(pk=data.get("d"), person__isnull=False)
        .first()
    )
    if delivery is None:
        raise links.LinkError(_("The link is not valid: the message it belongs to no longer exists."))
    return delivery


def raised_by_label(alarm) -> str:
    """Who raised the alarm, as its message names them: the raiser's organisation (a region's
    coordinator raises for the region, an official for the municipality), else the place the
    raiser works for. Never the alarm's municipality alone: a coordinator raising an alarm about
    Skellefteå is not "Skellefteå has raised the alarm"."""
    user = alarm.raised_by
    for place in (user.organisation, user.municipality, user.region, alarm.region):
        if place is not None:
            return str(place)
    return ""


def render_message(delivery: Delivery) -> Message:
    alarm = delivery.alarm
    answerable = delivery.person_id is not None and delivery.step != Step.COORDINATOR
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "alarm": alarm,
            "drill": alarm.is_drill,
            "organisation": delivery.recipient.organisation,
            "raised_by": raised_by_label(alarm),
            "escalated": delivery.step != Step.PRIMARY,
            "step": delivery.step,
            "coordinator_step": delivery.step == Step.COORDINATOR,
            "questions": [label for _value, label in Question.choices],
            "answer_url": answer_url(delivery) if answerable else "",
            "alarm_url": settings.SITE_URL + alarm.get_absolute_url(),
            "case_name": disclosure.case_name(alarm.case, disclosure.Audience.ROSTER)
            if alarm.case_id
            else "",
        }
        subject = " ".join(render_to_string("alarms/email/alarm_subject.txt", context).split())
        body = render_to_string("alarms/email/alarm_body.txt", context)
        short = " ".join(render_to_string("alarms/email/alarm_sms.txt", context).split())
    data = {
        "alarm": alarm.pk,
        "kind": alarm.kind,
        "drill": alarm.is_drill,
        "municipality": str(alarm.municipality),
        "organisation": str(delivery.recipient.organisation),
        "message": alarm.message,
        "answer_url": context["answer_url"],
        "alarm_url": context["alarm_url"],
        "delivery": delivery.key,
    }
    return Message(subject=subject, body=body, short=short, data=data)
