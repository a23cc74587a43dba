"""The demo's establishment cases, each opened from a signal (``demo.data.signals``, outcome
``"case:<key>"``).

The battery factory in Skellefteå is open and far along (the whole workspace is filled for it); the
data centre in Gävle or Sandviken is confidential, under a code name; the hydrogen plant in
Sundsvall is restricted and just opened. Pure data: model choices only, no queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Confidentiality
from establishments.models import CaseKind, Phase


@dataclass(frozen=True)
class CaseSpec:
    name: str
    company: str  # organisation key
    sector: str
    kind: str
    lead_municipality: str  # SCB code
    candidate_municipalities: tuple[str, ...]  # SCB codes
    confidentiality: str
    target_jobs: int
    opened_by: str  # username; the opener takes the signal up for assessment first if ``assess_first``
    coordinator: str  # username; the coordinator walks the case through ``phases``
    deputy: str  # username
    members: tuple[str, ...]  # organisation keys
    description: str
    code_name: str = ""
    target: tuple[int, int, int] | None = None  # target date: (years from this year, month, day)
    assess_first: bool = True
    # Every case opens under investigation and then moves on: (phase, note, days ago).
    phases: tuple[tuple[str, str, int], ...] = ()
    # The story's age of the case: its phase changes are dated back. None: opened today, and left
    # in its first phase (``phases`` stays empty).
    opened_days_ago: int | None = None


CASES: dict[str, CaseSpec] = {
    "batteri": CaseSpec(
        name="Nordanvind battericellfabrik, Skellefteå",
        company="nordanvind",
        sector="Batteritillverkning",
        kind=CaseKind.NEW,
        lead_municipality="2482",
        candidate_municipalities=("2482", "2480", "2417"),
        confidentiality=Confidentiality.OPEN,
        target_jobs=3500,
        target=(3, 12, 31),
        opened_by="samordnare",
        coordinator="samordnare",
        deputy="tjansteman",
        members=(
            "skelleftea",
            "umea",
            "region_vb",
            "lst_vb",
            "af",
            "umu",
            "yh_norrsken",
            "komvux_ske",
            "gy_ske",
            "tc_vb",
            "voc_vb",
            "myh",
            "svk",
            "if_metall",
            "teknikforetagen",
            "kluster",
            "nya_skelleftebor",
            "nordanvind",
        ),
        description=(
            "Fabrik för battericeller med målet 3 500 anställda. Över 500 personer från ett femtiotal "
            "länder är anställda efter de första cellerna. Stora behov av processoperatörer, "
            "underhållstekniker, elektriker och ingenjörer, men också av bostäder, skolplatser och "
            "arbeten för medföljande."
        ),
        phases=(
            (
                Phase.NEGOTIATION,
                "Markoption tecknad för 100 hektar; Svenska kraftnät har bekräftat kapacitet.",
                700,
            ),
            (
                Phase.DECISION,
                "Bolaget har fattat investeringsbeslut; kommunen larmade de utpekade aktörerna.",
                520,
            ),
            (
                Phase.CONSTRUCTION,
                "Byggstart. Rekryteringen av de första 500 har börjat; YH och Komvux "
                "startar utbildningar i processteknik.",
                300,
            ),
        ),
        opened_days_ago=880,
    ),
    # The official who logged the confidential signal is the only one who sees it, so she opens the
    # case straight from it; the service grants it to her, the coordinator and the deputy, and
    # nobody else.
    "nordljus": CaseSpec(
        name="Tallskog Datahallar, datacenter i Gävle eller Sandviken",
        code_name="Projekt Nordljus",
        company="tallskog",
        sector="Datacenter",
        kind=CaseKind.DUPLICATION,
        lead_municipality="2180",
        candidate_municipalities=("2180", "2181"),
        confidentiality=Confidentiality.CONFIDENTIAL,
        target_jobs=200,
        target=(2, 6, 30),
        opened_by="tjansteman.gavle",
        assess_first=False,
        coordinator="samordnare.gavleborg",
        deputy="tjansteman.gavle",
        members=("gavle", "sandviken", "region_gb", "svk", "hig", "tallskog"),
        description=(
            "Datacenter som kopierar bolagets anläggning i ett annat land. Två tomter jämförs, i Gävle "
            "och i Sandviken. Sekretessavtal gäller; använd kodnamnet utanför kärngruppen."
        ),
        phases=((Phase.NEGOTIATION, "Bolaget förhandlar om två tomter; beslut väntas inom ett halvår.", 40),),
        opened_days_ago=75,
    ),
    "vatgas": CaseSpec(
        name="Bottenhavets Vätgas, elektrolysanläggning",
        company="bottenhavet",
        sector="Vätgas",
        kind=CaseKind.NEW,
        lead_municipality="2281",
        candidate_municipalities=("2281", "2280"),
        confidentiality=Confidentiality.RESTRICTED,
        target_jobs=400,
        opened_by="samordnare.vn",
        coordinator="samordnare.vn",
        # Västernorrland has no second coordinator in the demo: the system administrator stands in,
        # which is exactly the person dependence the checklist asks about.
        deputy="admin",
        members=(
            "sundsvall",
            "harnosand",
            "region_vn",
            "lst_vn",
            "miun",
            "yh_medelpad",
            "svk",
            "af",
            "bottenhavet",
        ),
        description=(
            "Utredning av mark med hamnläge, effekt från stamnätet och behovet av processoperatörer."
        ),
    ),
}
