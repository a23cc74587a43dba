from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.fields import BoundedTextField
from establishments.models import Theme
from workspace.plan.models import AbstractAction


class Routine(models.Model):
    """One of the guide's ten routines, in the wording of one version."""

    number = models.PositiveSmallIntegerField(_("number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    text_sv = models.TextField(_("text (Swedish)"))
    text_en = models.TextField(_("text (English)"))
    is_current = models.BooleanField(_("current version"), default=True)

    class Meta:
        ordering = ["number", "-version"]
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="routine_number_version_unique"),
            models.UniqueConstraint(
                fields=["number"], condition=models.Q(is_current=True), name="routine_one_current_version"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "sv").startswith("en") else self.text_sv


# --- Rounds and answers (bedömningsomgångar) -----------------------------------------------------


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


class RegionalAction(AbstractAction):
    """An action of a region's own readiness plan (not tied to one case), often born of a
    handlingsplan in a checklist answer."""

    region = models.ForeignKey(
        "actors.Region", on_delete=models.PROTECT, related_name="readiness_actions", verbose_name=_("region")
    )
    source_answer = models.ForeignKey(
        RoutineAnswer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("from the answer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("readiness action")
        verbose_name_plural = _("readiness actions")


# --- Drills (the guide's workshop) ------------------------------------------------------------


DRILL_SCENARIO = _(
    "Tomorrow the region gets a call about a large establishment in %(municipality)s: a company wants "
    "to build a plant with %(jobs)s jobs and needs an answer on land, power and skills within a week."
)


class Drill(models.Model):
    """A workshop drill: a clearly marked drill case and every participating role's answers to the
    guide's two questions."""

    case = models.OneToOneField(
        "establishments.EstablishmentCase",
        on_delete=models.PROTECT,
        related_name="drill",
        verbose_name=_("case"),
    )
    municipality = models.ForeignKey(
        "actors.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    scenario = BoundedTextField(_("scenario"), max_length=2000)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("drill")
        verbose_name_plural = _("drills")

    def __str__(self):
        return f"{self.municipality} {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("checklist:drill_detail", args=[self.pk])


class DrillAnswer(models.Model):
    """One participating role's answers: *Vad kan din roll bidra med? Hur skulle du gå tillväga?*"""

    drill = models.ForeignKey(
        Drill, on_delete=models.CASCADE, related_name="answers", verbose_name=_("drill")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant")
    )
    role = models.CharField(_("role"), max_length=200)
    contribution = BoundedTextField(_("What can your role contribute?"), max_length=2000, blank=True)
    approach = BoundedTextField(_("How would you go about it?"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["drill", "role", "pk"]
        verbose_name = _("drill answer")
        verbose_name_plural = _("drill answers")
        constraints = [
            models.UniqueConstraint(fields=["drill", "user"], name="checklist_drill_answer_unique")
        ]

    def __str__(self):
        return f"{self.role} ({self.drill})"


# --- Lessons (routine 10: fånga upp resultat och lärande) ------------------------------------------


class Lesson(models.Model):
    """A short retrospective of a closed case: what worked, what did not, what to do differently."""

    case = models.ForeignKey(
        "establishments.EstablishmentCase",
        on_delete=models.PROTECT,
        related_name="lessons",
        verbose_name=_("case"),
    )
    what_worked = BoundedTextField(_("What worked"), max_length=2000)
    what_did_not = BoundedTextField(_("What did not work"), max_length=2000)
    do_differently = BoundedTextField(_("What to do differently"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self):
        return f"{self.case_id}: {self.what_worked[:40]}"


class LessonTheme(models.Model):
    """A blueprint theme a lesson is tagged with."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)

    class Meta:
        ordering = ["theme"]
        verbose_name = _("lesson theme")
        verbose_name_plural = _("lesson themes")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "theme"], name="checklist_lesson_theme_unique")
        ]

    def __str__(self):
        return self.get_theme_display()
