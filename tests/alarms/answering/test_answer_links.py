"""The one-click answer link: signed, expiring, and bound to a message that went to a person; a
forged, expired or reused link changes nothing and says why. (The functions the link's page calls;
the page itself: test_views_answer_link.py.)"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from alarms.answering.services import AlreadyAnswered, alarm_close, recipient_answer
from alarms.core.models import AlarmEvent, AlarmKind, Recipient, Response, Step
from alarms.delivery.messages import answer_token, answer_url, delivery_from_token, render_message
from alarms.delivery.models import Delivery
from alarms.escalation.services import escalate_due
from alarms.raising.services import alarm_raise
from config import links
from tests import factories as f

# The messages are compared as msgids, whatever the Swedish catalogue says.
pytestmark = [pytest.mark.django_db, pytest.mark.english]

EXPIRED = "The link has expired. Log in to Samhandla or call the coordinator."
FORGED = "The link is not valid: it was not issued by Samhandla, or it has been altered."
GONE = "The link is not valid: the message it belongs to no longer exists."


@pytest.fixture
def delivery() -> Delivery:
    f.roster_entry("24", deputy=False)
    alarm = alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="Övning"
    )
    return alarm.deliveries.get()


def token_signed_hours_ago(delivery, hours: float) -> str:
    with mock.patch("django.core.signing.time.time", return_value=time.time() - hours * 3600):
        return answer_token(delivery)


def refusal(token) -> str:
    with pytest.raises(links.LinkError) as exc:
        delivery_from_token(token)
    return exc.value.message


def test_a_valid_link_finds_its_delivery(delivery):
    found = delivery_from_token(answer_token(delivery))

    assert found == delivery
    assert found.person == delivery.person and found.recipient == delivery.recipient


@override_settings(SITE_URL="https://samhandla.example.se")
def test_the_answer_url_is_absolute_and_carries_the_token(delivery):
    url = answer_url(delivery)

    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert url == "https://samhandla.example.se" + reverse("alarms:answer_link", args=[token])
    assert delivery_from_token(token) == delivery


def test_a_link_for_another_delivery_cannot_be_made_by_editing_it(delivery):
    token = answer_token(delivery)
    payload, rest = token.split(":", 1)
    forged_payload = signing.b64_encode(signing.JSONSerializer().dumps({"d": delivery.pk + 1})).decode()

    assert refusal(f"{forged_payload}:{rest}") == gettext(FORGED)
    assert refusal(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) == gettext(FORGED)
    assert refusal(token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")) == gettext(FORGED)
    assert refusal("not-a-token") == gettext(FORGED)


def test_a_link_signed_for_another_purpose_is_refused(delivery):
    token = signing.dumps({"d": delivery.pk}, salt="accounts.password-reset")

    assert refusal(token) == gettext(FORGED)
    assert refusal(signing.dumps({"d": delivery.pk})) == gettext(FORGED)  # the site's key, no salt


def test_an_expired_link_is_refused_and_says_so(delivery, settings):
    settings.ALARM_LINK_MAX_AGE_HOURS = 72

    assert refusal(token_signed_hours_ago(delivery, 73)) == gettext(EXPIRED)
    assert refusal(token_signed_hours_ago(delivery, 72 + 1 / 60)) == gettext(EXPIRED)  # a minute past
    assert delivery_from_token(token_signed_hours_ago(delivery, 71)) == delivery


def test_the_link_lifetime_is_a_setting(delivery, settings):
    token = token_signed_hours_ago(delivery, 2)
    settings.ALARM_LINK_MAX_AGE_HOURS = 1

    assert refusal(token) == gettext(EXPIRED)


def test_a_link_to_a_message_without_a_person_is_refused(delivery):
    """Coordinators' messages (a user, no person) carry no answer link; a token for one is refused."""
    coordinator = f.coordinator("24")
    recipient = delivery.recipient
    coordinator_delivery = Delivery.objects.create(
        alarm=delivery.alarm,
        recipient=recipient,
        user=coordinator,
        kind="email",
        target=coordinator.email,
        step=Step.COORDINATOR,
        key=f"a{delivery.alarm_id}-r{recipient.pk}-0-2-u{coordinator.pk}-email",
    )

    assert refusal(answer_token(coordinator_delivery)) == gettext(GONE)


def test_a_link_to_a_deleted_message_is_refused(delivery):
    token = answer_token(delivery)
    Delivery.objects.filter(pk=delivery.pk).delete()

    assert refusal(token) == gettext(GONE)


def test_the_coordinators_message_carries_no_answer_link(delivery):
    coordinator = f.coordinator("24")
    escalate_due(now=timezone.now() + timedelta(minutes=11))  # no deputy: to the coordinators
    to_coordinator = Delivery.objects.filter(step=Step.COORDINATOR, user=coordinator, kind="email").get()

    message = render_message(to_coordinator)

    assert message.data["answer_url"] == ""
    assert "/larm/svara/" not in message.body
    assert render_message(delivery).data["answer_url"]


def snapshot(recipient):
    r = Recipient.objects.get(pk=recipient.pk)
    events = AlarmEvent.objects.filter(alarm_id=r.alarm_id).count()
    return (r.response, r.responded_at, r.who_comes, r.reason, r.next_step_at, events)


def test_a_reused_link_changes_nothing_and_says_it_was_answered(delivery):
    d = delivery_from_token(answer_token(delivery))
    recipient_answer(recipient=d.recipient, response=Response.MOBILISING, who_comes="Anna", person=d.person)
    before = snapshot(d.recipient)

    again = delivery_from_token(answer_token(delivery))
    with pytest.raises(AlreadyAnswered) as exc:
        recipient_answer(
            recipient=again.recipient, response=Response.DECLINED, reason="Semester", person=again.person
        )
    assert "already answered" in exc.value.messages[0]
    assert snapshot(d.recipient) == before
    assert Recipient.objects.get(pk=d.recipient_id).response == Response.MOBILISING


def test_a_link_to_a_closed_alarm_changes_nothing(delivery):
    coordinator = f.coordinator("24")
    alarm_close(alarm=delivery.alarm, user=coordinator)
    before = snapshot(delivery.recipient)
    d = delivery_from_token(answer_token(delivery))
    with pytest.raises(ValidationError) as exc:
        recipient_answer(recipient=d.recipient, response=Response.MOBILISING, person=d.person)
    assert "closed" in exc.value.messages[0]
    assert snapshot(delivery.recipient) == before
