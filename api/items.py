"""The records of a case's workspace, read through the API: one read-only endpoint per kind of record
(the five moments' records and the competence moment's), each made from one ``ItemResource`` here.

Every endpoint reads as the web's tabs do: the cases the caller may see, at the sharing levels the
caller may read there (``policy.readable_items``); a record that hangs under another (a route's step,
a journal entry's follow-up, a gap's intervention) is read only where its parent is read too, so the
API never shows a record whose parent the tab would hide. A record's ``version`` is its ETag.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from accounts import policy
from competence.models import CompetenceGap, Intervention, LivingNeed
from establishments.models import CaseMember
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry
from workspace.routes.models import ContactRoute, RouteStep

from .filters import KeyFilter, SinceFilter, key
from .views import etag

COMMON = ["id", "case", "sharing", "version", "created_at", "updated_at"]


@dataclass(frozen=True)
class ItemResource:
    prefix: str  # the URL segment under /api/v1/
    model: type
    fields: list[str]  # the record's own fields, besides ``COMMON``
    doc: str
    related: tuple[str, ...] = ()  # select_related, for the fields that read a related row
    parent: str = ""  # the record this one hangs under: read only where that one is read too
    filters: dict = field(default_factory=dict)  # name -> a django-filter filter
    extra: dict = field(default_factory=dict)  # name -> a serializer field (read-only)
    shared: bool = True  # False for records without a sharing level (the actor map's members)
    ordering: tuple[str, ...] = ()  # fields to order by besides the key and the times (never empty)

    @property
    def name(self) -> str:
        return self.model.__name__

    def queryset(self, user):
        qs = self.model.objects.select_related(*self.related)
        if not self.shared:
            return policy.narrow_by_case(user, qs, "case")
        qs = policy.readable_items(user, qs)
        if self.parent:
            qs = qs.filter(**{f"{self.parent}__sharing__in": policy.sharing_levels_for(user, None)})
        return qs


def _choices(model, name: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(choices=model._meta.get_field(name).choices)


RESOURCES = [
    ItemResource(
        "expectations",
        Expectation,
        ["kind", "text", "organisation"],
        "The målbild's expectations: what each party expects of the establishment and gives it (moment 2).",
        filters={
            "kind": _choices(Expectation, "kind"),
            "organisation": KeyFilter(field_name="organisation_id"),
        },
    ),
    ItemResource(
        "milestones",
        Milestone,
        ["kind", "title", "date", "note"],
        "The målbild's milestones: the dates the establishment and the region plan towards (moment 2).",
        filters={
            "kind": _choices(Milestone, "kind"),
            "date_after": django_filters.DateFilter(field_name="date", lookup_expr="gte"),
            "date_before": django_filters.DateFilter(field_name="date", lookup_expr="lte"),
        },
        ordering=("date",),
    ),
    ItemResource(
        "resource-commitments",
        ResourceCommitment,
        ["organisation", "description", "people", "amount_sek"],
        "What each organisation commits to the case in people and money (moment 2).",
        filters={"organisation": KeyFilter(field_name="organisation_id")},
    ),
    ItemResource(
        "members",
        CaseMember,
        [
            "organisation",
            "engagement",
            "case_role",
            "themes",
            "mandate",
            "contact",
            "deputy_contact",
            "influence",
            "interest",
            "added_at",
        ],
        "The actor map: the organisations taking part in each case, their role, themes and mandate in it "
        "(moment 3). Every member is seen by everyone who sees the case.",
        filters={
            "organisation": KeyFilter(field_name="organisation_id"),
            "engagement": _choices(CaseMember, "engagement"),
            "case_role": _choices(CaseMember, "case_role"),
        },
        shared=False,
    ),
    ItemResource(
        "contact-routes",
        ContactRoute,
        ["topic", "first_contact", "answers", "last_verified", "note"],
        "En väg in: who the establishing company calls first about each topic (moment 4).",
        filters={"topic": _choices(ContactRoute, "topic")},
    ),
    ItemResource(
        "route-steps",
        RouteStep,
        ["route", "order", "person", "handles", "is_fallback"],
        "The steps of the contact routes, in order: who handles what, and who stands in.",
        parent="route",
        filters={"route": KeyFilter(field_name="route_id")},
        ordering=("order",),
    ),
    ItemResource(
        "journal-entries",
        JournalEntry,
        ["kind", "date", "title", "participants", "notes"],
        "The case's journal: meetings, calls and decisions.",
        filters={
            "kind": _choices(JournalEntry, "kind"),
            "date_after": django_filters.DateFilter(field_name="date", lookup_expr="gte"),
        },
        ordering=("date",),
    ),
    ItemResource(
        "follow-ups",
        FollowUp,
        ["entry", "text", "owner", "owner_person", "due", "done"],
        "What a journal entry leaves to be done, by whom and when.",
        parent="entry",
        filters={
            "entry": KeyFilter(field_name="entry_id"),
            "owner": KeyFilter(field_name="owner_id"),
            "done": django_filters.BooleanFilter(),
        },
    ),
    ItemResource(
        "competence-gaps",
        CompetenceGap,
        ["year", "needed", "regional_supply", "source", "confidence", "note"],
        "The cases' competence gaps: people needed per SSYK occupation and year, against the supply the "
        "region expects anyway (``gap`` = needed − regional_supply).",
        related=("occupation",),
        filters={
            "ssyk": django_filters.CharFilter(
                field_name="occupation__code", help_text="A four-digit SSYK code."
            ),
            "year": django_filters.NumberFilter(field_name="year", min_value=1900, max_value=2200),
            "source": _choices(CompetenceGap, "source"),
        },
        extra={
            "ssyk": serializers.CharField(source="occupation.code", read_only=True),
            "gap": serializers.IntegerField(read_only=True),
        },
        ordering=("year",),
    ),
    ItemResource(
        "interventions",
        Intervention,
        [
            "gap",
            "kind",
            "title",
            "organisation",
            "places_per_year",
            "start",
            "end_year",
            "status",
            "offering",
            "note",
        ],
        "What closes a gap: training, recruitment, relocation, with places per year.",
        parent="gap",
        filters={"gap": KeyFilter(field_name="gap_id"), "status": _choices(Intervention, "status")},
    ),
    ItemResource(
        "living-needs",
        LivingNeed,
        ["kind", "description", "quantity", "year", "organisation", "status"],
        "The living environment's needs: housing, schools, transport, for those who move.",
        filters={"kind": _choices(LivingNeed, "kind"), "status": _choices(LivingNeed, "status")},
    ),
]


def _serializer(resource: ItemResource) -> type[serializers.ModelSerializer]:
    common = [f for f in COMMON if resource.shared or f in ("id", "case", "version")]
    fields = [*common, *resource.fields, *resource.extra]
    meta = type("Meta", (), {"model": resource.model, "fields": fields, "read_only_fields": fields})
    return type(
        f"{resource.name}Serializer", (serializers.ModelSerializer,), {"Meta": meta, **resource.extra}
    )


def _filterset(resource: ItemResource) -> type[django_filters.FilterSet]:
    filters = {"case": KeyFilter(field_name="case_id"), **resource.filters}
    if resource.shared:
        filters["sharing"] = _choices(resource.model, "sharing")
        filters["updated_after"] = SinceFilter(field_name="updated_at", lookup_expr="gte")
    meta = type("Meta", (), {"model": resource.model, "fields": list(filters)})
    return type(f"{resource.name}Filter", (django_filters.FilterSet,), {"Meta": meta, **filters})


def _viewset(resource: ItemResource) -> type[viewsets.ReadOnlyModelViewSet]:
    serializer = _serializer(resource)

    def get_queryset(self):
        return resource.queryset(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        item = self.get_queryset().filter(pk=key(kwargs["pk"])).first()
        if item is None:
            raise Http404
        response = Response(serializer(item, context=self.get_serializer_context()).data)
        response["ETag"] = etag(item.version)
        return response

    attrs = {
        "__doc__": resource.doc,
        "serializer_class": serializer,
        "filterset_class": _filterset(resource),
        "ordering_fields": [
            "id",
            *(["created_at", "updated_at"] if resource.shared else ["added_at"]),
            *resource.ordering,
        ],
        "get_queryset": get_queryset,
        "retrieve": extend_schema(responses=serializer)(retrieve),
    }
    return type(f"{resource.name}ViewSet", (viewsets.ReadOnlyModelViewSet,), attrs)


VIEWSETS = [(r.prefix, _viewset(r), r.name.lower()) for r in RESOURCES]
