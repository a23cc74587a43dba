"""The regional competence picture: for each SSYK occupation, the demand of a region's cases year by
year, against Arbetsförmedlingen's Yrkesbarometer and the region's education supply.

Demand is the sum of the cases' competence gaps (*people needed*), read through the access policy
first (``policy.readable_items``): only the cases the user may see, only the gaps at the sharing
levels the user may read there. A confidential case the user is not granted never reaches a sum the
user is shown, nor the chart, the XLSX file or the basis for an application, which are all made from
what these functions return. Drills do not count, nor lost cases unless their phase is asked for.

Supply is the region's offerings (``competence.supply``) that train for the occupation, counted once
however many cases point to them: their expected graduates in each year they run. *Secured*: granted
and running; *planned*: ideas and applications; ended offerings count no more. An offering that
trains for several occupations counts in each of them.

The picture is a fixed number of queries, whatever the number of cases, occupations or offerings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from accounts import policy
from actors.models import Municipality, Region
from establishments.disclosure import Audience, case_name, shown_to_system
from establishments.models import EstablishmentCase, Phase

from ..barometer.models import NATIONAL, SHORTAGE_SITUATIONS, Assessment
from ..barometer.selectors import Shown, assessments_for
from ..models import CompetenceGap, Occupation
from ..supply.models import SECURED, Offering, OfferingStatus
from .semafor import Light, light, reason

# Figures the demo data invents say so where they are recorded (a gap's note, an offering's source).
DEMO_MARK = "Demodata"
MAX_YEARS = 15  # the widest year range one picture shows
LIGHT_ORDER = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}
# In the place of a user: the picture other systems are told of (webhooks), from the gaps of the
# cases that are not confidential, at the levels shared beyond the case's own staff.
SHARED = object()


@dataclass
class Filters:
    municipality: Municipality | None = None
    sector: str = ""
    phase: str = ""
    year_from: int | None = None
    year_to: int | None = None
    shortage_only: bool = False


@dataclass
class Year:
    year: int
    demand: int = 0
    secured: int = 0
    planned: int = 0

    @property
    def remaining(self) -> int:
        return max(self.demand - self.secured, 0)


@dataclass
class Row:
    """One occupation of the picture."""

    occupation: Occupation
    years: list[Year]
    cases: int
    barometer: Shown | None
    offerings: list[Offering] = field(default_factory=list)
    demo: bool = False

    @property
    def demand(self) -> int:
        return sum(y.demand for y in self.years)

    @property
    def secured(self) -> int:
        return sum(y.secured for y in self.years)

    @property
    def planned(self) -> int:
        return sum(y.planned for y in self.years)

    @property
    def remaining(self) -> int:
        return max(self.demand - self.secured, 0)

    @property
    def shortage(self) -> bool:
        return self.barometer is not None and self.barometer.assessment.situation in SHORTAGE_SITUATIONS

    @cached_property
    def light(self) -> Light:
        return light(demand=self.demand, secured=self.secured, shortage=self.shortage)

    @property
    def reason(self) -> str:
        return reason(demand=self.demand, secured=self.secured, shortage=self.shortage)


@dataclass
class Picture:
    region: Region
    filters: Filters
    year_range: list[int]
    rows: list[Row]
    demo: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counts = {light.value: 0 for light in Light}
        for row in self.rows:
            counts[row.light.value] += 1
        return counts

    @property
    def totals(self) -> Year:
        total = Year(0)
        for row in self.rows:
            total.demand += row.demand
            total.secured += row.secured
            total.planned += row.planned
        return total


def picture_regions(*, user):
    return policy.competence_picture_regions(user, Region.objects.order_by("name"))


def picture_region(*, user, code: str) -> Region:
    """The region by its two-digit code: 404 for no such region, PermissionDenied for one whose
    picture the user may not see (``policy.can_view_competence_picture``)."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404
    if not policy.can_view_competence_picture(user, region):
        raise PermissionDenied
    return region


def _demand_gaps(*, user, region: Region, filters: Filters):
    """The gaps summed into the picture: those the user may read, or, for ``user=SHARED``, those a
    text for another system may carry (``disclosure.shown_to_system``)."""
    if user is SHARED:
        gaps = shown_to_system(CompetenceGap.objects.all())
    else:
        gaps = policy.readable_items(user, CompetenceGap.objects.all())
    gaps = gaps.filter(case__region=region, case__is_drill=False)
    gaps = gaps.filter(case__phase=filters.phase) if filters.phase else gaps.exclude(case__phase=Phase.LOST)
    if filters.municipality is not None:
        gaps = gaps.filter(case__lead_municipality=filters.municipality)
    if filters.sector:
        gaps = gaps.filter(case__sector__icontains=filters.sector)
    return gaps


def _offerings(*, region: Region, filters: Filters):
    offerings = Offering.objects.exclude(status=OfferingStatus.ENDED)
    if filters.municipality is not None:
        return offerings.filter(municipality=filters.municipality)
    return offerings.filter(municipality__region=region)


def _year_range(filters: Filters, years_with_demand) -> list[int]:
    this_year = timezone.localdate().year
    start = filters.year_from or this_year
    last = max(years_with_demand, default=start)
    end = filters.year_to or max(last, start)
    end = min(max(end, start), start + MAX_YEARS - 1)
    return list(range(start, end + 1))


def _supply_by_occupation(offerings, occupation_ids) -> dict[int, list[Offering]]:
    """The offerings that train for each occupation: one query."""
    through = Offering.occupations.through.objects.filter(
        offering__in=offerings, occupation_id__in=occupation_ids
    ).select_related("offering__provider", "offering__municipality")
    found: dict[int, list[Offering]] = defaultdict(list)
    for link in through.order_by("offering__name", "offering_id"):
        found[link.occupation_id].append(link.offering)
    return found


def _fill_supply(row: Row) -> None:
    for offering in row.offerings:
        for year in row.years:
            delivered = offering.graduates_in(year.year)
            if offering.status in SECURED:
                year.secured += delivered
            else:
                year.planned += delivered


def regional_picture(*, user, region: Region, filters: Filters) -> Picture:
    """One row per occupation with demand in the years shown, red first. Five queries. ``user`` may
    be ``SHARED``: the picture other systems are told of."""
    gaps = _demand_gaps(user=user, region=region, filters=filters)
    years_with_demand = gaps.values_list("year", flat=True).distinct()
    year_range = _year_range(filters, list(years_with_demand) if not filters.year_to else [])
    gaps = gaps.filter(year__gte=year_range[0], year__lte=year_range[-1])
    per_year = gaps.values("occupation_id", "year").annotate(needed=Sum("needed"))
    per_occupation = {
        r["occupation_id"]: r
        for r in gaps.values("occupation_id").annotate(
            cases=Count("case", distinct=True), demo=Count("pk", filter=Q(note__startswith=DEMO_MARK))
        )
    }
    occupations = Occupation.objects.in_bulk(per_occupation.keys())
    barometer = assessments_for(per_occupation.keys(), region.code)
    supply = _supply_by_occupation(_offerings(region=region, filters=filters), per_occupation.keys())
    demand: dict[int, dict[int, int]] = defaultdict(dict)
    for r in per_year:
        demand[r["occupation_id"]][r["year"]] = r["needed"]
    rows = []
    for occupation_id, facts in per_occupation.items():
        shown = barometer.get(occupation_id) or []
        row = Row(
            occupation=occupations[occupation_id],
            years=[Year(y, demand=demand[occupation_id].get(y, 0)) for y in year_range],
            cases=facts["cases"],
            barometer=shown[0] if shown else None,
            offerings=supply.get(occupation_id, []),
        )
        row.demo = bool(facts["demo"]) or any(o.source.startswith(DEMO_MARK) for o in row.offerings)
        _fill_supply(row)
        if filters.shortage_only and not row.shortage:
            continue
        rows.append(row)
    rows.sort(key=lambda r: (LIGHT_ORDER[r.light], -r.remaining, r.occupation.code))
    return Picture(
        region=region, filters=filters, year_range=year_range, rows=rows, demo=any(r.demo for r in rows)
    )


# --- One occupation: the chart's stacks and the basis for an application -----------------------


@dataclass
class CaseDemand:
    """One case's demand for the occupation, named as a file may name it (a code name for a
    confidential case: ``disclosure.case_name``)."""

    case: EstablishmentCase
    name: str
    years: dict[int, int]
    year_list: list[tuple[int, int]] = field(default_factory=list)  # (year, demand) in the range shown

    @property
    def total(self) -> int:
        return sum(self.years.values())


@dataclass
class OccupationBasis:
    row: Row
    cases: list[CaseDemand]
    rounds: list  # the barometer's assessments over rounds, newest first
    picture_filters: Filters
    year_range: list[int]


def occupation_basis(*, user, region: Region, code: str, filters: Filters) -> OccupationBasis:
    """The picture's row for one occupation (by SSYK code) with the demand of each case behind it,
    and the barometer's assessment over every round. A fixed number of queries."""
    occupation = Occupation.objects.filter(code=code, level=4).first()
    if occupation is None:
        raise Http404
    gaps = _demand_gaps(user=user, region=region, filters=filters).filter(occupation=occupation)
    years_with_demand = list(gaps.values_list("year", flat=True).distinct())
    year_range = _year_range(filters, years_with_demand if not filters.year_to else [])
    gaps = gaps.filter(year__gte=year_range[0], year__lte=year_range[-1])
    per_case: dict[int, CaseDemand] = {}
    demo = False
    for gap in gaps.select_related("case").order_by("case__name", "case_id", "year"):
        entry = per_case.get(gap.case_id)
        if entry is None:
            entry = per_case[gap.case_id] = CaseDemand(gap.case, case_name(gap.case, Audience.FILE), {})
        entry.years[gap.year] = entry.years.get(gap.year, 0) + gap.needed
        demo = demo or gap.note.startswith(DEMO_MARK)
    for entry in per_case.values():
        entry.year_list = [(y, entry.years.get(y, 0)) for y in year_range]
    shown = assessments_for([occupation.pk], region.code).get(occupation.pk) or []
    offerings = _supply_by_occupation(_offerings(region=region, filters=filters), [occupation.pk]).get(
        occupation.pk, []
    )
    row = Row(
        occupation=occupation,
        years=[Year(y, demand=sum(c.years.get(y, 0) for c in per_case.values())) for y in year_range],
        cases=len(per_case),
        barometer=shown[0] if shown else None,
        offerings=offerings,
    )
    row.demo = demo or any(o.source.startswith(DEMO_MARK) for o in offerings)
    _fill_supply(row)
    return OccupationBasis(
        row=row,
        cases=sorted(per_case.values(), key=lambda c: (-c.total, c.name)),
        rounds=_rounds(occupation, region),
        picture_filters=filters,
        year_range=year_range,
    )


def _rounds(occupation: Occupation, region: Region) -> list:
    """The barometer's assessments of the occupation over every round: the county's row where the
    round has one, else the country's (one query)."""
    rows = (
        Assessment.objects.filter(occupation__occupations=occupation)
        .filter(Q(county=region.code) | Q(county=NATIONAL))
        .select_related("round", "occupation")
        .order_by("-round__code", "occupation__name", "county")
    )
    chosen: dict[tuple, Assessment] = {}
    for a in rows:
        key = (a.round_id, a.occupation_id)
        if key not in chosen or (chosen[key].county == NATIONAL and a.county != NATIONAL):
            chosen[key] = a
    return list(chosen.values())
