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

from config.fields import BoundedTextField


class Confidentiality(models.TextChoices):
    OPEN = "oppen", _("Open")
    RESTRICTED = "begransad", _("Restricted")
    CONFIDENTIAL = "konfidentiell", _("Confidential")


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
        help_text=_("When the company is not in the registry, or unknown."),
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
        indexes = [models.Index(fields=["municipality", "received_at"])]
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
        return f"{self.source_label} ({self.municipality})"

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


class Sharing(models.TextChoices):
    """Whom an item of a case may be shared with (checklist item 8: clear mandates on sharing)."""

    INTERNAL = "intern", _("Internal: the case's coordinators and officials")
    MEMBERS = "medlemmar", _("Case members")
    COMPANY = "etableraren", _("Also the establishing company")


class StaleEdit(Exception):
    """Someone saved a newer version while this edit was open; ``current`` is that version."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


class CaseItem(models.Model):
    """Something recorded in a case's workspace: versioned for safe concurrent editing, tagged with
    whom it may be shared with, and kept in history."""

    case = models.ForeignKey(
        EstablishmentCase,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_items",
        verbose_name=_("case"),
    )
    sharing = models.CharField(
        _("may be shared with"), max_length=16, choices=Sharing.choices, default=Sharing.MEMBERS
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


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


# --- Moment 1: shared goal and anchoring (målbild och förankring) ------------------------------


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


# --- Journal: meetings and decisions -----------------------------------------------------------


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
    """Every view of a confidential case: who, when, which page."""

    case = models.ForeignKey(
        EstablishmentCase, on_delete=models.CASCADE, related_name="view_logs", verbose_name=_("case")
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


# --- Action plan (moment 5) ---------------------------------------------------------------------
# An action (åtgärd) with its commitment (åtagande). The fields live in an abstract base so that a
# region's own readiness plan (issue 5, not tied to one case) can reuse them with another owner
# record; the case workspace's Action adds the case, sharing, version and history of CaseItem.


class ActionStatus(models.TextChoices):
    PLANNED = "planerad", _("Planned")
    IN_PROGRESS = "pagar", _("In progress")
    DONE = "klar", _("Done")
    DELAYED = "forsenad", _("Delayed")
    STOPPED = "stoppad", _("Stopped")


# Statuses that no longer need a due date watched (no reminder, never overdue).
FINISHED_ACTION_STATUSES = (ActionStatus.DONE, ActionStatus.STOPPED)


class CommitmentState(models.TextChoices):
    NONE = "ej_foreslagen", _("Not proposed")
    PROPOSED = "foreslagen", _("Proposed")
    ACCEPTED = "accepterad", _("Accepted")
    DECLINED = "avbojd", _("Declined")


class AbstractAction(models.Model):
    """What is to be done, by whom and by when, and whether the owner has agreed to do it."""

    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    title = models.CharField(_("action"), max_length=200)
    current_state = BoundedTextField(_("today (nuläge)"), max_length=2000, blank=True)
    target_state = BoundedTextField(_("target (börläge)"), max_length=2000, blank=True)
    owner_organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_owned",
        verbose_name=_("owning organisation"),
    )
    owner_person = models.ForeignKey(
        "actors.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_owned",
        verbose_name=_("owning person"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    commitment = models.CharField(
        _("commitment"), max_length=16, choices=CommitmentState.choices, default=CommitmentState.NONE
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
        editable=False,
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
        editable=False,
    )
    decline_reason = BoundedTextField(_("reason for declining"), max_length=2000, blank=True, editable=False)
    # The due date a reminder was sent for: the reminder task sends nothing twice for one due date.
    reminder_sent_for_due_date = models.DateField(
        _("reminder sent for due date"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.owner_person_id
            and self.owner_organisation_id
            and self.owner_person.organisation_id != self.owner_organisation_id
        ):
            raise ValidationError(
                {"owner_person": _("The owning person must work at the owning organisation.")}
            )
        if self.owner_person_id and not self.owner_organisation_id:
            self.owner_organisation_id = self.owner_person.organisation_id
        if self.commitment == CommitmentState.DECLINED and not self.decline_reason.strip():
            raise ValidationError({"decline_reason": _("Say why the action is declined.")})

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status not in FINISHED_ACTION_STATUSES)

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def unaccepted(self) -> bool:
        return self.commitment in {CommitmentState.PROPOSED, CommitmentState.DECLINED}


class Action(CaseItem, AbstractAction):
    """An action of a case's action plan (moment 5), linked to the gaps and needs it serves."""

    gaps = models.ManyToManyField(
        "competence.CompetenceGap", blank=True, related_name="actions", verbose_name=_("competence gaps")
    )
    living_needs = models.ManyToManyField(
        "competence.LivingNeed",
        blank=True,
        related_name="actions",
        verbose_name=_("living-environment needs"),
    )

    class Meta:
        ordering = ["theme", "due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["case", "theme"]), models.Index(fields=["due_date"])]

    def get_absolute_url(self):
        return reverse("establishments:action_plan", kwargs={"case_pk": self.case_id}) + f"#action-{self.pk}"


class CalendarFeed(models.Model):
    """A private, revocable address of one user's calendar of due dates (iCalendar)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
