"""Assessment rounds (*bedömningsomgångar*): a region asks its organisations to answer every routine
by a deadline; each organisation is a participant, with one answer per routine asked."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from checklist.routines.models import Routine
from config.fields import BoundedTextField


class Value(models.TextChoices):
    """The checklist's three answers."""

    YES = "ja", _("Yes")
    PARTLY = "delvis", _("Partly")
    NO = "nej", _("No")


# The readiness figure: Ja counts 1, Delvis ½, Nej 0, averaged (defined in words on the pages).
SCORE = {Value.YES: 1.0, Value.PARTLY: 0.5, Value.NO: 0.0}


class Round(models.Model):
    """A *bedömningsomgång*: a region asks its organisations to answer every routine by a deadline."""

    region = models.ForeignKey(
        "actors.Region", on_delete=models.PROTECT, related_name="checklist_rounds", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(_("deadline"))
    routines = models.ManyToManyField(Routine, related_name="rounds", verbose_name=_("routines asked"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("checklist:round_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Participant(models.Model):
    """An organisation asked in a round, with its contact and where its answers stand."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="participants", verbose_name=_("assessment round")
    )
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    contact = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
        help_text=_("Receives the personal answer link and the reminders."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by_person = models.ForeignKey(
        "actors.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The day a reminder was last sent: the reminder task sends at most one a day.
    reminded_on = models.DateField(_("reminded"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "organisation__name"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="checklist_participant_unique")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.round})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class RoutineAnswer(models.Model):
    """One organisation's answer to one routine (the version asked) in one round.

    Blank while a draft; after submission every change needs a reason, kept in the history.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="answers", verbose_name=_("organisation")
    )
    routine = models.ForeignKey(
        Routine, on_delete=models.PROTECT, related_name="answers", verbose_name=_("routine")
    )
    value = models.CharField(_("answer"), max_length=8, choices=Value.choices, blank=True)
    comment = BoundedTextField(_("comment"), max_length=2000, blank=True)
    plan_what = BoundedTextField(_("action plan: what"), max_length=2000, blank=True)
    plan_who = models.CharField(_("action plan: who"), max_length=200, blank=True)
    plan_when = models.DateField(_("action plan: by when"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["participant", "routine__number"]
        verbose_name = _("routine answer")
        verbose_name_plural = _("routine answers")
        constraints = [
            models.UniqueConstraint(fields=["participant", "routine"], name="checklist_answer_unique")
        ]

    def __str__(self):
        return f"{self.participant.organisation}: {self.routine.number} {self.get_value_display()}"

    @property
    def needs_plan(self) -> bool:
        return self.value in (Value.PARTLY, Value.NO)

    @property
    def score(self) -> float | None:
        return SCORE.get(self.value)
