"""Outbound webhooks, decided here: what an event says, how it is signed, when it is sent again and
when an endpoint is turned off.

- **What**: each event (``config.events``) becomes one delivery per active endpoint of the event's
  region that subscribes to its type (and, if it names municipalities, to the event's municipality),
  written in the transaction of the change it reports. What it says of a case or a signal follows
  the disclosure rule for another system (``disclosure.Audience.SYSTEM``: a confidential case by its
  code name and nothing of its content).
- **How**: a JSON body ``{"type", "timestamp", "data"}`` signed by the Standard Webhooks scheme:
  ``webhook-id`` (the delivery's message id, the same on every attempt), ``webhook-timestamp`` (Unix
  seconds) and ``webhook-signature`` (``v1,`` + base64 of HMAC-SHA256 over ``id.timestamp.body`` with
  the endpoint's ``whsec_`` secret; while a rotated secret is still valid, a second signature with the
  old one). Sent through the outbox (``outbox.services``: a broker outage delays it, never loses it)
  and the egress guard (``config.egress``: https, public addresses only, ``WEBHOOK_ALLOWED_HOSTS``).
- **Again**: a failed attempt (no answer, 5xx, 408, 429) is retried after ``RETRY_SECONDS``; a
  refusal (another 4xx, or an address the guard refuses) is not. An endpoint that has failed for
  ``DISABLE_AFTER`` is turned off, its waiting deliveries given up, and its owner told by e-mail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alarms.models import Alarm, Recipient
from config import egress, events
from establishments.disclosure import Audience, case_name, company_name, sector, shows_content, shows_signal
from establishments.models import EstablishmentCase, Signal
from outbox.services import enqueue_many_on_commit, enqueue_on_commit

from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

RETRY_SECONDS = [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800]
DISABLE_AFTER = timedelta(days=1)
ROTATION_OVERLAP = timedelta(hours=24)  # how long the previous secret still signs after a rotation
TASK = "api.tasks.deliver_webhook"
A = Audience.SYSTEM


# --- Secrets and signatures ---------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One signature by the Standard Webhooks scheme: ``v1,<base64 HMAC-SHA256>``."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    content = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()


def headers_for(endpoint: WebhookEndpoint, message_id: str, body: bytes, *, now=None) -> dict:
    now = now or timezone.now()
    timestamp = int(now.timestamp())
    signatures = [sign(endpoint.secret, message_id, timestamp, body)]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        signatures.append(sign(endpoint.previous_secret, message_id, timestamp, body))
    return {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
        "User-Agent": "Samhandla-Webhooks/1",
    }


@transaction.atomic
def rotate_secret(endpoint: WebhookEndpoint) -> str:
    """A new secret; the old one still signs (a second signature) for ``ROTATION_OVERLAP``."""
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + ROTATION_OVERLAP
    endpoint.secret = new_secret()
    endpoint._change_reason = "secret rotated"
    endpoint.save()
    return endpoint.secret


# --- What an event says --------------------------------------------------------------------------------


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _case(case: EstablishmentCase) -> dict:
    return {
        "id": case.pk,
        "name": case_name(case, A),
        "confidentiality": case.confidentiality,
        "phase": case.phase,
        "company": company_name(case, A) or None,
        "sector": sector(case, A) or None,
        "region": case.region.code,
        "lead_municipality": case.lead_municipality.code if case.lead_municipality_id else None,
        "url": _site(case.get_absolute_url()),
    }


def _signal(signal: Signal) -> dict:
    shown = shows_signal(signal, A)
    return {
        "id": signal.pk,
        "subject": signal.subject if shown else "",
        "municipality": signal.municipality.code,
        "channel": signal.channel,
        "confidentiality": signal.confidentiality,
        "received_at": signal.received_at.isoformat(),
        "jobs": signal.jobs if shown else None,
        "url": _site(signal.get_absolute_url()),
    }


def _alarm(alarm: Alarm) -> dict:
    content = alarm.case is None or shows_content(alarm.case, A)
    return {
        "id": alarm.pk,
        "kind": alarm.kind,
        "state": alarm.state,
        "municipality": alarm.municipality.code,
        "message": alarm.message if content else "",
        "case": _case(alarm.case) if alarm.case_id else None,
        "raised_at": alarm.raised_at.isoformat(),
        "closed_at": alarm.closed_at.isoformat() if alarm.closed_at else None,
        "url": _site(alarm.get_absolute_url()),
    }


def describe(event_type: str, **objects) -> tuple[int | None, dict]:
    """(municipality id or None, the event's data) for an event; its region is ``region_of``'s."""
    if event_type == "signal.logged":
        signal = objects["signal"]
        return signal.municipality_id, {"signal": _signal(signal)}
    if event_type in ("case.created", "case.phase_changed"):
        case = objects["case"]
        data = {"case": _case(case)}
        if event_type == "case.phase_changed":
            data["previous_phase"] = objects["before"]
        return case.lead_municipality_id, data
    if event_type in ("alarm.raised", "alarm.closed"):
        alarm = objects["alarm"]
        return alarm.municipality_id, {"alarm": _alarm(alarm)}
    if event_type == "alarm.answered":
        recipient: Recipient = objects["recipient"]
        alarm = recipient.alarm
        return (
            alarm.municipality_id,
            {
                "alarm": _alarm(alarm),
                "answer": {
                    "organisation": recipient.organisation.name,
                    "response": recipient.response,
                    "responded_at": recipient.responded_at.isoformat() if recipient.responded_at else None,
                },
            },
        )
    if event_type == "commitment.answered":
        action = objects["action"]
        case = action.case
        content = shows_content(case, A, action.sharing)
        return (
            case.lead_municipality_id,
            {
                "case": _case(case),
                "action": {
                    "id": action.pk,
                    "title": action.title if content else "",
                    "organisation": action.owner_organisation.name if action.owner_organisation_id else None,
                    "commitment": action.commitment,
                    "reason": action.decline_reason if content else "",
                    "responded_at": action.responded_at.isoformat() if action.responded_at else None,
                },
            },
        )
    if event_type == "checklist.round_submitted":
        participant = objects["participant"]
        round_ = participant.round
        organisation = participant.organisation
        return organisation.municipality_id, {
            "round": {
                "id": round_.pk,
                "title": round_.title,
                "region": round_.region.code,
                "deadline": round_.deadline.isoformat(),
                "url": _site(round_.get_absolute_url()),
            },
            "organisation": {"id": organisation.pk, "name": organisation.name},
            "submitted_at": participant.submitted_at.isoformat(),
        }
    if event_type == "competence.light_changed":
        region, occupation, row = objects["region"], objects["occupation"], objects["row"]
        return None, {
            "region": region.code,
            "occupation": {"ssyk": occupation.code, "name": occupation.name_sv},
            "light": row.light.value if row else None,
            "previous_light": objects["previous"] or None,
            "years": [row.years[0].year, row.years[-1].year] if row else None,
            "demand": row.demand if row else 0,
            "secured": row.secured if row else 0,
            "planned": row.planned if row else 0,
            "shortage": row.shortage if row else False,
            "counted": "The cases that are not confidential, at the levels shared beyond their own staff.",
            "url": _site(reverse("picture:occupation", args=[region.code, occupation.code])),
        }
    raise ValueError(event_type)


@events.listen
def on_event(event_type: str, **objects) -> None:
    """The listener: one delivery per matching endpoint, in the caller's transaction."""
    endpoints = list(
        WebhookEndpoint.objects.filter(is_active=True)
        .prefetch_related("municipalities")
        .filter(region_id=region_of(event_type, **objects))
    )
    matching = [e for e in endpoints if event_type in e.event_types]
    if not matching:
        return
    municipality_id, data = describe(event_type, **objects)
    body = {"type": event_type, "timestamp": timezone.now().isoformat(), "data": data}
    rows = []
    for endpoint in matching:
        places = {m.pk for m in endpoint.municipalities.all()}
        if places and municipality_id not in places:
            continue
        rows.append(
            WebhookDelivery(
                endpoint=endpoint,
                message_id="msg_" + secrets.token_hex(12),
                event_type=event_type,
                payload=body,
                next_attempt_at=timezone.now(),
            )
        )
    created = WebhookDelivery.objects.bulk_create(rows)
    enqueue_many_on_commit(TASK, [(d.pk,) for d in created])


def region_of(event_type: str, **objects) -> int:
    """The event's region, read without describing it all (most events have no endpoint)."""
    if event_type == "signal.logged":
        return objects["signal"].municipality.region_id
    if event_type.startswith("case."):
        return objects["case"].region_id
    if event_type == "commitment.answered":
        return objects["action"].case.region_id
    if event_type == "checklist.round_submitted":
        return objects["participant"].round.region_id
    if event_type == "competence.light_changed":
        return objects["region"].pk
    alarm = objects["recipient"].alarm if event_type == "alarm.answered" else objects["alarm"]
    return alarm.region_id


# --- Sending, again, giving up ---------------------------------------------------------------------------


def deliver(delivery_id: int, *, now=None) -> str:
    """One attempt at a delivery (the task); what became of it: "delivered", "retry", "failed",
    "skipped"."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != WebhookDelivery.State.PENDING:
        return "skipped"
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        _give_up(delivery, _("The webhook is turned off."))
        return "failed"
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    started = time.monotonic()
    status, error, permanent = None, "", False
    try:
        status = egress.post(
            endpoint.url,
            body,
            headers_for(endpoint, delivery.message_id, body, now=now),
            allowed_hosts=settings.WEBHOOK_ALLOWED_HOSTS,
        )
    except egress.EgressRefused as exc:
        error, permanent = str(egress.FAILED_MESSAGE), True
        logger.warning("webhook %s: the egress guard refused the address: %s", delivery.message_id, exc)
    except egress.EgressFailed as exc:
        error = str(egress.FAILED_MESSAGE)
        logger.warning("webhook %s: no answer: %s", delivery.message_id, exc)
    duration = round((time.monotonic() - started) * 1000)
    now = now or timezone.now()
    ok = status is not None and 200 <= status < 300
    if status is not None and not ok:
        error = _("The receiver answered %(status)d.") % {"status": status}
        permanent = 300 <= status < 500 and status not in (408, 429)
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.state != WebhookDelivery.State.PENDING:
            return "skipped"
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.response_status = status
        delivery.duration_ms = duration
        delivery.error = error[:300]
        if ok:
            delivery.state, delivery.delivered_at, delivery.next_attempt_at = (
                WebhookDelivery.State.DELIVERED,
                now,
                None,
            )
            delivery.save()
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
            return "delivered"
        failing_since = endpoint.failing_since or now
        if endpoint.failing_since is None:
            WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(
                failing_since=now
            )
        if now - failing_since >= DISABLE_AFTER:
            delivery.save()
            turn_off(endpoint, _("It has not taken an event for a day."), now=now)
            return "failed"
        if permanent or delivery.attempts > len(RETRY_SECONDS):
            delivery.state, delivery.next_attempt_at = WebhookDelivery.State.FAILED, None
            delivery.save()
            return "failed"
        wait = RETRY_SECONDS[delivery.attempts - 1]
        delivery.next_attempt_at = now + timedelta(seconds=wait)
        delivery.save()
        enqueue_on_commit(TASK, delivery.pk, countdown=wait)
    return "retry"


def _give_up(delivery: WebhookDelivery, reason: str) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk, state=WebhookDelivery.State.PENDING).update(
        state=WebhookDelivery.State.FAILED, error=reason[:300], next_attempt_at=None
    )


@transaction.atomic
def turn_off(endpoint: WebhookEndpoint, reason: str, *, now=None, tell: bool = True) -> None:
    """Turn an endpoint off, give up its waiting deliveries and (``tell``) tell its owner."""
    updated = WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
        is_active=False, disabled_reason=reason[:300]
    )
    WebhookDelivery.objects.filter(endpoint=endpoint, state=WebhookDelivery.State.PENDING).update(
        state=WebhookDelivery.State.FAILED, error=reason[:300], next_attempt_at=None
    )
    if updated and tell:
        enqueue_on_commit("api.tasks.tell_owner_turned_off", endpoint.pk)


def tell_owner(endpoint_id: int) -> int:
    endpoint = WebhookEndpoint.objects.select_related("owner").filter(pk=endpoint_id).first()
    if endpoint is None or not endpoint.owner.email:
        return 0
    subject = _("Samhandla: the webhook “%(name)s” is turned off") % {"name": endpoint.description}
    body = _(
        "The webhook “%(name)s” (%(url)s) is turned off: %(reason)s\n\nCheck the receiving system, then "
        "turn the webhook on again and send the failed events again: %(link)s"
    ) % {
        "name": endpoint.description,
        "url": egress.mask_url(endpoint.url),
        "reason": endpoint.disabled_reason,
        "link": _site(endpoint.get_absolute_url()),
    }
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [endpoint.owner.email])


@transaction.atomic
def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again, as a new attempt under the same message id (receivers deduplicate by
    it): what an owner does after fixing the receiver."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.state = WebhookDelivery.State.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.error = ""
    delivery.save()
    enqueue_on_commit(TASK, delivery.pk)
    return delivery
