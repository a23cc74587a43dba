"""Lessons (routine 10: *fånga upp resultat och lärande*): the short retrospective of a closed case,
tagged by blueprint theme, and shared like a workspace item (``accounts.models.Sharing``): an
internal lesson is read only by the case's own staff (``policy.sharing_levels_for``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Sharing
from config.fields import BoundedTextField
from establishments.models import Theme


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
    # As a workspace item's (workspace.core.models.CaseItem), but internal unless the writer shares
    # it: a retrospective speaks frankly about the case's partners.
    sharing = models.CharField(
        _("may be shared with"), max_length=16, choices=Sharing.choices, default=Sharing.INTERNAL
    )
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
