"""Writes of moment 2, competence mapping: gaps, the interventions that close them, and the living
environment the newcomers need.

Every write goes through ``workspace.core.services.item_save``/``item_delete``, which
check the permission and the version (a stale edit is refused with StaleEdit) and keep the history
with the user and the reason. The rules here are the competence mapping's own.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policy
from workspace.core.services import item_delete, item_save

from .models import CompetenceGap, Intervention, LivingNeed, Occupation

DETAILED_LEVEL = 4  # SSYK 2012's unit groups (four digits): the level a gap is recorded at


def _require_editor(user, case) -> None:
    # Checked before the domain rules, so a refused user learns nothing from validation messages.
    if not policy.can_edit_workspace(user, case):
        raise PermissionDenied


def _check_gap(gap: CompetenceGap) -> None:
    errors = {}
    if gap.occupation_id:
        level = Occupation.objects.filter(pk=gap.occupation_id).values_list("level", flat=True).first()
        if level != DETAILED_LEVEL:
            errors["occupation"] = _(
                "Choose an occupation at the most detailed level of SSYK 2012 (a four-digit code)."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def competence_gap_save(
    *, user, gap: CompetenceGap, expected_version: int | None = None, reason: str = ""
) -> CompetenceGap:
    """Record or change a competence gap (an occupation, a year, the need and the regional supply)."""
    _require_editor(user, gap.case)
    _check_gap(gap)
    return item_save(user=user, item=gap, expected_version=expected_version, reason=reason)


@transaction.atomic
def competence_gap_delete(
    *, user, gap: CompetenceGap, expected_version: int | None = None, reason: str = ""
) -> None:
    """Remove a gap. A gap with interventions is kept: they would vanish with it, without a trace
    in the plan."""
    _require_editor(user, gap.case)
    count = Intervention.objects.filter(gap=gap).count()
    if count:
        raise ValidationError(
            ngettext(
                "The gap has %(n)d intervention. Remove it or move it to another gap first.",
                "The gap has %(n)d interventions. Remove them or move them to another gap first.",
                count,
            )
            % {"n": count}
        )
    item_delete(user=user, item=gap, expected_version=expected_version, reason=reason)


def _check_intervention(intervention: Intervention) -> None:
    errors = {}
    if intervention.gap_id:
        gap_case = (
            CompetenceGap.objects.filter(pk=intervention.gap_id).values_list("case_id", flat=True).first()
        )
        if gap_case != intervention.case_id:
            errors["gap"] = _("Choose a gap of this case.")
    if intervention.start and intervention.end_year and intervention.end_year < intervention.start.year:
        errors["end_year"] = _("The last year cannot come before the start.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def intervention_save(
    *, user, intervention: Intervention, expected_version: int | None = None, reason: str = ""
) -> Intervention:
    """Record or change an intervention that closes a gap of the same case."""
    _require_editor(user, intervention.case)
    _check_intervention(intervention)
    return item_save(user=user, item=intervention, expected_version=expected_version, reason=reason)


@transaction.atomic
def intervention_delete(
    *, user, intervention: Intervention, expected_version: int | None = None, reason: str = ""
) -> None:
    _require_editor(user, intervention.case)
    item_delete(user=user, item=intervention, expected_version=expected_version, reason=reason)


@transaction.atomic
def living_need_save(
    *, user, need: LivingNeed, expected_version: int | None = None, reason: str = ""
) -> LivingNeed:
    """Record or change a living-environment need (housing, school, care, transport, partners' jobs…)."""
    _require_editor(user, need.case)
    return item_save(user=user, item=need, expected_version=expected_version, reason=reason)


@transaction.atomic
def living_need_delete(
    *, user, need: LivingNeed, expected_version: int | None = None, reason: str = ""
) -> None:
    _require_editor(user, need.case)
    item_delete(user=user, item=need, expected_version=expected_version, reason=reason)
