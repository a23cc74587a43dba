"""The alarm chain (*larm*): a region's standing roster, the alarms raised on it, and the outbox of
deliveries that reaches every designated actor.

The rules of raising, delivering, acknowledging and escalating live in ``alarms.services``; these
models hold the records and the small facts that follow from one row alone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.fields import BoundedTextField


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
        return f"{label}: {self.target}" if self.target else str(label)


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


class AlarmKind(models.TextChoices):
    ESTABLISHMENT = "etablering", _("Establishment")
    CLOSURE = "varsel", _("Notice of closure")
    DRILL = "ovning", _("Drill")


class Alarm(models.Model):
    """One press of the alarm button, with the escalation policy it was raised under."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    region = models.ForeignKey(
        "actors.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        "actors.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AlarmKind.choices)
    message = BoundedTextField(_("message"), max_length=1000)
    case = models.ForeignKey(
        "establishments.EstablishmentCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alarms",
        verbose_name=_("case"),
    )
    signal = models.ForeignKey(
        "establishments.Signal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alarms",
        verbose_name=_("signal"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    closes_at = models.DateTimeField(_("closes automatically"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    close_note = BoundedTextField(_("closing note"), max_length=1000, blank=True)
    # The policy in force when the alarm was raised: a later change of the roster does not move it.
    deputy_after_minutes = models.PositiveSmallIntegerField(_("to the deputy after (minutes)"))
    coordinator_after_minutes = models.PositiveSmallIntegerField(_("to the coordinator after (minutes more)"))
    max_repeats = models.PositiveSmallIntegerField(_("repeat at most (times)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        indexes = [models.Index(fields=["state", "closes_at"])]

    def __str__(self):
        when = timezone.localtime(self.raised_at)
        return f"{self.get_kind_display()}: {self.municipality} {when:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("alarms:detail", args=[self.pk])

    @property
    def is_drill(self) -> bool:
        return self.kind == AlarmKind.DRILL

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Response(models.TextChoices):
    PENDING = "pending", _("No answer")
    MOBILISING = "mobilising", _("We mobilise")
    DECLINED = "declined", _("Cannot")


class Step(models.IntegerChoices):
    PRIMARY = 0, _("Primary contact")
    DEPUTY = 1, _("Deputy")
    COORDINATOR = 2, _("Coordinator")


class Recipient(models.Model):
    """A designated organisation in one alarm: who was alarmed, how it answered, where escalation is."""

    alarm = models.ForeignKey(
        Alarm, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("alarm")
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
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deputy"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    response = models.CharField(
        _("answer"), max_length=16, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    responded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_by_person = models.ForeignKey(
        "actors.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    who_comes = models.CharField(_("who comes"), max_length=300, blank=True)
    reason = BoundedTextField(_("reason"), max_length=1000, blank=True)
    first_delivered_at = models.DateTimeField(_("first delivered"), null=True, blank=True)
    step = models.PositiveSmallIntegerField(_("escalated to"), choices=Step.choices, default=Step.PRIMARY)
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # When the next escalation step is due; None once answered, closed or the chain is exhausted.
    next_step_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alarm", "position", "organisation__name"]
        verbose_name = _("alarmed organisation")
        verbose_name_plural = _("alarmed organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["alarm", "organisation"], name="alarm_recipient_unique_organisation"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_step_at"], condition=Q(next_step_at__isnull=False), name="alarm_recipient_due"
            )
        ]

    def __str__(self):
        return str(self.organisation)

    @property
    def has_answered(self) -> bool:
        return self.response != Response.PENDING

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None


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
        return f"{self.get_kind_display()} → {self.target or self.user or self.person}"


class Notification(models.Model):
    """A message in a user's in-app inbox; one per in-app delivery, never two."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alarm_notifications"
    )
    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="notifications")
    delivery = models.OneToOneField(
        Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="alarm_notification_unread")]

    def __str__(self):
        return self.title


class EventKind(models.TextChoices):
    RAISED = "raised", _("Alarm raised")
    FAILED = "failed", _("Delivery failed")
    ESCALATED = "escalated", _("Escalated")
    MOBILISING = "mobilising", _("We mobilise")
    DECLINED = "declined", _("Cannot")
    NOTE = "note", _("First-response note")
    EXHAUSTED = "exhausted", _("Escalation ended without an answer")
    CLOSED = "closed", _("Closed")


class AlarmEvent(models.Model):
    """The alarm's timeline: what happened, when, and by whom; never changed afterwards."""

    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    recipient = models.ForeignKey(
        Recipient, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "actors.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("alarm event")
        verbose_name_plural = _("alarm events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%H:%M:%S}"


class Question(models.IntegerChoices):
    """The blueprint's four quick questions, carried by every alarm."""

    FACTS = 1, _("Which facts do we need?")
    ACTORS = 2, _("Which actors need to be involved?")
    ROUTES = 3, _("Which contact routes do we have?")
    START = 4, _("How do we start the process?")


class FirstResponseNote(models.Model):
    """A contribution to the alarm's shared first-response checklist (append only)."""

    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="notes")
    question = models.PositiveSmallIntegerField(_("question"), choices=Question.choices)
    text = BoundedTextField(_("answer"), max_length=1000)
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "created_at", "pk"]
        verbose_name = _("first-response note")
        verbose_name_plural = _("first-response notes")

    def __str__(self):
        return self.text[:60]


class PipelineHeartbeat(models.Model):
    """One row: when beat last sent a heartbeat, and when a worker last ran it."""

    sent_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pipeline heartbeat")

    def __str__(self):
        return f"heartbeat {self.seen_at}"
