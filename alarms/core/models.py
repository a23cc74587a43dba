"""The alarm itself: one press of the button (``Alarm``), the organisations it reached
(``Recipient``: how each answered, how far its escalation has come) and its timeline
(``AlarmEvent``), with the choices every stage of the chain reads. Raising writes them, delivery,
answering and escalation move them on, the board and the report read them; so they sit beneath
all of those."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.fields import BoundedTextField


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
