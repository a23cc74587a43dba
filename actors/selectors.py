"""Reads for the actor registry, narrowed by the access policy first."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts import policy
from accounts.models import RoleName
from config.paths import link
from config.queries import count_of

from .models import Level, Municipality, Organisation, OrganisationType, Person, Role


def municipalities_in_scope(*, user) -> QuerySet[Municipality]:
    """The municipalities the user may open a case or log a signal in (the policy decides)."""
    return policy.municipalities_in_scope(user, Municipality.objects.select_related("region"))


def sees_several_regions(*, user) -> bool:
    """Whether a list filter should offer regions: for administrators, and for those bound to no
    region (a nationwide organisation's contact)."""
    return policy.is_admin(user) or policy.region_id_of(user) is None


def filter_municipalities(*, user) -> QuerySet[Municipality]:
    """The municipalities a list's filter offers: an official's own, a coordinator's (reader's,
    regional contact's) region's, every municipality for those who see several regions."""
    qs = Municipality.objects.select_related("region").order_by("name")
    if policy.role_of(user) == RoleName.OFFICIAL and user.municipality_id:
        return qs.filter(pk=user.municipality_id)
    if sees_several_regions(user=user):
        return qs
    return qs.filter(region_id=policy.region_id_of(user))


def matching(text: str, *fields: str) -> Q:
    """Rows where any of ``fields`` contains ``text``, case-insensitively. On PostgreSQL each field has
    a trigram index (pg_trgm, GIN on the upper-cased column: migration 0005) that this lookup uses;
    SQLite scans, with Unicode case folding (config/sqlite.py)."""
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__icontains": text})
    return q


def organisation_list(*, user, filters: dict | None = None) -> QuerySet[Organisation]:
    if not policy.can_view_registry(user):
        return Organisation.objects.none()
    filters = filters or {}
    today = timezone.localdate()
    qs = Organisation.objects.select_related("region", "municipality").annotate(
        people_count=count_of(Person.objects.filter(organisation_id=OuterRef("pk"))),
        dependent_roles=count_of(
            Role.objects.filter(organisation_id=OuterRef("pk"), deputy__isnull=True).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=today)
            ),
        ),
    )
    if q := filters.get("q"):
        qs = qs.filter(matching(q, "name", "org_number", "notes"))
    if t := filters.get("type"):
        qs = qs.filter(type=t)
    if level := filters.get("level"):
        qs = qs.filter(level=level)
    if region := filters.get("region"):
        qs = qs.filter(region=region)
    if municipality := filters.get("municipality"):
        qs = qs.filter(municipality=municipality)
    return qs.order_by("name", "pk")


def organisation_rows(organisations) -> list[Organisation]:
    """One page of ``organisation_list`` with what its table shows worked out once per page, not per
    row: the type's and the level's names in the current language, the place and the address of the
    organisation's page."""
    types = {value: str(label) for value, label in OrganisationType.choices}
    levels = {value: str(label) for value, label in Level.choices}
    rows = list(organisations)
    for org in rows:
        org.type_label = types.get(org.type, org.type)
        org.level_label = levels.get(org.level, org.level)
        org.place = org.municipality or org.region
        org.url = link("actors:organisation_detail", org.pk)
    return rows


def organisation_get(*, user, pk: int) -> Organisation:
    org = organisation_list(user=user).filter(pk=pk).first()
    if org is None:
        raise Http404
    return org


def organisation_detail_context(*, user, organisation: Organisation) -> dict:
    roles = list(
        Role.objects.filter(organisation=organisation)
        .select_related("person", "deputy")
        .order_by("valid_to", "title")
    )
    people = list(Person.objects.filter(organisation=organisation).order_by("name"))
    return {"roles": roles, "people": people, "can_edit": policy.can_edit_registry(user)}


def person_list(*, user, filters: dict | None = None) -> QuerySet[Person]:
    if not policy.can_view_registry(user):
        return Person.objects.none()
    filters = filters or {}
    qs = Person.objects.select_related("organisation", "organisation__municipality", "organisation__region")
    if q := filters.get("q"):
        # An e-mail address finds only the people whose contact details the user may see: a search
        # must not tell whose address it is.
        by_email = Q(email__icontains=q)
        if not policy.sees_all_contact_details(user):  # else every organisation's: no need to ask
            # The few organisations, as a list: the planner then knows how few people they hold.
            shared = policy.contact_organisations(user, Organisation.objects.all())
            by_email &= Q(organisation__in=list(shared.values_list("pk", flat=True))) | Q(user=user)
        qs = qs.filter(matching(q, "name", "title") | by_email)
    if organisation := filters.get("organisation"):
        qs = qs.filter(organisation=organisation)
    if region := filters.get("region"):
        qs = qs.filter(organisation__region=region)
    if municipality := filters.get("municipality"):
        qs = qs.filter(organisation__municipality=municipality)
    return qs.order_by("name", "pk")


def person_rows(people, *, user) -> list[Person]:
    """One page of ``person_list`` as its table shows it: the addresses of the person's and the
    organisation's pages, the organisation's place, and whether the user may see the person's e-mail
    and phone (``policy.can_see_contact_details``: the organisations it allows are read once)."""
    rows = list(people)
    for person in rows:
        org = person.organisation
        person.url = link("actors:person_detail", person.pk)
        person.organisation_url = link("actors:organisation_detail", org.pk)
        person.place = org.municipality or org.region
        person.contact_shown = policy.can_see_contact_details(user, person)
    return rows


def person_get(*, user, pk: int) -> Person:
    person = (
        person_list(user=user)
        .select_related("user")
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.select_related("organisation", "deputy")),
            Prefetch("deputy_for", queryset=Role.objects.select_related("organisation", "person")),
        )
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


def role_list(*, user) -> QuerySet[Role]:
    """Every role of the registry, for whoever reads the registry."""
    if not policy.can_view_registry(user):
        return Role.objects.none()
    return Role.objects.order_by("organisation__name", "title", "pk")


def role_get(*, user, pk: int) -> Role:
    if not policy.can_view_registry(user):
        raise Http404
    role = Role.objects.select_related("organisation", "person", "deputy").filter(pk=pk).first()
    if role is None:
        raise Http404
    return role
