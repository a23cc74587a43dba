"""The actor registry: geography, organisations, people and their roles with mandates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.fields import BoundedTextField

from .validators import validate_orgnr, validate_phone


class Region(models.Model):
    """A county (*län*) with its SCB code."""

    code = models.CharField(_("SCB code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality (*kommun*) with its four-digit SCB code."""

    code = models.CharField(_("SCB code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class OrganisationType(models.TextChoices):
    KOMMUN = "kommun", _("Municipality")
    REGION = "region", _("Region")
    LANSSTYRELSEN = "lansstyrelsen", _("County administrative board")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Swedish Public Employment Service")
    MYH = "myh", _("Swedish National Agency for Higher Vocational Education")
    SKOLVERKET = "skolverket", _("Swedish National Agency for Education")
    TILLVAXTVERKET = "tillvaxtverket", _("Swedish Agency for Economic and Regional Growth")
    BUSINESS_SWEDEN = "business_sweden", _("Business Sweden")
    ANNAN_MYNDIGHET = "annan_myndighet", _("Other government agency")
    LAROSATE = "larosate", _("University or college")
    YH_ANORDNARE = "yh_anordnare", _("Higher vocational education provider")
    KOMVUX = "komvux", _("Municipal adult education")
    GYMNASIESKOLA = "gymnasieskola", _("Upper secondary school")
    TEKNIKCOLLEGE = "teknikcollege", _("Teknikcollege")
    VO_COLLEGE = "vo_college", _("Vård- och omsorgscollege")
    BRANSCHORGANISATION = "branschorganisation", _("Industry association")
    ARBETSGIVARORGANISATION = "arbetsgivarorganisation", _("Employers' organisation")
    FACKFORBUND = "fackforbund", _("Trade union")
    FORETAG = "foretag", _("Company")
    KLUSTERORGANISATION = "klusterorganisation", _("Cluster organisation")
    SCIENCE_PARK = "science_park", _("Science park")
    CIVILSAMHALLE = "civilsamhalle", _("Civil society")


class Level(models.TextChoices):
    LOKAL = "lokal", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONELL = "nationell", _("National")
    INTERNATIONELL = "internationell", _("International")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_orgnr],
        help_text=_("Swedish organisation number, e.g. 556016-0680."),
    )
    website = models.URLField(_("website"), blank=True)
    notes = BoundedTextField(_("notes"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # The registry's list is ordered by name: a page of it is read from this index, not sorted.
        indexes = [models.Index(fields=["name", "id"], name="organisation_name_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number=""),
                name="organisation_unique_org_number",
                violation_error_message=_("Another organisation already has this organisation number."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:organisation_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.municipality_id and self.region_id and self.municipality.region_id != self.region_id:
            raise ValidationError({"municipality": _("The municipality does not lie in the chosen region.")})
        if self.municipality_id and not self.region_id:
            self.region_id = self.municipality.region_id


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name", "id"], name="person_name_id")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:person_detail", args=[self.pk])


class Role(models.Model):
    """A person's role in an organisation, with what they may decide and share."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="roles", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="roles", verbose_name=_("person")
    )
    title = models.CharField(_("role"), max_length=200)
    mandate = BoundedTextField(
        _("mandate"), max_length=2000, blank=True, help_text=_("What the person may decide in this role.")
    )
    may_share = BoundedTextField(
        _("may share"), max_length=2000, blank=True, help_text=_("What information the person may share.")
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    deputy = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_for",
        verbose_name=_("deputy"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "title"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="role_valid_to_after_from",
                violation_error_message=_("A role cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(deputy__isnull=True) | ~Q(deputy=models.F("person")),
                name="role_deputy_not_self",
                violation_error_message=_("A person cannot be their own deputy."),
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}"

    @property
    def is_person_dependent(self) -> bool:
        """*Personberoende*: nobody can step in when this person is away (an ended role needs nobody)."""
        return self.deputy_id is None and not self.has_ended

    @property
    def has_ended(self) -> bool:
        return self.valid_to is not None and self.valid_to < timezone.localdate()

    def clean(self):
        super().clean()
        if self.person_id and self.organisation_id and self.person.organisation_id != self.organisation_id:
            raise ValidationError({"person": _("The person does not belong to this organisation.")})
