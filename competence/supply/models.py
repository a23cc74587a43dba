"""The education supply (*utbildningsutbud*): the programmes and courses that train people for an
occupation in a place (YH, Komvux and yrkesvux, university, labour-market training, a company's own
training, validation), with their places and expected graduates a year. One register for the region,
not per case: a case's intervention points to an offering, so one programme that serves several
cases is counted once in the regional picture."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from config.fields import BoundedTextField

PEOPLE = [MaxValueValidator(100_000)]


class OfferingForm(models.TextChoices):
    YH = "yh", _("Higher vocational education (YH)")
    KOMVUX = "komvux", _("Komvux / yrkesvux")
    UNIVERSITY = "hogskola", _("University or university college")
    LABOUR_MARKET = "amu", _("Labour-market training")
    COMPANY = "foretag", _("The company's own training")
    VALIDATION = "validering", _("Validation")


class OfferingStatus(models.TextChoices):
    IDEA = "ide", pgettext_lazy("offering status", "Idea")
    APPLIED = "ansokt", pgettext_lazy("offering status", "Applied for")
    GRANTED = "beviljad", pgettext_lazy("offering status", "Granted")
    RUNNING = "pagaende", pgettext_lazy("offering status", "Running")
    ENDED = "avslutad", pgettext_lazy("offering status", "Ended")


# What counts as supply the region can count on (the rest is only planned, or over).
SECURED = frozenset({OfferingStatus.GRANTED, OfferingStatus.RUNNING})


class Offering(models.Model):
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The programme or course, as the provider calls it.")
    )
    provider = models.ForeignKey(
        "actors.Organisation", on_delete=models.PROTECT, related_name="offerings", verbose_name=_("provider")
    )
    form = models.CharField(_("form"), max_length=12, choices=OfferingForm.choices)
    occupations = models.ManyToManyField(
        "competence.Occupation",
        related_name="offerings",
        verbose_name=_("trains for (SSYK)"),
        help_text=_("The SSYK 2012 unit groups (four digits) it trains for."),
    )
    sun_field = models.CharField(
        _("SUN 2020 field"), max_length=4, blank=True, help_text=_("The education field, e.g. 523a.")
    )
    municipality = models.ForeignKey(
        "actors.Municipality",
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("municipality"),
    )
    places_per_year = models.PositiveIntegerField(_("places a year"), validators=PEOPLE)
    graduates_per_year = models.PositiveIntegerField(
        _("expected graduates a year"), validators=PEOPLE, help_text=_("Who complete it and can take a job.")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty while it runs on."))
    status = models.CharField(
        _("status"), max_length=12, choices=OfferingStatus.choices, default=OfferingStatus.IDEA
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where the figures come from.")
    )
    link = models.URLField(_("web page"), blank=True)
    note = BoundedTextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[occupations])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("education offering")
        verbose_name_plural = _("education offerings")
        indexes = [models.Index(fields=["municipality", "status"], name="offering_place_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="offering_ends_after_it_starts",
                violation_error_message=_("The end comes before the start."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supply:offering_detail", args=[self.pk])

    @property
    def is_secured(self) -> bool:
        """Granted or running: supply the region can count on."""
        return self.status in SECURED

    def graduates_in(self, year: int) -> int:
        """The people it delivers in ``year``: its graduates a year from its start year to its end
        year (an open end: every year from the start)."""
        if year < self.start.year or (self.end is not None and year > self.end.year):
            return 0
        return self.graduates_per_year
