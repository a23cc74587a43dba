"""Arbetsförmedlingen's Yrkesbarometer (occupational barometer): its rounds, its occupations (each
covering one or more SSYK 2012 unit groups) and its assessment of each occupation in each county and
in the whole country. Reference data, loaded a round at a time by ``importer``; earlier rounds stay,
so the movement of an occupation between rounds can be shown."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL = "00"  # the official file's ``lan`` for the whole country (riket)


class Situation(models.TextChoices):
    """The recruitment situation (*rekryteringssituation*). *Paradox*: recruitment is hard although
    there are people who could do the work (part-time workers, job seekers, recent leavers)."""

    SHORTAGE = "brist", _("Shortage")
    PARADOX = "paradox", _("Paradoxical shortage")
    BALANCE = "balans", _("Balance")
    SURPLUS = "overskott", _("Surplus")


SHORTAGE_SITUATIONS = frozenset({Situation.SHORTAGE, Situation.PARADOX})


class Prospects(models.TextChoices):
    """The job prospects (*jobbmöjligheter*)."""

    LARGE = "stora", _("Large")
    MEDIUM = "medelstora", _("Medium")
    SMALL = "sma", _("Small")


class Forecast(models.TextChoices):
    """Demand in five years' time (*prognos*)."""

    INCREASE = "oka", _("Increase")
    UNCHANGED = "oforandrad", _("Unchanged")
    DECREASE = "minska", _("Decrease")


class BarometerRound(models.Model):
    """One round of the barometer, for example "2026-1" (Arbetsförmedlingen publishes two a year)."""

    code = models.CharField(_("round"), max_length=10, unique=True)
    published = models.DateField(_("published"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    counties = models.PositiveSmallIntegerField(
        _("counties"),
        default=0,
        help_text=_("How many counties the round has rows for, besides the country."),
    )
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        ordering = ["-code"]
        verbose_name = _("barometer round")
        verbose_name_plural = _("barometer rounds")

    def __str__(self):
        return self.code


class BarometerOccupation(models.Model):
    """An occupation as the barometer names it (*yrke*). It covers one or more SSYK 4 unit groups,
    and a unit group can be in several of its occupations."""

    name = models.CharField(_("occupation"), max_length=200, unique=True)
    field = models.CharField(_("occupational field"), max_length=200, blank=True)
    concept_id = models.CharField(_("taxonomy concept id"), max_length=40, blank=True)
    occupations = models.ManyToManyField(
        "competence.Occupation",
        related_name="barometer_occupations",
        blank=True,
        verbose_name=_("SSYK groups"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("barometer occupation")
        verbose_name_plural = _("barometer occupations")

    def __str__(self):
        return self.name


class Assessment(models.Model):
    """The barometer's assessment of one occupation in one county (``county`` is the county's SCB
    code, ``"00"`` for the whole country) in one round."""

    round = models.ForeignKey(
        BarometerRound, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("round")
    )
    occupation = models.ForeignKey(
        BarometerOccupation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("occupation"),
    )
    county = models.CharField(_("county code"), max_length=2, default=NATIONAL)
    situation = models.CharField(_("recruitment situation"), max_length=12, choices=Situation.choices)
    prospects = models.CharField(_("job prospects"), max_length=12, choices=Prospects.choices, blank=True)
    forecast = models.CharField(_("forecast"), max_length=12, choices=Forecast.choices, blank=True)
    text = models.TextField(_("Arbetsförmedlingen's text"), blank=True)

    class Meta:
        ordering = ["round", "occupation", "county"]
        verbose_name = _("barometer assessment")
        verbose_name_plural = _("barometer assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "occupation", "county"], name="one_assessment_per_area")
        ]
        indexes = [models.Index(fields=["county", "occupation"], name="assessment_county_occupation")]

    def __str__(self):
        return f"{self.occupation} {self.county} {self.round}: {self.get_situation_display()}"

    @property
    def is_shortage(self) -> bool:
        return self.situation in SHORTAGE_SITUATIONS
