"""Establishment signals and cases."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from accounts.models import Confidentiality
from config.fields import BoundedTextField


class Signal(models.Model):
    """A first hint that a company may establish itself: logged in under a minute, then triaged."""

    class Channel(models.TextChoices):
        PHONE = "telefon", _("Phone")
        EMAIL = "epost", _("E-mail")
        MEETING = "mote", _("Meeting")
        BUSINESS_SWEDEN = "business_sweden", _("Business Sweden")
        AGENCY = "myndighet", _("Other government agency")
        MEDIA = "media", _("Media")
        OTHER = "ovrigt", _("Other")

    class State(models.TextChoices):
        NEW = "ny", _("New")
        ASSESSING = "under_bedomning", _("Under assessment")
        LINKED = "kopplad", _("Linked to a case")
        DISMISSED = "avskriven", _("Dismissed")

    subject = models.CharField(
        _("subject"),
        max_length=120,
        help_text=_(
            "A short line: what, how big, where. For example: Battery factory, about 1 500 jobs, "
            "Skellefteå. No names or phone numbers: they go under contact person."
        ),
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    received_by = models.CharField(
        _("received by"), max_length=200, help_text=_("Who took the call, e-mail or meeting.")
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="logged_signals",
        verbose_name=_("logged by"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    source_organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("company or intermediary"),
    )
    source_text = models.CharField(
        _("from whom (free text)"),
        max_length=200,
        blank=True,
        help_text=_("The company or intermediary when it is not in the registry. Not the caller's name."),
    )
    caller = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_(
            "Name, phone or e-mail of the person who called or wrote. Personal data: shown only to "
            "those who triage the signal."
        ),
    )
    summary = BoundedTextField(_("what is known"), max_length=4000)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    jobs = models.PositiveIntegerField(
        _("jobs"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    investment_msek = models.DecimalField(
        _("investment (MSEK)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    land_hectares = models.DecimalField(
        _("land (hectares)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    power_mw = models.DecimalField(
        _("power need (MW)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    municipality = models.ForeignKey(
        "actors.Municipality",
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("municipality"),
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=16, choices=Confidentiality.choices, default=Confidentiality.OPEN
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    dismissal_reason = BoundedTextField(_("reason for dismissal"), max_length=2000, blank=True)
    case = models.ForeignKey(
        "EstablishmentCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("case"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [
            models.Index(fields=["municipality", "received_at"]),
            # The lists, newest first ("-received_at", "-pk"), read a page without sorting them all.
            models.Index(fields=["received_at", "id"], name="signal_received_idx"),
            # The signals changed last (the start page's recent changes).
            models.Index(fields=["updated_at", "id"], name="signal_updated_idx"),
            # "The cases of the signals I logged" (the start page's own cases).
            models.Index(fields=["logged_by", "case"], name="signal_logged_by_case_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="kopplad") | Q(case__isnull=False),
                name="signal_linked_has_case",
                violation_error_message=_("A signal linked to a case must name the case."),
            ),
            models.CheckConstraint(
                condition=~Q(state="avskriven") | ~Q(dismissal_reason=""),
                name="signal_dismissed_has_reason",
                violation_error_message=_("A dismissed signal needs a reason."),
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("establishments:signal_detail", args=[self.pk])

    @property
    def source_label(self) -> str:
        if self.source_organisation_id:
            return self.source_organisation.name
        return self.source_text or str(_("Unknown sender"))

    @property
    def is_open(self) -> bool:
        return self.state in {self.State.NEW, self.State.ASSESSING}


class Phase(models.TextChoices):
    SIGNAL = "signal", _("Signal")
    INVESTIGATION = "utredning", _("Investigation")
    NEGOTIATION = "forhandling", _("Negotiation")
    DECISION = "beslut", _("Decision")
    CONSTRUCTION = "uppbyggnad", _("Construction")
    OPERATION = "drift", _("Operation")
    CLOSED = "avslutad", _("Closed")
    LOST = "forlorad", _("Lost")


class CaseKind(models.TextChoices):
    NEW = "nyetablering", _("New establishment")
    EXPANSION = "expansion", _("Expansion")
    DUPLICATION = "duplicering", _("Duplication from another site or country")


class EstablishmentCase(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code_name = models.CharField(
        _("code name"),
        max_length=100,
        blank=True,
        help_text=_("Shown instead of the name to everyone not granted access to a confidential case."),
    )
    company = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="establishment_cases",
        verbose_name=_("establishing company"),
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices, default=CaseKind.NEW)
    lead_municipality = models.ForeignKey(
        "actors.Municipality",
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("lead municipality"),
    )
    candidate_municipalities = models.ManyToManyField(
        "actors.Municipality",
        blank=True,
        related_name="candidate_cases",
        verbose_name=_("candidate municipalities"),
    )
    region = models.ForeignKey(
        "actors.Region",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("region"),
        editable=False,
        help_text=_("The lead municipality's region, filled in automatically."),
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.SIGNAL)
    # A drill case (checklist.Drill) is marked on every page and left out of every real statistic.
    is_drill = models.BooleanField(_("drill"), default=False, editable=False)
    phase_started_at = models.DateTimeField(_("phase began"), default=timezone.now)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=16, choices=Confidentiality.choices, default=Confidentiality.OPEN
    )
    target_jobs = models.PositiveIntegerField(
        _("target jobs"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    target_date = models.DateField(_("target jobs by"), null=True, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_cases",
        verbose_name=_("responsible coordinator"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deputised_cases",
        verbose_name=_("deputy coordinator"),
    )
    members = models.ManyToManyField(
        "actors.Organisation",
        through="CaseMember",
        blank=True,
        related_name="member_cases",
        verbose_name=_("member organisations"),
    )
    description = BoundedTextField(_("description"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="created_cases",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[candidate_municipalities])

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("establishment case")
        verbose_name_plural = _("establishment cases")
        default_permissions = ("add", "change", "delete", "view")
        # The lists, last changed first ("-updated_at", "-pk"), read a page without sorting them all;
        # and the cases changed last (the start page's recent changes).
        indexes = [models.Index(fields=["updated_at", "id"], name="case_updated_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(coordinator=models.F("deputy")),
                name="case_deputy_differs_from_coordinator",
                violation_error_message=_(
                    "The deputy must be another person than the responsible coordinator."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(confidentiality="konfidentiell") | ~Q(code_name=""),
                name="case_confidential_has_code_name",
                violation_error_message=_("A confidential case needs a code name."),
            ),
        ]

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return reverse("establishments:case_detail", args=[self.pk])

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == Confidentiality.CONFIDENTIAL

    @property
    def public_name(self) -> str:
        """The name anyone may read: the code name for a confidential case."""
        if self.is_confidential:
            return self.code_name
        return self.name

    @property
    def is_active(self) -> bool:
        return self.phase not in {Phase.CLOSED, Phase.LOST}

    @property
    def time_in_phase(self):
        return timezone.now() - self.phase_started_at


class Theme(models.TextChoices):
    """The blueprint's themes (seed 001) that actions, gaps and actors are tagged with."""

    AUTHORITY_COOPERATION = "myndighetssamverkan", _("Cooperation between authorities")
    RECEIVING_CAPACITY = "mottagarkapacitet", _("Receiving capacity and preparedness")
    MULTI_LEVEL = "flernivasamverkan", _("Multi-level cooperation")
    ALARM = "larmsystem", _("Alarm system")
    SKILLS = "kompetensforsorjning", _("Skills supply")
    LAND = "mark", _("Land and property")
    POWER_WATER = "el_vatten", _("Power and water supply")
    HOUSING = "bostader", _("Housing construction")
    TRANSPORT = "transport", _("Transport infrastructure and public transport")
    PERMITS = "tillstand", _("Permits and planning")
    COMMUNICATION = "kommunikation", _("Communication")


class CaseMember(models.Model):
    """An organisation taking part in a case, as drawn on the actor map; its actor contacts see the case."""

    class Engagement(models.TextChoices):
        ENGAGED = "engagerad", _("Engaged")
        SHOULD = "bor_engageras", _("Should be engaged")
        INFORMED = "informeras", _("Informed")

    class CaseRole(models.TextChoices):
        OWNER = "ager", _("Owns the establishment")
        LEAD = "huvudansvarig", _("Lead")
        SUPPORT = "stodjande", _("Supporting")
        DECIDER = "beslutsfattare", _("Decision-maker")
        INFORMED = "informeras", _("Informed")

    case = models.ForeignKey(
        EstablishmentCase, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("case")
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        related_name="case_memberships",
        verbose_name=_("organisation"),
    )
    engagement = models.CharField(
        _("engagement"), max_length=16, choices=Engagement.choices, default=Engagement.ENGAGED
    )
    case_role = models.CharField(
        _("role in the case"), max_length=16, choices=CaseRole.choices, default=CaseRole.SUPPORT
    )
    themes = models.JSONField(_("responsible for themes"), default=list, blank=True)
    mandate = BoundedTextField(_("mandate in this case"), max_length=2000, blank=True)
    contact = models.ForeignKey(
        "actors.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    deputy_contact = models.ForeignKey(
        "actors.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deputy contact"),
    )
    influence = models.PositiveSmallIntegerField(
        _("influence (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    interest = models.PositiveSmallIntegerField(
        _("interest (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case member")
        verbose_name_plural = _("case members")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="case_member_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.case}"

    def clean(self):
        super().clean()
        unknown = [t for t in self.themes or [] if t not in Theme.values]
        if unknown:
            raise ValidationError({"themes": _("Unknown theme: %(themes)s") % {"themes": ", ".join(unknown)}})


class PhaseChange(models.Model):
    case = models.ForeignKey(EstablishmentCase, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(_("from"), max_length=16, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("to"), max_length=16, choices=Phase.choices)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = BoundedTextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self):
        return f"{self.case_id}: {self.from_phase} → {self.to_phase}"


class CaseViewLog(models.Model):
    """Every response that showed a confidential case or signal: who, when, which page. Written by
    one mechanism (``establishments.middleware.ViewLogMiddleware``), never by a view."""

    case = models.ForeignKey(
        EstablishmentCase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="view_logs",
        verbose_name=_("case"),
    )
    signal = models.ForeignKey(
        Signal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="view_logs",
        verbose_name=_("signal"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    viewed_at = models.DateTimeField(_("viewed"), default=timezone.now)
    path = models.CharField(_("page"), max_length=500)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("view of a confidential case")
        verbose_name_plural = _("views of confidential cases")

    def __str__(self):
        return f"{self.user_id} @ {self.case_id} {self.viewed_at:%Y-%m-%d %H:%M}"


# django-guardian object permissions with direct foreign keys: narrowing a list by them is a
# plain join, not a generic-key lookup over text.
class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(EstablishmentCase, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(EstablishmentCase, on_delete=models.CASCADE)


class SignalUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Signal, on_delete=models.CASCADE)


class SignalGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Signal, on_delete=models.CASCADE)


class AccessChange(models.Model):
    """Who was given or lost access to a case (or a signal), by whom, and why: grants, revocations,
    the core team's changes and confidentiality lowered. A grant is a django-guardian row without
    history of its own; this is its history. ``by`` is empty when Samhandla itself revoked access
    because the user's role or place changed."""

    class Change(models.TextChoices):
        GRANTED = "granted", _("Access granted (read)")
        GRANTED_EDIT = "granted_edit", _("Access granted (read and edit)")
        REVOKED = "revoked", _("Access removed")
        EDIT_REVOKED = "edit_revoked", _("Edit right removed")
        LOWERED = "lowered", _("Confidentiality lowered")
        MISFIT = "misfit", _("No longer fits the case")

    case = models.ForeignKey(
        EstablishmentCase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_changes",
        verbose_name=_("case"),
    )
    signal = models.ForeignKey(
        Signal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_changes",
        verbose_name=_("signal"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whose access"),
    )
    change = models.CharField(_("change"), max_length=20, choices=Change.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access change")
        verbose_name_plural = _("access changes")

    def __str__(self):
        return f"{self.get_change_display()}: {self.user_id} @ {self.case_id or self.signal_id}"
