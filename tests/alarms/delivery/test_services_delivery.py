"""services.deliver: each outbox row is claimed once and sent once; transient errors retry with
backoff and a bound; permanent errors are recorded and visible at once."""

import json
import smtplib
import urllib.parse
from base64 import b64encode
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from alarms import tasks
from alarms.answering.services import alarm_close, recipient_answer
from alarms.core.models import AlarmEvent, AlarmKind, EventKind, Recipient
from alarms.delivery.messages import delivery_from_token
from alarms.delivery.models import Delivery
from alarms.delivery.services import deliver, retry_delay, sweep_outbox
from alarms.inbox.models import Notification
from alarms.raising.services import alarm_raise
from config.egress import EgressFailed
from establishments import services as case_services
from tests import factories as f

pytestmark = pytest.mark.django_db

POST = "alarms.delivery.transports.egress.post"  # the egress guard: tested in test_egress.py
SEND_MAIL = "alarms.delivery.transports.EmailMessage.send"


def raise_alarm(kind=AlarmKind.ESTABLISHMENT, **kw):
    """Raised inside the test's transaction: its on-commit publish never runs, the rows stay queued."""
    return alarm_raise(
        user=f.coordinator("24"),
        municipality=f.municipality("2482"),
        kind=kind,
        message="Batterifabrik",
        **kw,
    )


def queued(kind="email", alarm_kind=AlarmKind.ESTABLISHMENT) -> Delivery:
    user = f.contact() if kind == "inapp" else None
    f.roster_entry(
        "24",
        organisation=user.organisation if user else None,
        deputy=False,
        channels=(kind,),
        user_for_primary=user,
    )
    return raise_alarm(alarm_kind).deliveries.get()


def outcome(error) -> dict:
    """What the mocked ``post`` does: answer a status, or raise."""
    return {"side_effect": error} if isinstance(error, Exception) else {"return_value": error}


def answers(code):
    """The receiver answers ``code`` (the egress guard's ``post`` returns the status)."""
    return mock.patch(POST, autospec=True, return_value=code)


def translated(msgid):
    with translation.override("sv"):
        return gettext(msgid)


# --- Claimed once, sent once -------------------------------------------------------------------


def test_calling_deliver_twice_sends_once():
    delivery = queued("email")

    assert deliver(delivery.pk) is True
    assert deliver(delivery.pk) is False

    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT and delivery.attempts == 1
    assert delivery.sent_at is not None and delivery.claimed_at is not None


def test_a_duplicate_task_sends_nothing_twice():
    delivery = queued("email")

    tasks.deliver_batch.delay([delivery.pk])
    tasks.deliver_batch.delay([delivery.pk])
    tasks.deliver_one.delay(delivery.pk)

    assert len(mail.outbox) == 1


def test_a_delivery_claimed_by_another_worker_is_not_sent():
    delivery = queued("email")
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENDING, claimed_at=timezone.now())

    assert deliver(delivery.pk) is False

    assert mail.outbox == []
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENDING and delivery.attempts == 0


def test_the_claim_is_conditional_even_when_the_row_was_read_as_queued():
    """The read and the claim are separate statements: another worker may claim in between."""
    delivery = queued("email")
    real_filter = Delivery.objects.filter

    def claim_first(*args, **kwargs):
        if kwargs.get("state") == Delivery.State.QUEUED and "pk" in kwargs:
            Delivery.objects.all().update(state=Delivery.State.SENDING)  # the other worker
        return real_filter(*args, **kwargs)

    with mock.patch.object(Delivery.objects, "filter", side_effect=claim_first):
        assert deliver(delivery.pk) is False
    assert mail.outbox == []


@pytest.mark.parametrize("state", [Delivery.State.CANCELLED, Delivery.State.FAILED, Delivery.State.SENT])
def test_a_delivery_that_is_no_longer_queued_is_not_sent(state):
    delivery = queued("email")
    Delivery.objects.filter(pk=delivery.pk).update(state=state)

    assert deliver(delivery.pk) is False
    assert mail.outbox == []


def test_a_retry_that_is_not_yet_due_is_not_sent():
    delivery = queued("email")
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() + timedelta(seconds=30))

    assert deliver(delivery.pk) is False
    assert mail.outbox == []


def test_a_delivery_that_no_longer_exists_is_logged_and_skipped(caplog):
    assert deliver(987654) is False
    assert "987654" in caplog.text


# --- In-app ------------------------------------------------------------------------------------


def test_in_app_is_written_with_the_alarm_exactly_once():
    delivery = queued("inapp")  # in the inbox the moment the alarm is raised: no broker, no worker

    assert deliver(delivery.pk) is False  # a duplicate or replayed task writes nothing

    notification = Notification.objects.get()
    assert (notification.user, notification.alarm, notification.delivery) == (
        delivery.user,
        delivery.alarm,
        delivery,
    )
    assert notification.read_at is None
    assert "Batterifabrik" in notification.body
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT and delivery.attempts == 1


def test_a_notification_is_unique_per_delivery():
    delivery = queued("inapp")

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            user=delivery.user, alarm=delivery.alarm, delivery=delivery, title="x", body="x"
        )


def test_an_in_app_delivery_held_by_another_worker_is_not_written():
    delivery = queued("inapp")  # an escalation's in-app message goes through a worker, like this
    Notification.objects.all().delete()
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENDING)

    assert deliver(delivery.pk) is False
    assert Notification.objects.count() == 0


# --- E-mail ------------------------------------------------------------------------------------


def test_a_drill_is_marked_as_a_drill_in_the_subject_and_body():
    delivery = queued("email", AlarmKind.DRILL)

    deliver(delivery.pk)

    message = mail.outbox[0]
    assert message.subject.startswith(f"[{translated('DRILL')}]")
    assert message.body.startswith(
        translated("THIS IS A DRILL (ÖVNINGSLARM). No real establishment or closure is behind it.")
    )
    assert translated("THIS IS A DRILL.") in message.body.rstrip().splitlines()[-1]


def test_a_real_alarm_is_not_marked_as_a_drill():
    delivery = queued("email")

    deliver(delivery.pk)

    message = mail.outbox[0]
    assert message.subject.startswith(f"[{translated('ALARM')}]")
    assert translated("DRILL") not in message.subject
    assert "THIS IS A DRILL" not in message.body


@override_settings(SITE_URL="https://samhandla.example.se")
def test_the_email_carries_the_delivery_key_and_an_answer_link():
    delivery = queued("email")

    deliver(delivery.pk)

    message = mail.outbox[0]
    assert message.to == [delivery.target]
    assert message.extra_headers["Message-ID"] == f"<{delivery.key}@samhandla.example.se>"
    assert message.extra_headers["X-Samhandla-Delivery"] == delivery.key
    link = next(line for line in message.body.splitlines() if "/larm/svara/" in line)
    token = link.strip().rsplit("/", 2)[-2]
    assert link.strip().startswith("https://samhandla.example.se/larm/svara/")
    assert delivery_from_token(token) == delivery
    assert "Batterifabrik" in message.body
    assert "https://samhandla.example.se" + delivery.alarm.get_absolute_url() in message.body


def test_the_message_never_names_a_confidential_case():
    coordinator = f.coordinator("24")
    case = case_services.case_create(
        user=coordinator,
        name="Datahallen hos Hemligbolaget",
        code_name="Projekt Nordljus",
        company=f.CompanyFactory(name="Hemligbolaget AB"),
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=f.coordinator("24"),
    )
    f.roster_entry("24", deputy=False, channels=("email", "webhook"))
    alarm = alarm_raise(
        user=coordinator,
        municipality=f.municipality("2482"),
        kind="etablering",
        message="Se Samhandla",
        case=case,
    )

    with answers(200) as post:
        for delivery in alarm.deliveries.all():
            deliver(delivery.pk)

    payload = post.call_args.args[1].decode()
    # Messages leave the system: a confidential case is not named, not even by its code name.
    for text in (mail.outbox[0].subject, mail.outbox[0].body, payload):
        assert "Hemligbolaget" not in text and "Datahallen" not in text and "Projekt Nordljus" not in text


def test_a_refused_address_fails_at_once():
    delivery = queued("email")
    refused = smtplib.SMTPRecipientsRefused({delivery.target: (550, b"no such user")})

    with mock.patch(SEND_MAIL, autospec=True, side_effect=refused):
        assert deliver(delivery.pk) is False

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED and delivery.attempts == 1
    assert "refused" in delivery.error
    assert delivery.channel.last_failure == delivery.error


def test_an_unreachable_mail_server_is_retried():
    delivery = queued("email")

    with mock.patch(SEND_MAIL, autospec=True, side_effect=smtplib.SMTPServerDisconnected("gone")):
        deliver(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.QUEUED and delivery.next_attempt_at is not None


# --- Webhook and SMS ---------------------------------------------------------------------------


def test_a_webhook_gets_a_json_payload_with_an_idempotency_key():
    delivery = queued("webhook", AlarmKind.DRILL)

    with answers(200) as post:
        assert deliver(delivery.pk) is True

    post.assert_called_once()
    url, body, headers = post.call_args.args
    assert url == delivery.target
    assert headers["Content-Type"] == "application/json"
    assert headers["Idempotency-Key"] == delivery.key
    payload = json.loads(body)
    assert payload["delivery"] == delivery.key
    assert payload["alarm"] == delivery.alarm_id and payload["drill"] is True and payload["kind"] == "ovning"
    assert payload["message"] == "Batterifabrik"
    assert payload["text"].startswith(f"[{translated('DRILL')}]")
    assert "/larm/svara/" in payload["answer_url"]


@override_settings(
    SMS_GATEWAY_URL="https://sms.example.se/a1/sms",
    SMS_GATEWAY_USER="u123",
    SMS_GATEWAY_PASSWORD="hemligt",
    SMS_SENDER="Samhandla",
)
def test_an_sms_is_a_form_post_to_the_gateway_with_basic_auth():
    delivery = queued("sms", AlarmKind.DRILL)

    with answers(200) as post:
        assert deliver(delivery.pk) is True

    url, body, headers = post.call_args.args
    assert url == "https://sms.example.se/a1/sms"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert headers["Authorization"] == "Basic " + b64encode(b"u123:hemligt").decode()
    form = urllib.parse.parse_qs(body.decode())
    assert form["to"] == ["+46701234567"] and form["from"] == ["Samhandla"]
    assert form["reference"] == [delivery.key]
    assert form["message"][0].startswith(translated("DRILL"))
    assert "/larm/svara/" in form["message"][0]


def test_an_sms_waiting_when_the_gateway_is_switched_off_fails_at_once():
    with override_settings(SMS_GATEWAY_URL="https://sms.example.se/a1/sms"):
        delivery = queued("sms")

    with answers(200) as post:
        assert deliver(delivery.pk) is False

    post.assert_not_called()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED and "SMS" in delivery.error


# --- Errors: transient and permanent -----------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [500, 503, 429, EgressFailed("refused"), EgressFailed("the deadline passed")],
    ids=["500", "503", "429", "unreachable", "timeout"],
)
def test_a_transient_error_is_queued_again_with_backoff(settings, error, django_capture_on_commit_callbacks):
    settings.ALARM_RETRY_BASE_SECONDS = 10
    delivery = queued("webhook")
    before = timezone.now()

    with (
        mock.patch(POST, autospec=True, **outcome(error)),
        mock.patch("alarms.tasks.deliver_one.apply_async", autospec=True) as retry,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert deliver(delivery.pk) is False

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.QUEUED and delivery.attempts == 1
    assert (
        before + timedelta(seconds=10) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=10)
    )
    assert delivery.error == translated("The receiver did not answer.")
    retry.assert_called_once_with(args=[delivery.pk], countdown=10, retry=False)
    assert delivery.channel.last_failure == ""  # not given up yet
    assert not AlarmEvent.objects.filter(kind=EventKind.FAILED).exists()


@pytest.mark.parametrize("code", [400, 401, 403, 404, 410])
def test_a_permanent_error_fails_at_once(code):
    delivery = queued("webhook")

    with (
        answers(code),
        mock.patch("alarms.tasks.deliver_one.apply_async", autospec=True) as retry,
    ):
        assert deliver(delivery.pk) is False

    retry.assert_not_called()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED and delivery.attempts == 1
    # What users see (the delivery, the channel, the timeline) says no more than this:
    assert delivery.error == translated("The receiver did not answer.")
    event = AlarmEvent.objects.get(kind=EventKind.FAILED)
    assert (event.alarm, event.recipient, event.person) == (
        delivery.alarm,
        delivery.recipient,
        delivery.person,
    )
    assert str(code) not in event.text and translated("The receiver did not answer.") in event.text
    channel = delivery.channel
    assert channel.last_failure == delivery.error and channel.last_failure_at is not None


def test_it_gives_up_after_the_maximum_number_of_attempts(settings):
    settings.ALARM_MAX_ATTEMPTS = 3
    delivery = queued("webhook")

    with answers(503) as post:
        for _attempt in range(5):
            Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.QUEUED).update(
                next_attempt_at=timezone.now() - timedelta(seconds=1)
            )
            deliver(delivery.pk)

    assert post.call_count == 3
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED and delivery.attempts == 3
    assert delivery.error == translated("The receiver did not answer.")
    assert AlarmEvent.objects.filter(kind=EventKind.FAILED, recipient=delivery.recipient).count() == 1
    delivery.channel.refresh_from_db()
    assert delivery.channel.last_failure == delivery.error


def test_the_backoff_doubles_and_is_bounded(settings):
    settings.ALARM_RETRY_BASE_SECONDS = 10

    assert [retry_delay(n) for n in (1, 2, 3, 4, 5, 6)] == [10, 20, 40, 80, 160, 300]


def test_a_retry_is_sent_once_it_is_due():
    delivery = queued("webhook")
    with answers(502):
        deliver(delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    with answers(200) as post:
        assert deliver(delivery.pk) is True

    post.assert_called_once()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT and delivery.attempts == 2 and delivery.error == ""


def test_a_broker_down_at_retry_time_keeps_the_retry_for_later(caplog, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from outbox.models import QueuedTask

    delivery = queued("webhook")

    with (
        answers(503),
        mock.patch(
            "alarms.tasks.deliver_one.apply_async", autospec=True, side_effect=OperationalError("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliver(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.QUEUED
    assert "the broker is unreachable" in caplog.text
    assert QueuedTask.objects.filter(task="alarms.tasks.deliver_one", args=[delivery.pk]).exists()


# --- After a success ---------------------------------------------------------------------------


def test_a_success_clears_the_channels_last_failure():
    delivery = queued("webhook")
    channel = delivery.channel
    type(channel).objects.filter(pk=channel.pk).update(
        last_failure_at=timezone.now(), last_failure="HTTP 503"
    )

    with answers(200):
        deliver(delivery.pk)

    channel.refresh_from_db()
    assert channel.last_failure == "" and channel.last_failure_at is None


def test_the_first_delivery_time_is_set_once():
    f.roster_entry("24", deputy=False, channels=("email", "webhook"))
    alarm = raise_alarm()
    first, second = alarm.deliveries.order_by("pk")
    recipient = alarm.recipients.get()

    deliver(first.pk)
    recipient.refresh_from_db()
    delivered_at = recipient.first_delivered_at
    with answers(200):
        deliver(second.pk)

    recipient.refresh_from_db()
    assert delivered_at is not None and recipient.first_delivered_at == delivered_at
    first.refresh_from_db()
    assert delivered_at == first.sent_at


def test_a_failed_delivery_does_not_count_as_delivered():
    delivery = queued("webhook")

    with answers(404):
        deliver(delivery.pk)

    assert Recipient.objects.get().first_delivered_at is None


def test_an_unexpected_error_is_retried_and_does_not_stop_the_batch(caplog):
    """A bug in one message must neither leave its row "sending" nor hold up the others."""
    f.roster_entry("24", deputy=False, channels=("webhook",))
    f.roster_entry("24", deputy=False, channels=("email",))
    alarm = raise_alarm()
    broken, fine = alarm.deliveries.order_by("pk")

    with (
        mock.patch(POST, autospec=True, side_effect=RuntimeError("bug in the transport")),
        mock.patch("alarms.tasks.deliver_one.apply_async", autospec=True),
    ):
        assert tasks.deliver_batch.delay([broken.pk, fine.pk]).get() == 1

    assert [m.to for m in mail.outbox] == [[fine.target]]
    broken.refresh_from_db()
    assert broken.state == Delivery.State.QUEUED and broken.next_attempt_at is not None
    # The user reads general words; the log has the error (it might carry an address).
    assert broken.error == translated("The message could not be sent.")
    assert "bug in the transport" in caplog.text


def test_an_unexpected_error_fails_the_delivery_after_the_maximum_attempts(settings):
    settings.ALARM_MAX_ATTEMPTS = 2
    delivery = queued("webhook")

    with mock.patch(POST, autospec=True, side_effect=RuntimeError("bug")):
        for _attempt in range(3):
            Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.QUEUED).update(next_attempt_at=None)
            deliver(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED and delivery.attempts == 2
    assert AlarmEvent.objects.filter(kind=EventKind.FAILED).count() == 1


# --- A retry is not sent once it is no longer wanted -------------------------------------------


def failed_once() -> Delivery:
    delivery = queued("webhook")
    with (
        answers(503),
        mock.patch("alarms.tasks.deliver_one.apply_async", autospec=True),
    ):
        deliver(delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    return delivery


def test_a_retry_is_not_sent_after_the_organisation_answered():
    """The row was "sending" when the answer came, so the answer could not cancel it."""
    delivery = failed_once()
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENDING)
    recipient_answer(recipient=delivery.recipient, response="mobilising", user=f.coordinator("24"))
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.QUEUED)  # the failure re-queued it

    with answers(200) as post:
        assert deliver(delivery.pk) is False

    post.assert_not_called()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.CANCELLED


def test_a_retry_is_not_sent_after_the_alarm_closed():
    delivery = failed_once()
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENDING)  # mid-send at the close
    alarm_close(alarm=delivery.alarm, user=f.coordinator("24"))
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.QUEUED)  # the failure re-queued it

    with answers(200) as post:
        assert deliver(delivery.pk) is False

    post.assert_not_called()
    assert Delivery.objects.get(pk=delivery.pk).state == Delivery.State.CANCELLED


def test_a_message_abandoned_mid_send_is_not_sent_again_after_an_answer(
    settings, django_capture_on_commit_callbacks
):
    delivery = queued("email")
    long_ago = timezone.now() - timedelta(seconds=settings.ALARM_SENDING_LEASE_SECONDS + 60)
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENDING, claimed_at=long_ago)
    recipient_answer(recipient=delivery.recipient, response="declined", reason="Nej", user=f.admin())

    with django_capture_on_commit_callbacks(execute=True):
        sweep_outbox()

    assert mail.outbox == []
    assert Delivery.objects.get(pk=delivery.pk).state == Delivery.State.CANCELLED
