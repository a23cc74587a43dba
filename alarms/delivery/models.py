"""The outbox of the alarm chain: one row per message to one person on one channel."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alarms.core.models import Alarm, Recipient, Step
from alarms.rosters.models import Channel, ChannelKind, masked_target


class Delivery(models.Model):
    """The outbox: one message to one person (or coordinator account) on one channel.

    Written in the transaction that raises or escalates the alarm; a Celery task claims it with a
    conditional update and sends it once.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(
        "actors.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    kind = models.CharField(_("channel"), max_length=16, choices=ChannelKind.choices)
    target = models.CharField(_("address"), max_length=500, blank=True)
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices, default=Step.PRIMARY)
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    # Unique per alarm: the same step never writes the same message twice.
    key = models.CharField(max_length=200, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["state", "queued_at"], name="alarm_delivery_state_queued"),
            models.Index(fields=["recipient", "state"], name="alarm_delivery_recipient"),
        ]

    def __str__(self):
        shown = masked_target(self.kind, self.target) or self.user or self.person
        return f"{self.get_kind_display()} → {shown}"


def due(prefix: str = "", now=None) -> Q:
    """A delivery whose turn has come: never tried, or its retry's time has passed."""
    return Q(**{f"{prefix}next_attempt_at__isnull": True}) | Q(
        **{f"{prefix}next_attempt_at__lte": now or timezone.now()}
    )


def waiting(prefix: str = "") -> Q:
    """Not yet sent, failed or cancelled: queued, or in a worker's hands."""
    return Q(**{f"{prefix}state__in": [Delivery.State.QUEUED, Delivery.State.SENDING]})


def waiting_since() -> Coalesce:
    """When a waiting delivery's wait began: its retry's time, else when it was written."""
    return Coalesce("next_attempt_at", "created_at")


def late(prefix: str = "", now=None) -> Q:
    """The one rule for a late message: waiting, and for longer than ``ALARM_DELAYED_AFTER_SECONDS``
    since its wait began (``waiting_since``). ``prefix`` reaches deliveries through a relation
    (``"deliveries__"``)."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.ALARM_DELAYED_AFTER_SECONDS)
    began_long_ago = Q(**{f"{prefix}next_attempt_at__lt": cutoff}) | Q(
        **{f"{prefix}next_attempt_at__isnull": True, f"{prefix}created_at__lt": cutoff}
    )
    return waiting(prefix) & began_long_ago
