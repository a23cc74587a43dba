"""alarms.transports: one small transport per channel kind behind ``notify(delivery, message)``;
outside calls mocked at the transport. Which errors are worth another try, and which are not."""

import http.client
import json
import smtplib
import ssl
import urllib.error
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

URLOPEN = "alarms.delivery.transports.urllib.request.urlopen"
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


def http_error(code):
    return urllib.error.HTTPError("https://hooks.example.se/x", code, "status", {}, None)


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


def test_a_webhook_is_a_json_post_with_an_idempotency_key():
    with mock.patch(URLOPEN, autospec=True) as urlopen:
        Webhook().notify(delivery(), message())

    request = urlopen.call_args.args[0]
    assert request.get_method() == "POST" and request.full_url == "https://hooks.example.se/x"
    assert request.get_header("Idempotency-key") == "a1-r2-0-0-c3"
    assert request.get_header("Content-type") == "application/json"
    payload = json.loads(request.data)
    assert payload["text"].startswith("[DRILL] Etablering, Skellefteå\n\nÖvning")  # what Slack/Teams show
    assert payload["drill"] is True and payload["delivery"] == "a1-r2-0-0-c3"
    assert urlopen.call_args.kwargs["timeout"] > 0


@pytest.mark.parametrize("code", [400, 401, 403, 404, 410, 413, 422])
def test_a_4xx_answer_is_permanent(code):
    with (
        mock.patch(URLOPEN, autospec=True, side_effect=http_error(code)),
        pytest.raises(TransportError) as exc,
    ):
        Webhook().notify(delivery(), message())
    assert exc.value.permanent and str(code) in exc.value.message


@pytest.mark.parametrize(
    "error",
    [
        http_error(429),
        http_error(500),
        http_error(502),
        http_error(503),
        urllib.error.URLError(ConnectionRefusedError("refused")),
        TimeoutError("timed out"),
        ConnectionResetError("reset"),
        http.client.RemoteDisconnected("closed"),
        http.client.IncompleteRead(b"par"),
        http.client.BadStatusLine("garbage"),
    ],
    ids=[
        "429",
        "500",
        "502",
        "503",
        "refused",
        "timeout",
        "reset",
        "disconnected",
        "incomplete-read",
        "bad-status",
    ],
)
def test_a_receiver_that_is_down_or_busy_is_worth_another_try(error):
    with mock.patch(URLOPEN, autospec=True, side_effect=error), pytest.raises(TransportError) as exc:
        Webhook().notify(delivery(), message())
    assert not exc.value.permanent


def test_a_response_cut_off_while_reading_is_worth_another_try():
    with mock.patch(URLOPEN, autospec=True) as urlopen:
        urlopen.return_value.__enter__.return_value.read.side_effect = http.client.IncompleteRead(b"")
        with pytest.raises(TransportError) as exc:
            Webhook().notify(delivery(), message())
    assert not exc.value.permanent


# --- SMS ---------------------------------------------------------------------------------------


def test_sms_is_off_when_no_gateway_is_configured(settings):
    settings.SMS_GATEWAY_URL = ""

    assert not Sms.is_available()
    with mock.patch(URLOPEN, autospec=True) as urlopen, pytest.raises(TransportError) as exc:
        Sms().notify(delivery("+46701234567"), message())
    assert exc.value.permanent
    urlopen.assert_not_called()


def test_an_sms_is_a_form_post_with_basic_auth(settings):
    settings.SMS_GATEWAY_URL = "https://api.46elks.com/a1/sms"
    settings.SMS_GATEWAY_USER, settings.SMS_GATEWAY_PASSWORD = "u0123", "secret"
    settings.SMS_SENDER = "Samhandla"

    assert Sms.is_available()
    with mock.patch(URLOPEN, autospec=True) as urlopen:
        Sms().notify(delivery("+46701234567"), message())

    request = urlopen.call_args.args[0]
    assert request.full_url == "https://api.46elks.com/a1/sms" and request.get_method() == "POST"
    assert request.get_header("Authorization") == "Basic dTAxMjM6c2VjcmV0"
    assert request.get_header("Idempotency-key") == "a1-r2-0-0-c3"
    assert urllib.parse.parse_qs(request.data.decode()) == {
        "from": ["Samhandla"],
        "to": ["+46701234567"],
        "message": [message().short],
        "reference": ["a1-r2-0-0-c3"],
    }


def test_an_sms_gateway_without_credentials_gets_no_authorization_header(settings):
    settings.SMS_GATEWAY_URL = "https://sms.internal.example.se/send"
    settings.SMS_GATEWAY_USER = ""

    with mock.patch(URLOPEN, autospec=True) as urlopen:
        Sms().notify(delivery("+46701234567"), message())

    assert urlopen.call_args.args[0].get_header("Authorization") is None


def test_a_gateway_that_refuses_the_number_is_permanent(settings):
    settings.SMS_GATEWAY_URL = "https://api.46elks.com/a1/sms"

    with (
        mock.patch(URLOPEN, autospec=True, side_effect=http_error(403)),
        pytest.raises(TransportError) as exc,
    ):
        Sms().notify(delivery("+46701234567"), message())
    assert exc.value.permanent
