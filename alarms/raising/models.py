"""The alarm's shared first-response checklist: what each organisation adds to the four quick
questions while the alarm is open."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alarms.core.models import Alarm, Question
from config.fields import BoundedTextField


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
