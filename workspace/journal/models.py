"""The journal of a case: meetings and decisions, and the follow-ups they leave to someone."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.fields import BoundedTextField
from workspace.core.models import CaseItem


class JournalEntry(CaseItem):
    class Kind(models.TextChoices):
        MEETING = "mote", _("Meeting")
        DECISION = "beslut", _("Decision")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.MEETING)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    participants = BoundedTextField(_("participants"), max_length=2000, blank=True)
    notes = BoundedTextField(_("notes"), max_length=10000, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    def __str__(self):
        return self.title


class FollowUp(CaseItem):
    """Something a meeting or decision leaves to someone, by a date."""

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("journal entry")
    )
    text = models.CharField(_("follow-up"), max_length=300)
    owner = models.ForeignKey(
        "actors.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    owner_person = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["done", "due", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return self.text
