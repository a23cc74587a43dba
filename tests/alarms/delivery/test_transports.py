"""alarms.transports: one small transport per channel kind behind ``notify(delivery, message)``;
outside calls mocked at the transport. Which errors are worth another try, and which are not; and
that a user is only ever told the same general words about a webhook or the SMS gateway."""

import json
import smtplib
import ssl
import urllib.parse
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings

from alarms.delivery.transports import (
    TRANSPORTS,
    Email,
    InApp,
    Message,
    Sms,
    TransportError,
    Webhook,
    transport_for,
)
from alarms.rosters.models import ChannelKind
from config.egress import FAILED_MESSAGE, EgressFailed, EgressRefused

POST = "alarms.delivery.transports.egress.post"
SEND_MAIL = "alarms.delivery.transports.EmailMessage.send"


def delivery(target="https://hooks.example.se/x", key="a1-r2-0-0-c3"):
    return SimpleNamespace(target=target, key=key)


def message():
    return Message(
        subject="[DRILL] Etablering, Skellefteå",
        body="Övning\n\nSvara här: https://samhandla.example.se/larm/svara/abc/",
        short="DRILL: Etablering, Skellefteå. Svara: https://samhandla.example.se/larm/svara/abc/",
        data={"alarm": 1, "drill": True, "delivery": "a1-r2-0-0-c3"},
    )


def test_every_channel_kind_has_a_transport():
    assert set(TRANSPORTS) == set(ChannelKind.values)
    assert isinstance(transport_for("email"), Email) and isinstance(transport_for("webhook"), Webhook)
    assert isinstance(transport_for("sms"), Sms) and isinstance(transport_for("inapp"), InApp)


def test_the_inbox_is_never_sent_through_a_transport():
    with pytest.raises(TransportError) as exc:
        InApp().notify(delivery(), message())
    assert exc.value.permanent


# --- E-mail ------------------------------------------------------------------------------------


@override_settings(
    SITE_URL="http://samhandla.example.se:8000/", DEFAULT_FROM_EMAIL="larm@samhandla.example.se"
)
def test_an_email_carries_the_key_as_its_message_id():
    Email().notify(delivery("anna@example.se"), message())

    (sent,) = mail.outbox
    assert sent.to == ["anna@example.se"] and sent.from_email == "larm@samhandla.example.se"
    assert sent.subject == "[DRILL] Etablering, Skellefteå"
    assert sent.extra_headers["Message-ID"] == "<a1-r2-0-0-c3@samhandla.example.se>"
    assert sent.message()["Message-ID"] == "<a1-r2-0-0-c3@samhandla.example.se>"


def test_a_refused_address_is_permanent():
    refused = smtplib.SMTPRecipientsRefused({"anna@example.se": (550, b"unknown")})

    with mock.patch(SEND_MAIL, autospec=True, side_effect=refused), pytest.raises(TransportError) as exc:
        Email().notify(delivery("anna@example.se"), message())
    assert exc.value.permanent


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("gone"),
        smtplib.SMTPDataError(451, b"try later"),
        ConnectionRefusedError("refused"),
        TimeoutError("timed out"),
        ssl.SSLError("handshake"),
    ],
    ids=["disconnected", "451", "refused", "timeout", "tls"],
)
def test_a_mail_server_that_cannot_be_reached_is_worth_another_try(error):
    with mock.patch(SEND_MAIL, autospec=True, side_effect=error), pytest.raises(TransportError) as exc:
        Email().notify(delivery("anna@example.se"), message())
    assert not exc.value.permanent


# --- Webhook -----------------------------------------------------------------------------------
# The transports go through the egress guard (config.egress.post, tested in test_egress.py): here
# it is mocked, and answers a status or raises.


def test_a_webhook_is_a_json_post_with_an_idempotency_key(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.example.se"]
    with mock.patch(POST, autospec=True, return_value=200) as post:
        Webhook().notify(delivery(), message())

    url, body, headers = post.call_args.args
    assert url == "https://hooks.example.se/x"
    assert headers["Idempotency-Key"] == "a1-r2-0-0-c3"
    assert headers["Content-Type"] == "application/json"
    assert post.call_args.kwargs["allowed_hosts"] == ["hooks.example.se"]  # the webhook allow-list
    payload = json.loads(body)
    assert payload["text"].startswith("[DRILL] Etablering, Skellefteå\n\nÖvning")  # what Slack/Teams show
    assert payload["drill"] is True and payload["delivery"] == "a1-r2-0-0-c3"


@pytest.mark.parametrize("code", [400, 401, 403, 404, 410, 413, 422, 301, 302, 307, 308])
def test_a_4xx_answer_or_a_redirect_is_permanent_and_said_in_general_words(code, caplog):
    with mock.patch(POST, autospec=True, return_value=code), pytest.raises(TransportError) as exc:
        Webhook().notify(delivery(), message())
    assert exc.value.permanent
    assert exc.value.message == str(FAILED_MESSAGE) and str(code) not in exc.value.message
    assert f"HTTP {code}" in caplog.text and "a1-r2-0-0-c3" in caplog.text  # the details: in the log


def test_an_address_the_guard_refuses_is_permanent_and_said_in_general_words(caplog):
    refused = EgressRefused("internal", code="internal", detail="hooks.example.se resolves to 10.0.0.5")
    with mock.patch(POST, autospec=True, side_effect=refused), pytest.raises(TransportError) as exc:
        Webhook().notify(delivery(), message())
    assert exc.value.permanent and exc.value.message == str(FAILED_MESSAGE)
    assert "10.0.0.5" not in exc.value.message and "10.0.0.5" in caplog.text


@pytest.mark.parametrize(
    "outcome",
    [
        429,
        408,
        500,
        502,
        503,
        EgressFailed("127.0.0.1: ConnectionRefusedError(111, 'Connection refused')"),
        EgressFailed("not resolved: hooks.example.se"),
    ],
    ids=["429", "408", "500", "502", "503", "refused", "unresolved"],
)
def test_a_receiver_that_is_down_or_busy_is_worth_another_try(outcome, caplog):
    effect = {"side_effect": outcome} if isinstance(outcome, Exception) else {"return_value": outcome}
    with mock.patch(POST, autospec=True, **effect), pytest.raises(TransportError) as exc:
        Webhook().notify(delivery(), message())
    assert not exc.value.permanent
    assert exc.value.message == str(FAILED_MESSAGE)
    assert "Connection refused" not in exc.value.message and "127.0.0.1" not in exc.value.message


# --- SMS ---------------------------------------------------------------------------------------


def test_sms_is_off_when_no_gateway_is_configured(settings):
    settings.SMS_GATEWAY_URL = ""

    assert not Sms.is_available()
    with mock.patch(POST, autospec=True) as post, pytest.raises(TransportError) as exc:
        Sms().notify(delivery("+46701234567"), message())
    assert exc.value.permanent
    post.assert_not_called()


def test_an_sms_is_a_form_post_with_basic_auth(settings):
    settings.SMS_GATEWAY_URL = "https://api.46elks.com/a1/sms"
    settings.SMS_GATEWAY_USER, settings.SMS_GATEWAY_PASSWORD = "u0123", "secret"
    settings.SMS_SENDER = "Samhandla"

    assert Sms.is_available()
    with mock.patch(POST, autospec=True, return_value=201) as post:
        Sms().notify(delivery("+46701234567"), message())

    url, body, headers = post.call_args.args
    assert url == "https://api.46elks.com/a1/sms"  # through the same egress guard as webhooks
    assert headers["Authorization"] == "Basic dTAxMjM6c2VjcmV0"
    assert headers["Idempotency-Key"] == "a1-r2-0-0-c3"
    assert urllib.parse.parse_qs(body.decode()) == {
        "from": ["Samhandla"],
        "to": ["+46701234567"],
        "message": [message().short],
        "reference": ["a1-r2-0-0-c3"],
    }


def test_an_sms_gateway_without_credentials_gets_no_authorization_header(settings):
    settings.SMS_GATEWAY_URL = "https://sms.internal.example.se/send"
    settings.SMS_GATEWAY_USER = ""

    with mock.patch(POST, autospec=True, return_value=200) as post:
        Sms().notify(delivery("+46701234567"), message())

    assert "Authorization" not in post.call_args.args[2]


def test_a_gateway_that_refuses_the_number_is_permanent(settings):
    settings.SMS_GATEWAY_URL = "https://api.46elks.com/a1/sms"

    with (
        mock.patch(POST, autospec=True, return_value=403),
        pytest.raises(TransportError) as exc,
    ):
        Sms().notify(delivery("+46701234567"), message())
    assert exc.value.permanent and exc.value.message == str(FAILED_MESSAGE)
