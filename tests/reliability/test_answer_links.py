"""A forged, expired or reused acknowledgement link changes nothing and says why (the services the
link view calls; the view itself is tested with the alarm pages). Ordinary tests: no broker."""

import time
from unittest import mock

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import translation

from alarms import services
from alarms.models import AlarmEvent, AlarmKind, Delivery, Recipient, Response
from config import links
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared as msgids, whatever the Swedish catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def delivery(django_capture_on_commit_callbacks):
    f.roster_entry("24")
    with django_capture_on_commit_callbacks(execute=True):
        alarm = services.alarm_raise(
            user=f.official("2482"),
            municipality=f.municipality("2482"),
            kind=AlarmKind.DRILL,
            message="Övning",
        )
    return Delivery.objects.select_related("recipient").get(alarm=alarm)


def snapshot(recipient):
    r = Recipient.objects.get(pk=recipient.pk)
    events = AlarmEvent.objects.filter(alarm_id=r.alarm_id).count()
    return (r.response, r.responded_at, r.who_comes, r.reason, r.next_step_at, events)


def test_it_takes_a_genuine_link_to_its_delivery(delivery):
    assert services.delivery_from_token(services.answer_token(delivery)) == delivery


def test_it_refuses_a_forged_link(delivery):
    token = services.answer_token(delivery)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    with pytest.raises(links.LinkError) as exc:
        services.delivery_from_token(forged)
    assert "not valid" in exc.value.message


def test_it_refuses_a_link_signed_for_something_else(delivery):
    """Signed with the site's key, but not as an answer link: another salt."""
    with pytest.raises(links.LinkError) as exc:
        services.delivery_from_token(signing.dumps({"d": delivery.pk}))
    assert "not valid" in exc.value.message


def test_it_refuses_an_expired_link(delivery, settings):
    issued = time.time() - (settings.ALARM_LINK_MAX_AGE_HOURS * 3600 + 60)
    with mock.patch("django.core.signing.time.time", return_value=issued):
        token = services.answer_token(delivery)
    with pytest.raises(links.LinkError) as exc:
        services.delivery_from_token(token)
    assert "expired" in exc.value.message


def test_it_refuses_a_link_whose_message_is_gone(delivery):
    token = services.answer_token(delivery)
    Delivery.objects.filter(pk=delivery.pk).delete()
    with pytest.raises(links.LinkError) as exc:
        services.delivery_from_token(token)
    assert "no longer exists" in exc.value.message


def test_a_reused_link_changes_nothing_and_says_it_was_answered(delivery):
    d = services.delivery_from_token(services.answer_token(delivery))
    services.recipient_answer(
        recipient=d.recipient, response=Response.MOBILISING, who_comes="Anna", person=d.person
    )
    before = snapshot(d.recipient)

    again = services.delivery_from_token(services.answer_token(delivery))
    with pytest.raises(services.AlreadyAnswered) as exc:
        services.recipient_answer(
            recipient=again.recipient, response=Response.DECLINED, reason="Semester", person=again.person
        )
    assert "already answered" in exc.value.messages[0]
    assert snapshot(d.recipient) == before
    assert Recipient.objects.get(pk=d.recipient_id).response == Response.MOBILISING


def test_a_link_to_a_closed_alarm_changes_nothing(delivery):
    coordinator = f.coordinator("24")
    services.alarm_close(alarm=delivery.alarm, user=coordinator)
    before = snapshot(delivery.recipient)
    d = services.delivery_from_token(services.answer_token(delivery))
    with pytest.raises(ValidationError) as exc:
        services.recipient_answer(recipient=d.recipient, response=Response.MOBILISING, person=d.person)
    assert "closed" in exc.value.messages[0]
    assert snapshot(delivery.recipient) == before
