"""Demo data for the regional competence picture (``seed_demo``): a second, smaller case in
Västerbotten (battery recycling in Umeå) whose demand adds to the battery factory's, the data centre's
gaps in Gävleborg (a confidential case: only its core team sees its demand), and more offerings, so
that each region's picture has red, yellow and green rows. Invented figures, and said so in every gap
and offering (``DEMO_SOURCE``), which the picture shows as demo data.

With the battery factory (``demo.competence``), Västerbotten reads: process operators yellow (no
barometer row; demand far above the supply), maintenance mechanics, electricians and electrical
engineers red (shortage, too little supply), compulsory-school teachers yellow (shortage, but the
teacher programme covers the demand), production-planning engineers and chemical engineers green.
Gävleborg, for the data centre's core team: software developers and electricians red, IT operations
technicians green; for everyone else in Gävleborg, nothing (the case is confidential).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from accounts.models import Confidentiality
from actors.models import Municipality
from competence.models import CompetenceGap, Confidence, GapSource, Occupation, Offering
from competence.services import competence_gap_save
from competence.supply.services import offering_save
from establishments.models import CaseKind, Phase
from establishments.services import case_create

from .competence import DEMO_SOURCE, REASON

# key: case fields, and its gaps as {SSYK: [(year offset, needed)]}
CASES = {
    "atervinning": (
        {
            "name": "Cirkulär Cell, återvinning av battericeller, Umeå",
            "sector": "Batteriåtervinning",
            "kind": CaseKind.NEW,
            "lead": "2480",
            "confidentiality": Confidentiality.OPEN,
            "coordinator": "samordnare",
            "deputy": "admin",
            "target_jobs": 250,
            "description": "Återvinning av battericeller i en hall om 20 000 m² i Umeåområdet.",
        },
        {
            "8189": [(1, 60), (2, 80)],
            "7233": [(1, 20), (2, 25)],
            "7411": [(1, 15)],
            "3115": [(1, 10), (2, 12)],
        },
    ),
}

# Gaps of an existing demo case, by its key in ``demo.data.cases.CASES``, and the user who records them.
EXISTING_CASE_GAPS = {
    "nordljus": (
        "samordnare.gavleborg",
        {
            "2512": [(1, 30), (2, 40)],
            "3511": [(1, 40), (2, 60)],
            "7411": [(1, 25), (2, 30)],
        },
    ),
}

# (name, form, provider key, SSYK codes, municipality, places and graduates a year, start year offset,
#  status)
OFFERINGS = [
    ("Civilingenjör, industriell produktion", "hogskola", "umu", ("2141",), "2480", 90, 80, -2, "pagaende"),
    ("Grundlärarprogrammet", "hogskola", "umu", ("2341",), "2480", 70, 60, -3, "pagaende"),
    ("Kemiingenjör, processteknik", "hogskola", "umu", ("3115",), "2480", 30, 25, -1, "pagaende"),
    ("Drifttekniker datacenter", "yh", "hig", ("3511",), "2180", 60, 50, 0, "beviljad"),
    ("Elinstallatör, yrkesvux", "komvux", "komvux_gavle", ("7411",), "2180", 15, 12, 0, "pagaende"),
]  # fmt: skip


def _gap(*, user, case, code: str, year: int, needed: int) -> CompetenceGap:
    gap = CompetenceGap(
        case=case,
        occupation=Occupation.objects.get(code=code),
        year=year,
        needed=needed,
        regional_supply=0,
        source=GapSource.OWN_ANALYSIS,
        confidence=Confidence.LOW,
        note=DEMO_SOURCE,
        sharing="medlemmar",
    )
    return competence_gap_save(user=user, gap=gap, reason=REASON)


def seed_competence_picture(*, users, orgs, cases) -> None:
    year = timezone.localdate().year
    for spec, gaps in CASES.values():
        lead = Municipality.objects.get(code=spec["lead"])
        case = case_create(
            user=users[spec["coordinator"]],
            name=spec["name"],
            sector=spec["sector"],
            kind=spec["kind"],
            lead_municipality=lead,
            candidate_municipalities=[lead],
            phase=Phase.INVESTIGATION,
            confidentiality=spec["confidentiality"],
            target_jobs=spec["target_jobs"],
            coordinator=users[spec["coordinator"]],
            deputy=users[spec["deputy"]],
            description=spec["description"],
        )
        for code, numbers in gaps.items():
            for offset, needed in numbers:
                _gap(user=users[spec["coordinator"]], case=case, code=code, year=year + offset, needed=needed)
    for key, (username, gaps) in EXISTING_CASE_GAPS.items():
        for code, numbers in gaps.items():
            for offset, needed in numbers:
                _gap(user=users[username], case=cases[key], code=code, year=year + offset, needed=needed)
    for name, form, provider, codes, place, places, graduates, start, status in OFFERINGS:
        offering = Offering(
            name=name, form=form, provider=orgs[provider], municipality=Municipality.objects.get(code=place),
            places_per_year=places, graduates_per_year=graduates, start=date(year + start, 8, 15),
            status=status, source=DEMO_SOURCE,
        )  # fmt: skip
        offering_save(
            user=users["admin"], offering=offering, occupations=Occupation.objects.filter(code__in=codes),
            reason=REASON,
        )  # fmt: skip
