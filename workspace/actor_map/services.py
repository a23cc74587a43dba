"""Writes for a case's actor map (moment 3): the organisations of a case, their roles, mandates,
contacts, influence and interest.

Each function checks the map's rules, then hands the member to ``workspace.core.services``, which
checks the permission and the version (safe concurrent editing) and records history (who, why).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import policy
from actors.models import Organisation
from establishments.models import CaseMember, EstablishmentCase, Theme
from workspace.core.services import member_save


def _check_member(member: CaseMember) -> None:
    errors = {}
    org_id = member.organisation_id
    if member.contact_id and member.contact.organisation_id != org_id:
        errors["contact"] = _("The contact person must belong to the organisation.")
    if member.deputy_contact_id:
        if member.deputy_contact.organisation_id != org_id:
            errors["deputy_contact"] = _("The deputy must belong to the organisation.")
        elif member.deputy_contact_id == member.contact_id:
            errors["deputy_contact"] = _("The deputy must be another person than the contact person.")
        elif not member.contact_id:
            errors["deputy_contact"] = _("Name the contact person before the deputy.")
    unknown = [t for t in member.themes or [] if t not in Theme.values]
    if unknown:
        errors["themes"] = _("Unknown theme: %(themes)s") % {"themes": ", ".join(map(str, unknown))}
    if errors:
        raise ValidationError(errors)
    member.themes = [t for t in Theme.values if t in set(member.themes or [])]  # stable order, no repeats


@transaction.atomic
def case_member_add(
    *, user, case: EstablishmentCase, organisation: Organisation, reason: str = "", **fields
) -> CaseMember:
    """Put an organisation from the registry on the case's actor map. Its actor contacts then see the
    case: adding one is managing the case's access (``policy.can_manage_access``)."""
    if not policy.can_manage_access(user, case):
        raise PermissionDenied
    if CaseMember.objects.filter(case=case, organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation is already on the actor map.")})
    member = CaseMember(case=case, organisation=organisation, **fields)
    _check_member(member)
    return member_save(user=user, member=member, reason=reason or gettext_noop("Added to the actor map"))


@transaction.atomic
def case_member_update(
    *, user, member: CaseMember, expected_version: int | None, reason: str = ""
) -> CaseMember:
    """Change an actor's place on the map: role, themes, mandate, contacts, influence and interest."""
    if not member.pk:
        raise ValidationError(_("Add the organisation to the case first."))
    _check_member(member)
    return member_save(user=user, member=member, expected_version=expected_version, reason=reason)
