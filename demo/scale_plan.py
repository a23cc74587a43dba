"""Where each scale case lies, who holds it, how confidential it is and what it carries: the rules of
``seed_demo --scale`` in one place, by the case's number ``n``.

- Three cases in four lie in the demo's three regions, taking turns (so the demo coordinators see
  well over a thousand cases each at ``--scale 5000``); every fourth lies in one of the other 18
  regions, in turn, held by that region's own coordinator (``samordnare.<SCB code>``).
- One case in ten is *begränsad* (restricted), and every fiftieth, which has a workspace.
- Five cases in sixty are *konfidentiell*, with a code name, in three variants: held by the
  region's own coordinator (``core``); held by the region's second coordinator, with the demo
  coordinator granted it (``granted``, and the actor contact too where Arbetsförmedlingen is a
  member); held by the second coordinator without any grant to the demo coordinator (``hidden``).
  The second coordinator is the demo regions' ``samordnare.<SCB code>``; in the other regions,
  which have one coordinator, every confidential case is ``core``.
- Every tenth case has a full workspace; every fifth has Arbetsförmedlingen (the ``kontakt`` user's
  organisation) as a member.
- Each case opened between a month and about three years ago, and was last worked on within the
  last three weeks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from accounts.models import Confidentiality, User
from actors.models import Municipality, Organisation, Person
from demo.data.organisations import REGION_CODES
from establishments.models import CaseMember, EstablishmentCase, Signal

# Who leads and deputises a scale case in the demo's regions (an official only in their own
# municipality; elsewhere the administrator deputises).
SCALE_TEAM = {
    "24": ("samordnare", "tjansteman"),
    "21": ("samordnare.gavleborg", "tjansteman.gavle"),
    "22": ("samordnare.vn", "admin"),
}
CONFIDENTIAL = {6: "core", 9: "granted", 15: "hidden", 16: "core", 25: "granted"}  # by n % 60
CODE_NAMES = [
    "Fjällräv", "Lodjur", "Järv", "Havsörn", "Kungsörn", "Tjäder", "Orre", "Lom", "Trana", "Svan",
    "Utter", "Bäver", "Hermelin", "Lappuggla", "Myskoxe", "Rödrav",
]  # fmt: skip


@dataclass
class CasePlan:
    n: int
    region_code: str
    municipality: Municipality
    coordinator: User
    deputy: User
    confidentiality: str
    variant: str  # for a confidential case: "core", "granted" or "hidden"
    opened: datetime
    last: datetime
    workspace: bool
    af_member: bool
    # What the seeder made for the case, as it goes.
    orgs: list[Organisation] = field(default_factory=list)  # the company, the other actor
    people: dict[int, list[Person]] = field(default_factory=dict)  # by organisation
    case: EstablishmentCase | None = None
    members: list[CaseMember] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)

    @property
    def code_name(self) -> str:
        if self.confidentiality != Confidentiality.CONFIDENTIAL:
            return ""
        return f"{CODE_NAMES[self.n % len(CODE_NAMES)]} {(self.n * 7919) % 9000 + 1000}"

    @property
    def in_demo_region(self) -> bool:
        return self.region_code in REGION_CODES


def plan_case(n: int, *, directory, users: dict[str, User], now: datetime) -> CasePlan:
    """Case ``n``'s place, team, confidentiality, dates and extras (see the module's rules)."""
    if n % 4 == 0:
        others = sorted(code for code in directory.regions if code not in REGION_CODES)
        region_code = others[(n // 4) % len(others)]
        municipalities = directory.municipalities[region_code]
        municipality = municipalities[(n // (4 * len(others))) % len(municipalities)]
        coordinator, deputy = directory.coordinator[region_code], users["admin"]
    else:
        region_code = REGION_CODES[n % 3]
        municipalities = directory.municipalities[region_code]
        municipality = municipalities[(n // 3) % len(municipalities)]
        coordinator, deputy = (users[u] for u in SCALE_TEAM[region_code])
        if deputy.municipality_id and deputy.municipality_id != municipality.pk:
            deputy = users["admin"]  # an official only reaches their own municipality
    variant = CONFIDENTIAL.get(n % 60, "")
    if variant:
        confidentiality = Confidentiality.CONFIDENTIAL
        if variant != "core" and region_code in REGION_CODES:
            coordinator = directory.scale_coordinator[region_code]
        else:
            variant = "core"
    elif n % 20 in (3, 8) or n % 50 == 0:
        confidentiality = Confidentiality.RESTRICTED
    else:
        confidentiality = Confidentiality.OPEN
    opened = now - timedelta(days=30 + (n * 89) % 1000, minutes=(n * 53) % 600)
    last = now - timedelta(days=(n * 7) % 21, hours=1 + n % 5)
    return CasePlan(
        n=n,
        region_code=region_code,
        municipality=municipality,
        coordinator=coordinator,
        deputy=deputy,
        confidentiality=confidentiality,
        variant=variant,
        opened=opened,
        last=last,
        workspace=n % 10 == 0,
        af_member=n % 5 == 0,
    )
