"""Moment 1, målbild och förankring: expectations and fears, the timeline, committed resources.
(Who is engaged is the case members' engagement, establishments.CaseMember.)"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.fields import BoundedTextField
from workspace.core.models import CaseItem


class Expectation(CaseItem):
    """An expectation (*förväntan*) or a fear (*farhåga*) about the establishment, and whose it is."""

    class Kind(models.TextChoices):
        EXPECTATION = "forvantan", _("Expectation")
        FEAR = "farhaga", _("Fear")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = BoundedTextField(_("text"), max_length=2000)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whose"),
    )

    class Meta:
        ordering = ["kind", "created_at"]
        verbose_name = _("expectation or fear")
        verbose_name_plural = _("expectations and fears")

    def __str__(self):
        return self.text[:60]


class Milestone(CaseItem):
    """A dated point on the case's timeline (byggstart, första produktion, rekryteringsmål …)."""

    class Kind(models.TextChoices):
        DECISION = "beslut", _("Decision")
        CONSTRUCTION = "byggstart", _("Construction start")
        PRODUCTION = "produktion", _("First production")
        RECRUITMENT = "rekrytering", _("Recruitment target")
        OTHER = "ovrigt", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    note = BoundedTextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ResourceCommitment(CaseItem):
    """People or money an organisation has committed to the case."""

    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("committed by")
    )
    description = models.CharField(_("what"), max_length=300)
    people = models.DecimalField(
        _("people (full-time)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_sek = models.PositiveBigIntegerField(
        _("money (SEK)"), null=True, blank=True, validators=[MaxValueValidator(10**12)]
    )

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("committed resource")
        verbose_name_plural = _("committed resources")

    def __str__(self):
        return self.description
