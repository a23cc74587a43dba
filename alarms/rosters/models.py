"""The standing structure of the alarm chain: each region's roster (*larmlista*) with its escalation
policy, the organisations designated on it, and every person's channels."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.egress import mask_url


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    INAPP = "inapp", _("In-app inbox")
    WEBHOOK = "webhook", _("Webhook (Teams, Slack …)")
    SMS = "sms", _("SMS")


class Channel(models.Model):
    """One way to reach a person when the alarm goes; a person's channels are tried in ``position``
    order, all of them at once."""

    person = models.ForeignKey(
        "actors.Person", on_delete=models.CASCADE, related_name="alarm_channels", verbose_name=_("person")
    )
    kind = models.CharField(_("channel"), max_length=16, choices=ChannelKind.choices)
    target = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_("E-mail address, mobile number (+46…) or webhook URL. Empty for the in-app inbox."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_enabled = models.BooleanField(_("on"), default=True)
    last_failure_at = models.DateTimeField(_("last failed"), null=True, blank=True, editable=False)
    last_failure = models.CharField(_("last error"), max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "position", "pk"]
        verbose_name = _("alarm channel")
        verbose_name_plural = _("alarm channels")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "target"],
                name="alarm_channel_unique_per_person",
                violation_error_message=_("The person already has this channel."),
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label}: {self.display_target}" if self.target else str(label)

    @property
    def display_target(self) -> str:
        """The address as pages and messages show it: a webhook URL works like a password (whoever
        has it can post to the channel), so only its scheme and host (``config.egress.mask_url``)."""
        return masked_target(self.kind, self.target)


def masked_target(kind: str, target: str) -> str:
    """What may be shown of a channel's (or a delivery's) address."""
    return mask_url(target) if kind == ChannelKind.WEBHOOK and target else target


class Roster(models.Model):
    """A region's *larmlista* and its escalation policy."""

    region = models.OneToOneField(
        "actors.Region", on_delete=models.PROTECT, related_name="alarm_roster", verbose_name=_("region")
    )
    deputy_after_minutes = models.PositiveSmallIntegerField(
        _("to the deputy after (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
        help_text=_("With no answer from the primary contact, the deputy is alarmed after this long."),
    )
    coordinator_after_minutes = models.PositiveSmallIntegerField(
        _("to the coordinator after (minutes more)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
        help_text=_("With no answer from the deputy either, the region's coordinators are alarmed."),
    )
    max_repeats = models.PositiveSmallIntegerField(
        _("repeat at most (times)"),
        default=2,
        validators=[MaxValueValidator(10)],
        help_text=_("How many times the whole chain is repeated for an organisation that stays silent."),
    )
    auto_close_hours = models.PositiveSmallIntegerField(
        _("close automatically after (hours)"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region__name"]
        verbose_name = _("alarm roster")
        verbose_name_plural = _("alarm rosters")

    def __str__(self):
        return str(self.region)

    def get_absolute_url(self):
        return reverse("alarms:roster", args=[self.region.code])


class RosterEntry(models.Model):
    """A designated organisation on the roster: who is alarmed first, and who steps in."""

    roster = models.ForeignKey(
        Roster, on_delete=models.CASCADE, related_name="entries", verbose_name=_("roster")
    )
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    primary = models.ForeignKey(
        "actors.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("primary contact")
    )
    deputy = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("deputy"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["roster", "position", "organisation__name"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        constraints = [
            models.UniqueConstraint(
                fields=["roster", "organisation"],
                name="alarm_roster_entry_unique_organisation",
                violation_error_message=_("The organisation is already on the roster."),
            ),
            models.CheckConstraint(
                condition=Q(deputy__isnull=True) | ~Q(deputy=models.F("primary")),
                name="alarm_roster_deputy_not_primary",
                violation_error_message=_("The deputy must be another person than the primary contact."),
            ),
        ]

    def __str__(self):
        return str(self.organisation)
