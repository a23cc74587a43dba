"""Writes for a case's actor map (moment 3) and contact routes (moment 4).

Each function checks the domain rules, then hands the record to the establishments services, which
check the permission and the version (safe concurrent editing) and record history with who and why.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import policy
from establishments.models import CaseMember, EstablishmentCase, StaleEdit, Theme
from establishments.services import case_item_save, case_member_save

from .models import ContactRoute, Organisation, RouteStep


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
    """Put an organisation from the registry on the case's actor map."""
    if not policy.can_edit_workspace(user, case):
        raise PermissionDenied
    if CaseMember.objects.filter(case=case, organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation is already on the actor map.")})
    member = CaseMember(case=case, organisation=organisation, **fields)
    _check_member(member)
    return case_member_save(user=user, member=member, reason=reason or gettext_noop("Added to the actor map"))


@transaction.atomic
def case_member_update(
    *, user, member: CaseMember, expected_version: int | None, reason: str = ""
) -> CaseMember:
    """Change an actor's place on the map: role, themes, mandate, contacts, influence and interest."""
    if not member.pk:
        raise ValidationError(_("Add the organisation to the case first."))
    stored = CaseMember.objects.only("case_id", "organisation_id").get(pk=member.pk)
    if stored.case_id != member.case_id or stored.organisation_id != member.organisation_id:
        raise PermissionDenied
    _check_member(member)
    return case_member_save(user=user, member=member, expected_version=expected_version, reason=reason)


@transaction.atomic
def contact_route_save(
    *, user, route: ContactRoute, expected_version: int | None = None, reason: str = ""
) -> ContactRoute:
    """Create or change a contact route (someone who has left is allowed, and warned about)."""
    return case_item_save(user=user, item=route, expected_version=expected_version, reason=reason)


@transaction.atomic
def contact_route_verify(*, user, route: ContactRoute, expected_version: int | None) -> ContactRoute:
    """Mark a route as checked today: the people still answer, the numbers still work."""
    route.last_verified = timezone.localdate()
    if expected_version is None:  # verifying says "this is right as I saw it": which version?
        raise StaleEdit(route)
    return case_item_save(
        user=user, item=route, expected_version=expected_version, reason=gettext_noop("Verified today")
    )


@transaction.atomic
def route_step_save(
    *, user, step: RouteStep, expected_version: int | None = None, reason: str = ""
) -> RouteStep:
    if step.route.case_id != step.case_id:
        raise PermissionDenied
    return case_item_save(user=user, item=step, expected_version=expected_version, reason=reason)
