"""Drills, the guide's workshop: a clearly marked drill case, and every participating role's answers
to the guide's two questions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.fields import BoundedTextField

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
