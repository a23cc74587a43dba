"""Moment 5, handlingsplan: actions from nuläge to börläge, and commitments (*åtaganden*): an action is
proposed to an organisation, whose contact accepts or declines it. Plus the private calendar feeds of
due dates.

The fields of an action live in an abstract base so that a region's readiness plan (checklist, not
tied to one case) reuses them; the case workspace's ``Action`` adds what every CaseItem has.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.fields import BoundedTextField
from establishments.models import Theme
from workspace.core.models import CaseItem


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
    """What is to be done, by whom and by when, and whether the owner has agreed to do it.

    The owner rule lives in ``clean`` (and in each concrete action's ``clean``, which says whose
    organisations may own one): the owning person works at the owning organisation, and naming only
    a person makes their organisation the owner."""

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
        return reverse("workspace:action_plan", kwargs={"case_pk": self.case_id}) + f"#action-{self.pk}"

    def clean(self):
        super().clean()
        if (
            self.owner_organisation_id
            and self.case_id
            and not self.case.memberships.filter(organisation_id=self.owner_organisation_id).exists()
        ):
            raise ValidationError(
                {
                    "owner_organisation": _(
                        "The owning organisation must be a member of the case (the actor map)."
                    )
                }
            )


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
