"""Rows for tests/test_access_harness.py: the outbound webhooks' pages (api/webhook_views.py), with the
users who must be refused, and what a refused request must leave unchanged.

Made on first use: an endpoint of region 24 owned by the coordinator, with one failed delivery. Who
may (accounts.policy): a region's coordinators manage its endpoints, administrators every one; an
endpoint of another region is not found (404); officials, readers and contacts have no webhooks."""

from __future__ import annotations

from django.urls import reverse

from api import webhooks
from api.models import WebhookDelivery, WebhookEndpoint
from tests.world import everyone_but

NO_WEBHOOKS = ["official", "official_other", "reader", "contact", "contact_other"]


def _endpoint(w) -> WebhookEndpoint:
    if "webhook" not in w:
        endpoint = WebhookEndpoint.objects.create(
            owner=w["coordinator"],
            region=w["coordinator"].region,
            url="https://mottagare.example.se/hook",
            description="Harness-mottagare",
            event_types=["signal.logged"],
            secret=webhooks.new_secret(),
        )
        w["webhook"] = endpoint
        w["webhook_delivery"] = WebhookDelivery.objects.create(
            endpoint=endpoint,
            message_id="msg_harness",
            event_type="signal.logged",
            payload={"type": "signal.logged"},
            state=WebhookDelivery.State.FAILED,
        )
    return w["webhook"]


def rows(w) -> list[tuple[str, str, list[str]]]:
    endpoint = _endpoint(w)
    managers_24 = ("coordinator", "deputy", "coordinator_same_region", "admin")
    refused = everyone_but(*managers_24)
    return [
        ("webhooks:list", reverse("webhooks:list"), NO_WEBHOOKS),
        ("webhooks:create", reverse("webhooks:create"), NO_WEBHOOKS),
        ("webhooks:detail", reverse("webhooks:detail", args=[endpoint.pk]), refused),
        ("webhooks:edit", reverse("webhooks:edit", args=[endpoint.pk]), refused),
        *[
            ("webhooks:action", reverse("webhooks:action", args=[endpoint.pk, action]), refused)
            for action in ("rotate", "off", "delete")
        ],
        (
            "webhooks:redeliver",
            reverse("webhooks:redeliver", args=[endpoint.pk, w["webhook_delivery"].pk]),
            refused,
        ),
    ]


def state(w):
    endpoint = WebhookEndpoint.objects.filter(pk=_endpoint(w).pk).first()
    delivery = WebhookDelivery.objects.get(pk=w["webhook_delivery"].pk)
    return (
        WebhookEndpoint.objects.count(),
        endpoint and (endpoint.secret, endpoint.is_active, endpoint.description),
        delivery.state,
    )
