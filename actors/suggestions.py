"""What a search-as-you-type field (``actors.widgets``) may choose among, and how typed text finds it.

A *source* names one set of rows: the rows a user may choose (narrowed by the access policy through
the selectors), how a row is written out (its label, the text the field shows once chosen, and a
hint beside it in the list) and how typed text is matched (best matches first). The same source
serves the suggestions endpoint (``views.suggest``: what the list shows as one types) and the form
field (which resolves what was typed without JavaScript), so both offer exactly the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from accounts import policy

from .models import Municipality, Organisation, OrganisationType
from .selectors import filter_municipalities, matching

MAX_TEXT = 100  # what a search looks at of the typed text
LIMIT = 20  # suggestions shown at once


def clean_text(text) -> str:
    """Typed text as searched: no NUL (PostgreSQL refuses it), single spaces, at most ``MAX_TEXT``."""
    return " ".join(str(text or "").replace("\x00", "").split())[:MAX_TEXT]


@dataclass(frozen=True)
class Source:
    name: str
    rows: Callable[..., QuerySet]  # rows(user=...): what the user may choose, narrowed by the policy
    search: Callable[..., list]  # search(rows, text, limit, user): best matches first
    label: Callable[[object], str]
    hint: Callable[[object], str]
    code: Callable[[object], str]  # a key one may type instead of the name ("" for none)
    typing_hint: str  # what the field says one may type (read out with the field)
    # Said when typed text finds nothing or several rows (``%(text)s``, ``%(examples)s``).
    none_message: str
    several_message: str


def _rank(text: str, field: str) -> Case:
    """0 for a row whose ``field`` is the text, 1 for one where it starts with the text, 2 for one
    where it holds it, 3 for a row found otherwise (by its code, its region)."""
    return Case(
        When(**{f"{field}__iexact": text}, then=Value(0)),
        When(**{f"{field}__istartswith": text}, then=Value(1)),
        When(**{f"{field}__icontains": text}, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


# --- Municipalities ---------------------------------------------------------------------------------


def _municipalities_in_filter(*, user) -> QuerySet[Municipality]:
    return filter_municipalities(user=user)


def _every_municipality(*, user) -> QuerySet[Municipality]:
    """Every municipality: the registry is national (``policy.can_view_registry``)."""
    if not policy.can_view_registry(user):
        return Municipality.objects.none()
    return Municipality.objects.select_related("region").order_by("name")


def _search_municipalities(rows: QuerySet, text: str, limit: int, user=None) -> list:
    """By name, four-digit code or region; the name itself first, then names that start with the
    text; the user's own region's municipalities before the others."""
    qs, order = rows, ["name", "pk"]
    region_id = policy.region_id_of(user) if user is not None else None
    if region_id is not None:
        qs = qs.annotate(
            elsewhere=Case(
                When(region_id=region_id, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        order.insert(0, "elsewhere")
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(code__startswith=text) | Q(region__name__icontains=text))
        qs = qs.annotate(rank=_rank(text, "name"))
        order.insert(0, "rank")
    return list(qs.select_related("region").order_by(*order)[:limit])


# --- Organisations ----------------------------------------------------------------------------------


def _organisations(*, user) -> QuerySet[Organisation]:
    """The registry's organisations: every organisation for whoever may read the registry."""
    if not policy.can_view_registry(user):
        return Organisation.objects.none()
    return Organisation.objects.select_related("municipality", "region")


def _search_organisations(rows: QuerySet, text: str, limit: int, user=None) -> list:
    """Names (or organisation numbers) that start with the text first, then names that hold it, each
    in name order. Two short queries, each stopping at ``limit`` rows, rather than ranking every row
    that holds a common word ("AB"): one walks the name index, the other the name's trigram index
    (migration 0005) where the text is rare."""
    if not text:
        return list(rows.order_by("name", "pk")[:limit])
    starts = Q(name__istartswith=text) | Q(org_number__istartswith=text)
    found = list(rows.filter(starts).order_by("name", "pk")[:limit])
    if len(found) < limit:
        holding = rows.filter(matching(text, "name")).exclude(pk__in=[org.pk for org in found])
        found += holding.order_by("name", "pk")[: limit - len(found)]
    folded = text.casefold()
    return sorted(found, key=lambda org: org.name.casefold() != folded)  # the name itself first


def _companies(*, user) -> QuerySet[Organisation]:
    """The companies of the registry: who establishes (a case's company)."""
    return _organisations(user=user).filter(type=OrganisationType.FORETAG)


def _signal_sources(*, user) -> QuerySet[Organisation]:
    """Whom a signal comes from: a company, or Business Sweden passing it on."""
    return _organisations(user=user).filter(
        type__in=[OrganisationType.FORETAG, OrganisationType.BUSINESS_SWEDEN]
    )


def _organisation_source(name: str, rows: Callable[..., QuerySet]) -> Source:
    return Source(
        name=name,
        rows=rows,
        search=_search_organisations,
        label=lambda o: o.name,
        hint=_organisation_hint,
        code=lambda o: o.org_number,
        **_ORGANISATION_TEXTS,
    )


def _organisation_hint(org: Organisation) -> str:
    place = org.municipality or org.region
    return " · ".join(str(part) for part in (org.org_number, place) if part)


# What the organisation fields say.
_ORGANISATION_TEXTS = {
    "typing_hint": _("Type part of the name or the organisation number, then choose from the suggestions."),
    "none_message": _(
        "No organisation matches “%(text)s”. Type part of the name or the organisation number."
    ),
    "several_message": _(
        "Several organisations match “%(text)s”, among them %(examples)s. Type more of the name "
        "or the organisation number, or choose one from the suggestions."
    ),
}

# What the municipality fields say: how to type, and when typed text finds nothing or several.
_MUNICIPALITY_TEXTS = {
    "typing_hint": _("Type part of the name or the four-digit code, then choose from the suggestions."),
    "none_message": _("No municipality matches “%(text)s”. Type part of the name or the four-digit code."),
    "several_message": _(
        "Several municipalities match “%(text)s”, among them %(examples)s. Type more of the name, or "
        "choose one from the suggestions."
    ),
}


def _municipality_source(name: str, rows: Callable[..., QuerySet]) -> Source:
    return Source(
        name=name,
        rows=rows,
        search=_search_municipalities,
        label=lambda m: m.name,
        hint=lambda m: m.region.name,
        code=lambda m: m.code,
        **_MUNICIPALITY_TEXTS,
    )


SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        # The municipalities a list's filter offers the user (an official's, a region's, every one).
        _municipality_source("municipality", _municipalities_in_filter),
        # Every municipality, for the national registry.
        _municipality_source("municipality-any", _every_municipality),
        # Every organisation of the registry; the companies; those a signal may come from.
        _organisation_source("organisation", _organisations),
        _organisation_source("company", _companies),
        _organisation_source("signal-source", _signal_sources),
    )
}


def suggestions(*, user, source: Source, text: str, limit: int = LIMIT) -> list:
    """What the list under a field shows for ``text`` (the first rows for no text)."""
    return source.search(source.rows(user=user), clean_text(text), limit, user)
