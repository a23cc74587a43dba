from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Occupation(models.Model):
    """An SSYK 2012 group (SCB), at one of four levels; loaded by a data migration."""

    code = models.CharField(_("SSYK code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent group"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation (SSYK 2012)")
        verbose_name_plural = _("occupations (SSYK 2012)")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv
