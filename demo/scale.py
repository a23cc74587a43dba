"""``seed_demo --scale N``: N more open cases, for performance work, on top of the hand-written demo.

Each case has two organisations (the establishing company and one other actor), four people (two per
organisation, the first holding a role, most with the second as deputy), two case members, one phase
change and three signals (two linked to it, the third new, under assessment or dismissed). It may be
repeated and keeps adding: the cases are numbered on from the last (``Demoetablering 0001``...).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from actors.models import Level, Municipality, Organisation, OrganisationType, Person, Role
from demo.data.fiction import email_for, fictional_phone, make_orgnr
from demo.data.organisations import REGION_CODES
from demo.data.people import DEMO_USERNAMES
from establishments.models import CaseKind, CaseMember, EstablishmentCase, Phase, PhaseChange, Signal

SCALE_PREFIX = "Demoetablering"

T = OrganisationType
LOKAL, REGIONAL, NATIONELL = Level.LOKAL, Level.REGIONAL, Level.NATIONELL
INTERNATIONELL = Level.INTERNATIONELL

# Who leads and deputises a scale case, per region.
SCALE_TEAM = {
    "24": ("samordnare", "tjansteman"),
    "21": ("samordnare.gavleborg", "tjansteman.gavle"),
    "22": ("samordnare.vn", "admin"),
}
SCALE_SECOND_ORG = [
    (T.YH_ANORDNARE, REGIONAL, "Yrkesakademin {n}"),
    (T.BRANSCHORGANISATION, NATIONELL, "Branschföreningen {n}"),
    (T.KLUSTERORGANISATION, REGIONAL, "Klustret {n}"),
    (T.CIVILSAMHALLE, LOKAL, "Föreningen Nya grannar {n}"),
    (T.FORETAG, REGIONAL, "Underleverantören {n} AB"),
    (T.SCIENCE_PARK, REGIONAL, "Innovationsparken {n}"),
]
SCALE_SECTORS = [
    "Batteritillverkning",
    "Datacenter",
    "Vätgas",
    "Stål och verkstad",
    "Logistik",
    "Skogsindustri",
]
DUPLICATE = "Dubblett av en tidigare signal."
SCALE_LAST_STATE = [Signal.State.NEW, Signal.State.ASSESSING, Signal.State.DISMISSED]
FIRST_NAMES = ["Anna", "Lars", "Eva", "Karl", "Sara", "Johan", "Maja", "Erik", "Lina", "Olof", "Ebba", "Nils"]
LAST_NAMES = ["Lindberg", "Nordin", "Holmgren", "Sundberg", "Eklund", "Forslund", "Bergström", "Åkesson"]


class ScaleSeeder:
    """Bulk demo data for performance work: N more open cases with signals, organisations and people.

    Unlike the hand-written demo this does not go through the services, which cost some forty
    queries per signal or case: it builds the rows in memory, checks their fields, and inserts them
    with their history rows in a few bulk statements (django-simple-history's
    ``bulk_create_with_history``; the history of the candidate municipalities is not recorded).
    None of it is confidential, so no permissions are granted.
    """

    REASON = "Demodata (skala)"

    def __init__(self):
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
        missing = {name for team in SCALE_TEAM.values() for name in team} - set(users)
        if missing:
            raise CommandError(
                f"Demoanvändarna saknas ({', '.join(sorted(missing))}); --scale bygger på grunddatan."
            )
        self.users = users
        self.admin = users["admin"]
        municipalities = Municipality.objects.filter(region__code__in=REGION_CODES).select_related("region")
        self.municipalities = {
            code: [m for m in municipalities if m.region.code == code] for code in REGION_CODES
        }
        self.used_orgnr = set(
            Organisation.objects.exclude(org_number="").values_list("org_number", flat=True)
        )
        self.next_stem = 10000

    def _orgnr(self) -> str:
        while True:
            number = make_orgnr(f"5599{self.next_stem:05d}")
            self.next_stem += 1
            if number not in self.used_orgnr:
                self.used_orgnr.add(number)
                return number

    def _bulk(self, model, objs: list, user=None) -> list:
        """Check the fields of ``objs`` and insert them with one history row each."""
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for obj in objs:
            # The related objects were just made here; checking each one's existence would be a
            # query per row.
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            if user is not None:
                obj._history_user = user
        return bulk_create_with_history(objs, model, batch_size=500, default_change_reason=self.REASON)

    def seed(self, count: int) -> tuple[int, int]:
        """Add ``count`` cases; returns the first and last of their numbers."""
        first = EstablishmentCase.objects.filter(name__startswith=f"{SCALE_PREFIX} ").count() + 1
        numbers = range(first, first + count)
        if numbers[-1] > 99_999:
            raise CommandError("För många demoärenden.")
        now = timezone.now()
        place = {n: self._place(n) for n in numbers}
        orgs = self._organisations(place)
        self._people_and_roles(orgs)
        cases = self._cases(place, orgs, now)
        self._signals(place, cases, now)
        return numbers[0], numbers[-1]

    def _place(self, n: int) -> tuple[Municipality, User, User]:
        """Case ``n``'s municipality, coordinator and deputy: the regions take turns."""
        region_code = REGION_CODES[n % 3]
        municipalities = self.municipalities[region_code]
        municipality = municipalities[(n // 3) % len(municipalities)]
        coordinator, deputy = (self.users[u] for u in SCALE_TEAM[region_code])
        if deputy.municipality_id and deputy.municipality_id != municipality.pk:
            deputy = self.admin  # an official only reaches their own municipality
        return municipality, coordinator, deputy

    def _organisations(self, place) -> dict[int, list[Organisation]]:
        """Two organisations per case: the establishing company and one other actor."""
        orgs = {}
        for n, (municipality, _coordinator, _deputy) in place.items():
            kind, level, template = SCALE_SECOND_ORG[n % len(SCALE_SECOND_ORG)]
            orgs[n] = [
                Organisation(
                    name=name,
                    type=org_type,
                    level=org_level,
                    region=municipality.region,
                    municipality=municipality,
                    org_number=self._orgnr(),
                )
                for name, org_type, org_level in (
                    (f"Demobolaget {n:04d} AB", T.FORETAG, INTERNATIONELL),
                    (template.format(n=f"{n:04d}"), kind, level),
                )
            ]
        self._bulk(Organisation, [o for pair in orgs.values() for o in pair], self.admin)
        return orgs

    def _people_and_roles(self, orgs) -> None:
        """Two people per organisation; the first holds a role, most with the second as deputy."""
        people, roles = [], []
        for n, pair_of_orgs in orgs.items():
            for i, org in enumerate(pair_of_orgs):
                pair = []
                for j in range(2):
                    name = (
                        f"{FIRST_NAMES[(n + 5 * i + 7 * j) % len(FIRST_NAMES)]} "
                        f"{LAST_NAMES[(3 * n + 2 * i + j) % len(LAST_NAMES)]}"
                    )
                    pair.append(
                        Person(
                            name=name,
                            title="Kontaktperson" if j == 0 else "Ersättare",
                            organisation=org,
                            email=email_for(name, f"demo{n:04d}.example.se"),
                            phone=fictional_phone(4 * n + 2 * i + j),
                        )
                    )
                people += pair
                roles.append(
                    Role(
                        organisation=org,
                        person=pair[0],
                        title="Kontaktperson etablering",
                        mandate="Företräder organisationen i etableringsärendet.",
                        may_share="Lägesbild och tidplan.",
                        deputy=pair[1] if n % 4 else None,
                        valid_from=date(2023, 1, 1),
                    )
                )
        self._bulk(Person, people, self.admin)
        self._bulk(Role, roles, self.admin)

    def _cases(self, place, orgs, now) -> dict[int, EstablishmentCase]:
        """The cases, each with its lead municipality as the only candidate, both organisations as
        members and its opening phase change."""
        cases = {}
        for n, (municipality, coordinator, deputy) in place.items():
            cases[n] = EstablishmentCase(
                name=f"{SCALE_PREFIX} {n:04d}, {municipality.name}",
                company=orgs[n][0],
                sector=SCALE_SECTORS[n % len(SCALE_SECTORS)],
                kind=CaseKind.values[n % len(CaseKind.values)],
                lead_municipality=municipality,
                region=municipality.region,
                phase=Phase.values[n % len(Phase.values)],
                phase_started_at=now,
                target_jobs=100 + (n * 91) % 3000,
                coordinator=coordinator,
                deputy=deputy,
                created_by=coordinator,
                description="Genererat ärende för prestandatester.",
            )
            cases[n]._history_user = coordinator
        self._bulk(EstablishmentCase, list(cases.values()))
        Candidates = EstablishmentCase.candidate_municipalities.through
        Candidates.objects.bulk_create(
            [Candidates(establishmentcase=c, municipality=c.lead_municipality) for c in cases.values()]
        )
        self._bulk(CaseMember, [CaseMember(case=cases[n], organisation=o) for n in cases for o in orgs[n]])
        PhaseChange.objects.bulk_create(
            [
                PhaseChange(
                    case=c, from_phase="", to_phase=c.phase, changed_by=c.coordinator, note="Ärendet öppnat"
                )
                for c in cases.values()
            ]
        )
        return cases

    def _signals(self, place, cases, now) -> None:
        """Three signals per case: two linked to it, the third new, under assessment or dismissed."""
        signals = []
        for n, case in cases.items():
            municipality, coordinator, _deputy = place[n]
            for k in range(3):
                state = [Signal.State.LINKED, Signal.State.LINKED, SCALE_LAST_STATE[n % 3]][k]
                signal = Signal(
                    subject=f"{case.sector}, cirka {50 + (37 * n + k) % 2000} jobb, "
                    f"{municipality.name}"[:120],
                    received_at=now - timedelta(days=(7 * n + 11 * k) % 700, hours=k),
                    received_by=str(coordinator),
                    logged_by=coordinator,
                    channel=Signal.Channel.values[(n + k) % len(Signal.Channel.values)],
                    source_organisation=case.company if k == 0 else None,
                    source_text="" if k == 0 else f"Förfrågan {n:04d}-{k}",
                    summary=f"{case.company.name} undersöker en etablering inom {case.sector.lower()} "
                    f"i {municipality.name}.",
                    sector=case.sector,
                    jobs=50 + (37 * n + k) % 2000,
                    investment_msek=Decimal(100 + (53 * n) % 9000),
                    land_hectares=Decimal(5 + n % 80),
                    power_mw=Decimal(2 + (13 * n) % 250),
                    municipality=municipality,
                    state=state,
                    case=case if state == Signal.State.LINKED else None,
                    dismissal_reason=DUPLICATE if state == Signal.State.DISMISSED else "",
                )
                signals.append(signal)
                signal._history_user = coordinator
        self._bulk(Signal, signals)
