"""Reads of the Yrkesbarometer for a case's competence gaps: what Arbetsförmedlingen says of an SSYK
occupation in the case's county, in the latest round (the national row where the round has none
for the county, and then it says so), and how that moved since the round before.

Reference data, the same for every user: nothing here is narrowed by the access policy; what is
narrowed is the gaps it is shown beside."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from .models import NATIONAL, SHORTAGE_SITUATIONS, Assessment, BarometerRound, Situation

# Where an SSYK group is in several of the barometer's occupations, the one in shortage counts first.
_SHORTAGE_FIRST = Case(
    When(situation__in=SHORTAGE_SITUATIONS, then=Value(0)), default=Value(1), output_field=IntegerField()
)


def _latest_round():
    return BarometerRound.objects.order_by("-code").values("pk")[:1]


def situation_of(occupation: str = "occupation_id", county: str = "case__region__code"):
    """An expression for a row's SSYK occupation (``occupation``: the path to its id) in the county
    ``county`` (a path to the county code): the latest round's recruitment situation there, else in
    the whole country; None where the barometer does not assess the occupation."""
    rows = Assessment.objects.filter(
        round=Subquery(_latest_round()), occupation__occupations=OuterRef(occupation)
    ).order_by(_SHORTAGE_FIRST, "occupation__name")
    return Coalesce(
        Subquery(rows.filter(county=OuterRef(county)).values("situation")[:1]),
        Subquery(rows.filter(county=NATIONAL).values("situation")[:1]),
    )


@dataclass
class Shown:
    """One assessment as the gap list shows it."""

    assessment: Assessment
    national: bool  # the county has no row in this round: the country's
    previous: str  # the situation in the round before (same area), "" if none

    @property
    def shortage(self) -> bool:
        return self.assessment.is_shortage

    @property
    def moved(self) -> bool:
        return bool(self.previous) and self.previous != self.assessment.situation

    @property
    def previous_label(self) -> str:
        return str(Situation(self.previous).label) if self.previous else ""


def assessments_for(occupation_ids, county: str) -> dict[int, list[Shown]]:
    """For each SSYK occupation (id), the latest round's assessments of the barometer occupations
    that cover it, in ``county`` where the round has the county's row, else the country's. One
    query, whatever the number of occupations."""
    ids = set(occupation_ids)
    if not ids:
        return {}
    previous = (
        Assessment.objects.filter(
            occupation=OuterRef("occupation"),
            county=OuterRef("county"),
            round__code__lt=OuterRef("round__code"),
        )
        .order_by("-round__code")
        .values("situation")[:1]
    )
    rows = (
        Assessment.objects.filter(round=Subquery(_latest_round()), occupation__occupations__in=ids)
        .filter(Q(county=county) | Q(county=NATIONAL))
        .annotate(ssyk_id=F("occupation__occupations"), previous_situation=Subquery(previous))
        .select_related("round", "occupation")
        .order_by(_SHORTAGE_FIRST, "occupation__name", "county")
    )
    found: dict[int, dict[int, Assessment]] = {}
    for row in rows:
        per_occupation = found.setdefault(row.ssyk_id, {})
        chosen = per_occupation.get(row.occupation_id)
        if chosen is None or (chosen.county == NATIONAL and row.county != NATIONAL):
            per_occupation[row.occupation_id] = row
    return {
        ssyk_id: [
            Shown(
                a, national=a.county == NATIONAL and county != NATIONAL, previous=a.previous_situation or ""
            )
            for a in per_occupation.values()
        ]
        for ssyk_id, per_occupation in found.items()
    }
