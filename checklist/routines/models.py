"""The guide's ten routines, each in versions: a reworded routine is a new version, so the answers
of earlier rounds keep pointing at the wording that was asked."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
