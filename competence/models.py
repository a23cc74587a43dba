from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from config.fields import BoundedTextField
from workspace.core.models import CaseItem


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


# --- Moment 2: competence mapping (kompetenskartläggning) ---------------------------------------
# The records of a case's competence mapping. Each is a CaseItem: versioned for safe concurrent
# editing, tagged with whom it may be shared with, and kept in history. Rules that need more than
# one field (level-4 occupations, same case) live in competence/services.py.

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
PEOPLE_VALIDATORS = [MaxValueValidator(100_000)]


class Confidence(models.TextChoices):
    HIGH = "hog", _("High")
    MEDIUM = "medel", _("Medium")
    LOW = "lag", _("Low")


class GapSource(models.TextChoices):
    COMPANY = "etableraren", _("The establishing company")
    EMPLOYMENT_SERVICE = "arbetsformedlingen", _("Swedish Public Employment Service")
    OWN_ANALYSIS = "egen_analys", _("Own analysis")
    PLATFORM = "kompetensplattform", _("Competence platform or the region")
    OTHER = "annan", _("Other")


class CompetenceGap(CaseItem):
    """How many people of one occupation the establishment needs in a year, and how many the region
    is expected to supply anyway. The gap (need minus supply) is derived, never stored."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (SSYK 2012)")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    needed = models.PositiveIntegerField(
        _("people needed"), validators=PEOPLE_VALIDATORS, help_text=_("People needed that year.")
    )
    regional_supply = models.PositiveIntegerField(
        _("expected regional supply"),
        default=0,
        validators=PEOPLE_VALIDATORS,
        help_text=_("People the region is expected to supply that year without new interventions."),
    )
    source = models.CharField(_("source"), max_length=20, choices=GapSource.choices)
    confidence = models.CharField(
        _("confidence"), max_length=8, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    note = BoundedTextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["occupation__code", "year", "pk"]
        verbose_name = _("competence gap")
        verbose_name_plural = _("competence gaps")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "occupation", "year"],
                name="competence_gap_one_per_occupation_and_year",
                violation_error_message=_(
                    "This occupation already has a gap for that year in the case: edit that one instead."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.occupation}, {self.year}"

    @property
    def gap(self) -> int:
        """Need minus expected regional supply; negative when the region supplies more than needed."""
        return (self.needed or 0) - (self.regional_supply or 0)

    @property
    def shortfall(self) -> int:
        return max(self.gap, 0)


class Intervention(CaseItem):
    """Something that closes a competence gap: an education, validation, recruitment or retraining,
    delivering a number of people a year from its start year (until its last year, if set)."""

    class Kind(models.TextChoices):
        YH = "yh", _("Higher vocational education (YH)")
        KOMVUX = "komvux", _("Komvux / regional vocational adult education")
        APPRENTICESHIP = "larlingsvux", _("Apprenticeship adult education")
        UNIVERSITY = "hogskola", _("University or college")
        VALIDATION = "validering", _("Validation")
        RECRUIT_NATIONAL = "rekrytering_nationellt", _("Recruitment from the rest of Sweden")
        RECRUIT_INTERNATIONAL = "rekrytering_internationellt", _("International recruitment")
        RETRAINING = "omstallning", _("Retraining after redundancy")

    class Status(models.TextChoices):
        PLANNED = "planerad", _("Planned")
        DECIDED = "beslutad", _("Decided")
        ONGOING = "pagar", _("Ongoing")
        FINISHED = "avslutad", _("Finished")
        STOPPED = "stoppad", _("Stopped")

    gap = models.ForeignKey(
        CompetenceGap, on_delete=models.CASCADE, related_name="interventions", verbose_name=_("gap")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("name"), max_length=200, blank=True, help_text=_("E.g. the programme."))
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    places_per_year = models.PositiveIntegerField(
        _("places or people per year"), validators=PEOPLE_VALIDATORS
    )
    start = models.DateField(_("start"))
    end_year = models.PositiveSmallIntegerField(
        _("last year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("The last year it delivers people. Leave empty while it goes on."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    offering = models.ForeignKey(
        "competence.Offering",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("education offering"),
        help_text=_("The programme in the region's education supply that this intervention is, if any."),
    )
    note = BoundedTextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self):
        return self.title or self.get_kind_display()

    def active_in(self, year: int) -> bool:
        """Does it deliver people in ``year``? Stopped interventions deliver nothing."""
        if self.status == self.Status.STOPPED or self.start is None:
            return False
        return self.start.year <= year and (self.end_year is None or year <= self.end_year)


class LivingNeed(CaseItem):
    """What the people who move in need around the job (*livsmiljö*), and who answers for it."""

    class Kind(models.TextChoices):
        HOUSING = "bostader", _("Housing")
        SCHOOL = "forskola_skola", _("Preschool and school")
        HEALTHCARE = "halso_sjukvard", _("Healthcare")
        TRANSPORT = "kollektivtrafik", _("Public transport")
        PARTNER_JOBS = "jobb_medfoljande", _("Jobs for partners")
        INTERNATIONAL_SCHOOL = "internationell_skola", _("International school")
        OTHER = "ovrigt", _("Other")

    class Status(models.TextChoices):
        IDENTIFIED = "identifierat", _("Identified")
        PLANNED = "planerat", _("Planned")
        DECIDED = "beslutat", _("Decided")
        ONGOING = "pagar", _("Ongoing")
        MET = "tillgodosett", _("Met")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = BoundedTextField(_("description"), max_length=2000)
    quantity = models.PositiveIntegerField(
        _("quantity"),
        null=True,
        blank=True,
        validators=PEOPLE_VALIDATORS,
        help_text=_("E.g. dwellings, preschool places or jobs."),
    )
    year = models.PositiveSmallIntegerField(_("by year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)

    class Meta:
        ordering = ["kind", "year", "pk"]
        verbose_name = _("living-environment need")
        verbose_name_plural = _("living-environment needs")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:50]}"


# The barometer's models live in their sub-domain and belong to this app.
from .barometer.models import Assessment, BarometerOccupation, BarometerRound  # noqa: E402, F401
from .picture.models import PictureLight  # noqa: E402, F401
from .supply.models import Offering  # noqa: E402, F401
