"""Writes of the outbound webhooks' endpoints: subscribing, changing, turning on and off, removing.
Each asks the policy first; the endpoint's history keeps who changed what (never its secret)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import policy

from . import webhooks
from .models import WebhookDelivery, WebhookEndpoint


def _may(user, endpoint: WebhookEndpoint) -> None:
    if (
        not policy.can_manage_webhooks(user)
        or not policy.visible_webhooks(user, WebhookEndpoint.objects.filter(pk=endpoint.pk)).exists()
    ):
        raise PermissionDenied


@transaction.atomic
def endpoint_create(*, user, endpoint: WebhookEndpoint, municipalities) -> tuple[WebhookEndpoint, str]:
    """Subscribe an endpoint; returns it and its secret (shown once)."""
    if (
        not policy.can_manage_webhooks(user)
        or not policy.webhook_regions(
            user, type(endpoint.region).objects.filter(pk=endpoint.region_id)
        ).exists()
    ):
        raise PermissionDenied
    endpoint.owner = user
    endpoint.secret = webhooks.new_secret()
    endpoint._change_reason = "created"
    endpoint.save()
    endpoint.municipalities.set(municipalities)
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_update(*, user, endpoint: WebhookEndpoint, municipalities) -> WebhookEndpoint:
    _may(user, endpoint)
    if not policy.webhook_regions(user, type(endpoint.region).objects.filter(pk=endpoint.region_id)).exists():
        raise PermissionDenied
    endpoint.save()
    endpoint.municipalities.set(municipalities)
    return endpoint


@transaction.atomic
def endpoint_set_active(*, user, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    """Turn an endpoint on (it takes events again, and starts a fresh day before it is turned off)
    or off (its waiting deliveries are given up)."""
    _may(user, endpoint)
    if active:
        endpoint.is_active, endpoint.disabled_reason, endpoint.failing_since = True, "", None
        endpoint._change_reason = "turned on"
        endpoint.save()
    else:
        webhooks.turn_off(endpoint, _("Turned off by %(user)s.") % {"user": user}, tell=False)
        endpoint.refresh_from_db()
    return endpoint


@transaction.atomic
def endpoint_rotate(*, user, endpoint: WebhookEndpoint) -> str:
    _may(user, endpoint)
    return webhooks.rotate_secret(endpoint)


@transaction.atomic
def endpoint_delete(*, user, endpoint: WebhookEndpoint) -> None:
    _may(user, endpoint)
    endpoint.delete()


def delivery_redeliver(*, user, delivery: WebhookDelivery) -> WebhookDelivery:
    _may(user, delivery.endpoint)
    if not delivery.endpoint.is_active:
        raise PermissionDenied
    return webhooks.redeliver(delivery)
