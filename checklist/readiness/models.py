"""The region's readiness plan: its own actions (not tied to one case), often born of a handlingsplan
in a checklist answer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Organisation
from checklist.rounds.models import Participant, RoutineAnswer
from workspace.plan.models import AbstractAction


def owner_organisations(region, include: int | None = None) -> QuerySet[Organisation]:
    """Who may own a readiness action of ``region`` (a Region or its pk): the region's organisations
    and every organisation asked in one of its rounds (and ``include``, the current owner, wherever
    it is)."""
    asked = Participant.objects.filter(round__region=region).values("organisation_id")
    condition = Q(region=region) | Q(municipality__region=region) | Q(pk__in=asked)
    if include:
        condition |= Q(pk=include)
    return Organisation.objects.filter(condition).distinct().order_by("name")


class RegionalAction(AbstractAction):
    """An action of a region's own readiness plan (not tied to one case), often born of a
    handlingsplan in a checklist answer. Versioned like a case's workspace items
    (``workspace.core.versioning``): a stale edit is refused."""

    region = models.ForeignKey(
        "actors.Region", on_delete=models.PROTECT, related_name="readiness_actions", verbose_name=_("region")
    )
    source_answer = models.ForeignKey(
        RoutineAnswer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("from the answer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("readiness action")
        verbose_name_plural = _("readiness actions")

    @classmethod
    def from_db(cls, db, field_names, values):
        action = super().from_db(db, field_names, values)
        # The owner as stored, which ``clean`` lets an edit keep.
        action._stored_owner_id = dict(zip(field_names, values, strict=True)).get("owner_organisation_id")
        return action

    def clean(self):
        """The owner rule of every action (``AbstractAction.clean``), and whose organisations may own
        one of a region's plan: those of ``owner_organisations``. An owner already stored is kept,
        wherever it is now (an organisation may have moved since it was chosen)."""
        super().clean()
        owner_id = self.owner_organisation_id
        if not owner_id or not self.region_id or owner_id == getattr(self, "_stored_owner_id", None):
            return
        if not owner_organisations(self.region_id).filter(pk=owner_id).exists():
            raise ValidationError(
                {
                    "owner_organisation": _(
                        "The owning organisation must be one of the region's organisations, or one asked "
                        "in its rounds."
                    )
                }
            )
