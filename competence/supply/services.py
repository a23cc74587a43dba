"""Writes of the education supply: one offering at a time, all or nothing, with its history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import policy
from config.history import save_audited

from ..reference import sun_fields
from .models import Offering


def check_offering(offering: Offering, occupations) -> None:
    """The rules of an offering beyond its fields, for the form and the CSV import alike: at least one
    occupation, SSYK unit groups only, a known SUN 2020 field."""
    errors = {}
    if not occupations:
        errors["occupations"] = _("Name at least one occupation it trains for.")
    elif any(o.level != 4 for o in occupations):
        errors["occupations"] = _("Choose SSYK unit groups (four digits), not broader groups.")
    if offering.sun_field and offering.sun_field not in sun_fields():
        errors["sun_field"] = _("“%(code)s” is no SUN 2020 education field.") % {"code": offering.sun_field}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offering_save(*, user, offering: Offering, occupations, reason: str = "") -> Offering:
    """Create or change an offering (its fields already set, by the form or an import) and set the
    occupations it trains for. Who may: ``policy.can_add_offering`` for a new one, and
    ``policy.can_edit_offering`` for the offering both as stored and as it would be saved (a
    coordinator cannot move an offering out of their region, nor a provider's contact hand it to
    another organisation)."""
    occupations = list(occupations)
    offering.full_clean()  # its own fields first: a place and a provider to judge the rights by
    if offering.pk is None:
        if not policy.can_add_offering(user):
            raise PermissionDenied
        offering.created_by = user
    else:
        stored = Offering.objects.select_related("municipality").select_for_update().get(pk=offering.pk)
        if not policy.can_edit_offering(user, stored):
            raise PermissionDenied
    if not policy.can_edit_offering(user, offering):
        raise PermissionDenied
    check_offering(offering, occupations)
    save_audited(offering, user=user, reason=reason)
    offering.occupations.set(occupations)
    return offering
