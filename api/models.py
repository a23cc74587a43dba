"""Outbound webhooks: an endpoint of another system that a region's coordinator (or an administrator)
subscribes to some of Samhandla's events, and each delivery of an event to it. The rules of signing,
sending, retrying and disabling are in ``api/webhooks.py``; who may manage an endpoint is the
policy's (``policy.can_manage_webhook``)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.events import TYPES

EVENT_CHOICES = [
    ("signal.logged", _("A signal is logged")),
    ("case.created", _("A case is opened")),
    ("case.phase_changed", _("A case changes phase")),
    ("alarm.raised", _("An alarm is raised")),
    ("alarm.answered", _("An organisation answers an alarm")),
    ("alarm.closed", _("An alarm is closed")),
    ("commitment.answered", _("An organisation answers a proposed action")),
    ("checklist.round_submitted", _("An organisation submits its answers in an assessment round")),
    ("competence.light_changed", _("An occupation's light in the competence picture changes")),
]
assert [value for value, _label in EVENT_CHOICES] == list(TYPES)  # every event type has its words


class WebhookEndpoint(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    region = models.ForeignKey(
        "actors.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    url = models.URLField(_("address"), max_length=500, help_text=_("Where the events are sent: https only."))
    description = models.CharField(_("description"), max_length=200, help_text=_("The receiving system."))
    event_types = models.JSONField(_("events"), default=list)
    municipalities = models.ManyToManyField(
        "actors.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("only these municipalities"),
        help_text=_("Empty: the whole region."),
    )
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("why it was turned off"), max_length=300, blank=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["secret", "previous_secret"])

    class Meta:
        ordering = ["region__name", "description", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("webhooks:detail", args=[self.pk])


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")  # given up: the endpoint was turned off, or a permanent refusal

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    message_id = models.CharField(_("message id"), max_length=40, unique=True)
    event_type = models.CharField(_("event"), max_length=40, choices=EVENT_CHOICES)
    payload = models.JSONField(_("content"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    response_status = models.PositiveIntegerField(_("answer"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("time (ms)"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log")]

    def __str__(self):
        return f"{self.event_type} {self.message_id}"
