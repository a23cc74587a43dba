"""How an alarm message leaves the system: one small transport per channel kind.

Every transport has one method, ``notify(delivery, message)``, and raises ``TransportError`` when
it could not deliver; ``permanent=True`` means trying again will not help (a refused address, a
webhook that answers 3xx or 4xx, an address the egress guard refuses), anything else is retried
with backoff. Each message carries the delivery's key, so a receiving system can drop a copy sent
twice after a worker crash. Webhooks and the SMS gateway go through ``config.egress``: their error
is always the same generic sentence, the details are logged.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.parse
from base64 import b64encode
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage

from alarms.rosters.models import ChannelKind
from alarms.rosters.reachability import kind_available
from config import egress

logger = logging.getLogger(__name__)


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


def _post(url: str, body: bytes, headers: dict, *, key: str, allowed_hosts=()) -> None:
    """POST through the egress guard (``config.egress``): what a user is told is only ever
    ``egress.FAILED_MESSAGE``; the status, the exception and the address go to the log."""
    try:
        status = egress.post(url, body, headers, allowed_hosts=allowed_hosts)
    except egress.EgressRefused as exc:
        # The guard refused the address (at send time: a name that now points inside): permanent.
        logger.warning("delivery %s: the egress guard refused the address: %s", key, exc.detail)
        raise TransportError(str(egress.FAILED_MESSAGE), permanent=True) from exc
    except egress.EgressFailed as exc:
        logger.warning("delivery %s: no answer from the receiver: %s", key, exc)
        raise TransportError(str(egress.FAILED_MESSAGE)) from exc
    if 200 <= status < 300:
        return
    # 4xx: the receiver will not take this message, however often we try (timeouts and 429
    # excepted); a redirect is never followed and will not go away by itself either.
    permanent = 300 <= status < 500 and status not in (408, 429)
    logger.warning("delivery %s: HTTP %s from the receiver (%s)", key, status, egress.mask_url(url))
    raise TransportError(str(egress.FAILED_MESSAGE), permanent=permanent)


class Webhook(Transport):
    """A JSON POST; ``text`` is what Slack and Teams incoming webhooks show."""

    kind = ChannelKind.WEBHOOK

    def notify(self, delivery, message: Message) -> None:
        payload = {"text": f"{message.subject}\n\n{message.body}", **message.data}
        _post(
            delivery.target,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", "Idempotency-Key": delivery.key},
            key=delivery.key,
            allowed_hosts=settings.WEBHOOK_ALLOWED_HOSTS,
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
        _post(settings.SMS_GATEWAY_URL, body, headers, key=delivery.key)


TRANSPORTS: dict[str, type[Transport]] = {t.kind: t for t in (Email, InApp, Webhook, Sms)}


def transport_for(kind: str) -> Transport:
    return TRANSPORTS[kind]()
