"""How an alarm message leaves the system: one small transport per channel kind.

Every transport has one method, ``notify(delivery, message)``, and raises ``TransportError`` when
it could not deliver; ``permanent=True`` means trying again will not help (a refused address, a
webhook that answers 4xx), anything else is retried with backoff. Each message carries the
delivery's key, so a receiving system can drop a copy sent twice after a worker crash.
"""

from __future__ import annotations

import http.client
import json
import smtplib
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage

from alarms.rosters.models import ChannelKind
from alarms.rosters.reachability import kind_available

TIMEOUT_SECONDS = 10


class TransportError(Exception):
    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.message = message
        self.permanent = permanent


@dataclass
class Message:
    """What every channel says, rendered once per delivery (see ``messages.render_message``)."""

    subject: str
    body: str
    short: str  # for SMS
    data: dict  # for webhooks


class Transport:
    kind: str = ""

    @classmethod
    def is_available(cls) -> bool:
        """Whether the channel kind can be used at all on this installation (the roster's
        reachability check asks the same rule)."""
        return kind_available(cls.kind)

    def notify(self, delivery, message: Message) -> None:
        raise NotImplementedError


class Email(Transport):
    kind = ChannelKind.EMAIL

    def notify(self, delivery, message: Message) -> None:
        domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "samhandla.local"
        email = EmailMessage(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [delivery.target],
            headers={"Message-ID": f"<{delivery.key}@{domain}>", "X-Samhandla-Delivery": delivery.key},
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise TransportError(f"The mail server refused the address: {exc}", permanent=True) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransportError(f"The mail server could not be reached: {exc}") from exc


class InApp(Transport):
    """Written by the service in the delivery's own transaction (see ``services.deliver``)."""

    kind = ChannelKind.INAPP

    def notify(self, delivery, message: Message) -> None:  # pragma: no cover - never called
        raise TransportError("In-app notifications are written by the delivery service.", permanent=True)


def _post(url: str, body: bytes, headers: dict) -> None:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        # 4xx: the receiver will not take this message, however often we try (timeouts and 429 excepted).
        permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
        raise TransportError(f"HTTP {exc.code} from the receiver", permanent=permanent) from exc
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        # HTTPException: a garbled or cut-off answer (BadStatusLine, IncompleteRead) is not an
        # OSError; uncaught it would leave the row "sending" and abort the rest of the batch.
        raise TransportError(f"The receiver could not be reached: {exc}") from exc


class Webhook(Transport):
    """A JSON POST; ``text`` is what Slack and Teams incoming webhooks show."""

    kind = ChannelKind.WEBHOOK

    def notify(self, delivery, message: Message) -> None:
        payload = {"text": f"{message.subject}\n\n{message.body}", **message.data}
        _post(
            delivery.target,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", "Idempotency-Key": delivery.key},
        )


class Sms(Transport):
    """Through an HTTP SMS gateway (46elks-style form POST with basic auth); off when not configured."""

    kind = ChannelKind.SMS

    def notify(self, delivery, message: Message) -> None:
        if not self.is_available():
            raise TransportError("No SMS gateway is configured.", permanent=True)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": delivery.key}
        if settings.SMS_GATEWAY_USER:
            credentials = f"{settings.SMS_GATEWAY_USER}:{settings.SMS_GATEWAY_PASSWORD}".encode()
            headers["Authorization"] = "Basic " + b64encode(credentials).decode()
        body = urllib.parse.urlencode(
            {
                "from": settings.SMS_SENDER,
                "to": delivery.target,
                "message": message.short,
                "reference": delivery.key,
            }
        ).encode()
        _post(settings.SMS_GATEWAY_URL, body, headers)


TRANSPORTS: dict[str, type[Transport]] = {t.kind: t for t in (Email, InApp, Webhook, Sms)}


def transport_for(kind: str) -> Transport:
    return TRANSPORTS[kind]()
