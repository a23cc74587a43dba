"""Demo data for moment 2, competence mapping, of the battery-factory case (``seed_demo``).

Invented but plausible numbers for a cell factory growing towards 3,500 employees over three
years: process operators above all, then maintenance, electricians and engineers, and the care,
school and housing a growing town needs. Everything goes through the services, so the history
is what the application itself would have recorded.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from actors.models import Municipality
from competence.models import (
    CompetenceGap,
    Confidence,
    GapSource,
    Intervention,
    LivingNeed,
    Occupation,
    Offering,
)
from competence.services import competence_gap_save, intervention_save, living_need_save
from competence.supply.services import offering_save

REASON = "Demodata"

S = GapSource
C = Confidence

# SSYK code: (source, confidence, [(needed, regional supply) for this year and the next two], note, sharing)
GAPS: dict[str, tuple] = {
    "8189": (
        S.COMPANY,
        C.HIGH,
        [(600, 150), (900, 180), (1200, 200)],
        "Processoperatörer för elektrodtillverkning, cellmontering och formering. Treskift.",
        "medlemmar",
    ),
    "8121": (
        S.COMPANY,
        C.MEDIUM,
        [(80, 20), (120, 25), (150, 30)],
        "Ytbehandling av folier och kapslingar.",
        "medlemmar",
    ),
    "7233": (
        S.COMPANY,
        C.HIGH,
        [(150, 40), (220, 50), (260, 60)],
        "Underhållstekniker med automation; bristyrke i hela länet.",
        "medlemmar",
    ),
    "7411": (
        S.EMPLOYMENT_SERVICE,
        C.MEDIUM,
        [(120, 60), (150, 60), (160, 70)],
        "Bygget och fabriken konkurrerar om samma elektriker.",
        "medlemmar",
    ),
    "2141": (
        S.COMPANY,
        C.MEDIUM,
        [(60, 25), (80, 30), (90, 30)],
        "Bolagets egna siffror, lämnade under sekretessavtal.",
        "intern",
    ),
    "3113": (
        S.PLATFORM,
        C.MEDIUM,
        [(90, 30), (110, 35), (120, 40)],
        "Kompetensplattformens prognos för elkraft och styrsystem.",
        "medlemmar",
    ),
    "5321": (
        S.OWN_ANALYSIS,
        C.LOW,
        [(40, 25), (70, 30), (90, 35)],
        "Befolkningen växer med nyinflyttade familjer; äldreomsorgen behöver växa i takt.",
        "medlemmar",
    ),
    "2341": (
        S.OWN_ANALYSIS,
        C.LOW,
        [(15, 5), (25, 8)],
        "Fler elever i grundskolan när familjerna flyttar hit.",
        "medlemmar",
    ),
}

K = Intervention.Kind
ST = Intervention.Status

# (SSYK code, year offset of the gap, kind, name, organisation key, places a year, start (offset, month),
#  last year offset or None, status, note)
INTERVENTIONS = [
    (
        "8189",
        0,
        K.KOMVUX,
        "Regionalt yrkesvux: processoperatör",
        "komvux_ske",
        80,
        (0, 1),
        None,
        ST.ONGOING,
        "Utbildning på 30 veckor med praktik i fabrikens pilotlinje.",
    ),
    (
        "8189",
        0,
        K.YH,
        "Processtekniker battericellstillverkning",
        "yh_norrsken",
        60,
        (0, 8),
        None,
        ST.DECIDED,
        "Beviljad av MYH för fem omgångar.",
    ),
    (
        "8189",
        0,
        K.RECRUIT_NATIONAL,
        "Rekryteringsträffar i hela landet",
        "af",
        100,
        (0, 3),
        None,
        ST.ONGOING,
        "",
    ),
    (
        "8189",
        1,
        K.RECRUIT_INTERNATIONAL,
        "EURES-rekrytering i Europa",
        "af",
        150,
        (1, 2),
        None,
        ST.PLANNED,
        "Bolaget står för flytt och språkkurs första året.",
    ),
    ("8189", 1, K.APPRENTICESHIP, "Lärlingsvux i fabriken", "komvux_ske", 30, (1, 1), None, ST.PLANNED, ""),
    (
        "8189",
        0,
        K.RETRAINING,
        "Omställning efter varsel i sågverksindustrin",
        "af",
        40,
        (0, 4),
        0,
        ST.FINISHED,
        "Varslade operatörer från två sågverk; avslutad när alla fått anställning.",
    ),
    ("8121", 0, K.VALIDATION, "Validering av ytbehandlare", "tc_vb", 20, (0, 9), None, ST.PLANNED, ""),
    ("7233", 0, K.YH, "Underhållstekniker automation", "yh_norrsken", 35, (0, 8), None, ST.DECIDED, ""),
    (
        "7233",
        0,
        K.RECRUIT_NATIONAL,
        "Rekrytering av underhållstekniker",
        "af",
        40,
        (0, 5),
        None,
        ST.ONGOING,
        "",
    ),
    (
        "7233",
        1,
        K.APPRENTICESHIP,
        "Lärlingsvux underhåll",
        "komvux_ske",
        20,
        (1, 1),
        None,
        ST.STOPPED,
        "Stoppad: bolaget kan inte ställa handledare förrän linje två är i drift.",
    ),
    ("7411", 0, K.KOMVUX, "Yrkesvux elektriker", "komvux_ske", 30, (0, 1), None, ST.ONGOING, ""),
    (
        "7411",
        0,
        K.VALIDATION,
        "Validering av elektriker med utländsk examen",
        "af",
        15,
        (0, 6),
        None,
        ST.ONGOING,
        "",
    ),
    (
        "2141",
        1,
        K.UNIVERSITY,
        "Uppdragsutbildning i batteriteknik för ingenjörer",
        "umu",
        20,
        (1, 1),
        None,
        ST.DECIDED,
        "",
    ),
    (
        "2141",
        0,
        K.RECRUIT_INTERNATIONAL,
        "Team Sweden: ingenjörer från Asien och Europa",
        "business_sweden",
        25,
        (0, 6),
        None,
        ST.ONGOING,
        "",
    ),
    (
        "3113",
        0,
        K.YH,
        "Elingenjör med inriktning styrsystem",
        "yh_norrsken",
        25,
        (0, 8),
        None,
        ST.DECIDED,
        "",
    ),
    (
        "5321",
        0,
        K.KOMVUX,
        "Vård- och omsorgsutbildning, kvällstid",
        "komvux_ske",
        25,
        (0, 1),
        None,
        ST.ONGOING,
        "Vård- och omsorgscollege samordnar praktikplatserna.",
    ),
]

LK = LivingNeed.Kind
LS = LivingNeed.Status

# (kind, description, quantity, year offset or None, organisation key or None, status, sharing)
LIVING_NEEDS = [
    (
        LK.HOUSING,
        "Bostäder för inflyttande anställda och deras familjer; 600 lägenheter är under byggnation.",
        1800,
        2,
        "skelleftea",
        LS.ONGOING,
        "etableraren",
    ),
    (
        LK.SCHOOL,
        "Förskoleplatser i de nya bostadsområdena och närmast fabriken.",
        400,
        1,
        "skelleftea",
        LS.PLANNED,
        "medlemmar",
    ),
    (
        LK.INTERNATIONAL_SCHOOL,
        "Engelskspråkig grundskola för barn till anställda från ett femtiotal länder.",
        300,
        1,
        "skelleftea",
        LS.DECIDED,
        "etableraren",
    ),
    (
        LK.PARTNER_JOBS,
        "Matchning av medföljande partner mot regionens arbetsgivare (dual career).",
        200,
        0,
        "af",
        LS.ONGOING,
        "etableraren",
    ),
    (
        LK.HEALTHCARE,
        "En ny vårdcentral och vårdinformation på engelska.",
        None,
        2,
        "region_vb",
        LS.IDENTIFIED,
        "medlemmar",
    ),
    (
        LK.TRANSPORT,
        "Busstrafik anpassad efter treskift mellan centrum och fabriken.",
        None,
        0,
        "region_vb",
        LS.PLANNED,
        "medlemmar",
    ),
    (
        LK.OTHER,
        "Språkcafé, mentorer och föreningsliv för nyinflyttade.",
        None,
        None,
        "nya_skelleftebor",
        LS.ONGOING,
        "medlemmar",
    ),
]


# The region's education supply (competence/supply): (name, form, provider, SSYK codes, municipality,
# places and graduates a year, (start year offset, month), years it runs (None: on), status). The
# interventions of the same name point to them. Invented figures, and said so in each one's source.
OFFERINGS = [
    ("Processtekniker battericellstillverkning", "yh", "yh_norrsken", ("8189",), "2482", 60, 48, (0, 8), None,
     "beviljad"),
    ("Regionalt yrkesvux: processoperatör", "komvux", "komvux_ske", ("8189",), "2482", 80, 64, (0, 1), None,
     "pagaende"),
    ("Elektriker, yrkesvux", "komvux", "komvux_ske", ("7411",), "2482", 24, 20, (1, 1), 3, "ansokt"),
]  # fmt: skip
DEMO_SOURCE = "Demodata: påhittade siffror"


def seed_offerings(*, user, orgs) -> dict[str, Offering]:
    year = timezone.localdate().year
    saved = {}
    for name, form, provider, codes, place, places, graduates, (start, month), years, status in OFFERINGS:
        offering = Offering(
            name=name, form=form, provider=orgs[provider], municipality=Municipality.objects.get(code=place),
            places_per_year=places, graduates_per_year=graduates, start=date(year + start, month, 1),
            end=None if years is None else date(year + start + years, 6, 15), status=status,
            source=DEMO_SOURCE,
        )  # fmt: skip
        saved[name] = offering_save(
            user=user, offering=offering, occupations=Occupation.objects.filter(code__in=codes), reason=REASON
        )
    return saved


def seed_competence(*, case, users, orgs, people) -> None:
    """Fill moment 2 of ``case`` (the battery factory) through the services."""
    user = users["samordnare"]
    year = timezone.localdate().year
    occupations = {o.code: o for o in Occupation.objects.filter(code__in=GAPS)}
    gaps = {}
    for code, (source, confidence, numbers, note, sharing) in GAPS.items():
        for offset, (needed, supply) in enumerate(numbers):
            gap = CompetenceGap(
                case=case,
                occupation=occupations[code],
                year=year + offset,
                needed=needed,
                regional_supply=supply,
                source=source,
                confidence=confidence,
                note=note if offset == 0 else "",
                sharing=sharing,
            )
            gaps[code, offset] = competence_gap_save(user=user, gap=gap, reason=REASON)
    offerings = seed_offerings(user=user, orgs=orgs)
    for code, offset, kind, title, org, places, (start_offset, month), end, status, note in INTERVENTIONS:
        gap = gaps[code, offset]
        intervention_save(
            user=user,
            intervention=Intervention(
                case=case,
                gap=gap,
                kind=kind,
                title=title,
                organisation=orgs[org],
                places_per_year=places,
                start=date(year + start_offset, month, 1),
                end_year=None if end is None else year + end,
                status=status,
                note=note,
                sharing=gap.sharing,
                offering=offerings.get(title),
            ),
            reason=REASON,
        )
    for kind, description, quantity, offset, org, status, sharing in LIVING_NEEDS:
        living_need_save(
            user=user,
            need=LivingNeed(
                case=case,
                kind=kind,
                description=description,
                quantity=quantity,
                year=None if offset is None else year + offset,
                organisation=orgs[org] if org else None,
                status=status,
                sharing=sharing,
            ),
            reason=REASON,
        )
