"""``seed_demo --scale N``: N more cases, for performance work, on top of the hand-written demo, and
what a national installation holds around them.

Each case has two organisations (the establishing company and one other actor), four people (two per
organisation, the first holding a role, most with the second as deputy), two case members (three
when Arbetsförmedlingen takes part, five with a workspace), one phase change and three signals (two
linked to it, the third new, under assessment or dismissed). Where the cases lie, who holds them,
which are restricted or confidential and which have a workspace is ``demo.scale_plan``'s. Around
them: every region's public bodies, coordinator and alarm roster (``demo.scale_regions``), the
grants of the confidential cases (``demo.scale_access``), the workspaces (``demo.scale_workspace``),
N/10 alarms with their deliveries (``demo.scale_alarms``) and every region's assessment rounds
(``demo.scale_rounds``). Every record has its history: versions over the months it has existed
(``demo.scale_history``).

It may be repeated and keeps adding: the cases are numbered on from the last (``Demoetablering
0001``...); what a region has once (its bodies, coordinator, roster, rounds) is made once.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import Confidentiality, User
from actors.models import Level, Organisation, OrganisationType, Person, Role
from demo import scale_access, scale_alarms, scale_rounds, scale_workspace
from demo.data.fiction import email_for, fictional_phone
from demo.data.people import DEMO_USERNAMES
from demo.scale_history import HistoryWriter, Version, backdated, build, finish, insert, spread
from demo.scale_plan import SCALE_TEAM, CasePlan, plan_case
from demo.scale_regions import ensure_directory
from demo.scale_registry import (
    FIRST_NAMES,
    LAST_NAMES,
    REASON,
    OrgNumbers,
    organisation_versions,
    person_versions,
    role_versions,
)
from establishments.models import CaseKind, CaseMember, EstablishmentCase, Phase, PhaseChange, Signal

SCALE_PREFIX = "Demoetablering"

T = OrganisationType
LOKAL, REGIONAL, NATIONELL = Level.LOKAL, Level.REGIONAL, Level.NATIONELL
INTERNATIONELL = Level.INTERNATIONELL

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
STATUS_LINES = [
    "Första kontakt med bolaget; de söker mark och elkapacitet.",
    "Platsbesök genomfört med kommunens näringslivsenhet.",
    "Bolaget har fått underlag om mark, el och kompetensförsörjning.",
    "Avstämning med Arbetsförmedlingen om rekryteringsbehovet.",
    "Bolaget jämför med två andra orter; besked väntas efter sommaren.",
    "Nätägaren har lämnat ett preliminärt effektbesked.",
    "Dialog om detaljplan och markoption pågår.",
    "Styrgruppsmöte: tidplanen ligger fast.",
    "Bolaget har presenterat sin rekryteringsplan för de första åren.",
    "Kommunen har tagit fram en bostadsprognos.",
    "Frågan om skolplatser för inflyttade barn har lyfts.",
    "Utbildningsanordnarna har bjudits in till nästa möte.",
]
SIGNAL_ADDITION = "Kompletterat efter samtal: bolaget vill ha besked om mark och el inom ett halvår."
# History reasons the application writes itself: stored untranslated, read in the reader's language.
CASE_OPENED, SIGNAL_LOGGED, ASSESSING = "Case opened", "Signal logged", "Taken up for assessment"
LINKED, DISMISSED = "Linked to a case", "Dismissed"


class ScaleSeeder:
    """Bulk demo data for performance work: N more cases with everything a region has around them.

    Unlike the hand-written demo this does not go through the services, which cost some forty
    queries per signal or case: it builds the rows in memory, checks their fields, and inserts them,
    and their history, in large bulk statements. The confidential cases' grants are the rows the
    services would have written (``demo.scale_access``).
    """

    REASON = REASON

    def __init__(self):
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
        missing = ({name for team in SCALE_TEAM.values() for name in team} | {"kontakt"}) - set(users)
        if missing:
            raise CommandError(
                f"Demoanvändarna saknas ({', '.join(sorted(missing))}); --scale bygger på grunddatan."
            )
        self.users = users
        self.admin = users["admin"]
        self.now = timezone.now()
        self.history = HistoryWriter()
        self.history.after[EstablishmentCase.history.model] = self._candidate_history
        self.orgnr = OrgNumbers()
        self.candidates: dict[int, tuple[int, int]] = {}  # case pk: (through row pk, municipality pk)
        self.made: Counter = Counter()
        self.directory = None

    def seed(self, count: int) -> tuple[int, int]:
        """Add ``count`` cases and what goes with them; returns the first and last of their numbers."""
        first = EstablishmentCase.objects.filter(name__startswith=f"{SCALE_PREFIX} ").count() + 1
        numbers = range(first, first + count)
        if numbers[-1] > 99_999:
            raise CommandError("För många demoärenden.")
        self.directory = ensure_directory(
            admin=self.admin, history=self.history, orgnr=self.orgnr, now=self.now
        )
        plans = [plan_case(n, directory=self.directory, users=self.users, now=self.now) for n in numbers]
        self._organisations(plans)
        self._people_and_roles(plans)
        self._cases(plans)
        self._signals(plans)
        context = {"directory": self.directory, "users": self.users, "history": self.history, "now": self.now}
        self.made["grants"] = scale_access.grant(plans, **context)
        self.made["workspaces"] = scale_workspace.seed([p for p in plans if p.workspace], **context)
        self.made["alarms"] = scale_alarms.seed(plans, max(1, count // 10), **context)
        self.made["rounds"] = scale_rounds.seed(**context)
        self.history.flush()
        return numbers[0], numbers[-1]

    def report(self) -> list[str]:
        """What the last ``seed`` added besides the cases, for the command to print."""
        return [
            f"Arbetsytor: {self.made['workspaces']}, behörigheter till konfidentiella ärenden: "
            f"{self.made['grants']}, larm: {self.made['alarms']}, nya bedömningsomgångar: "
            f"{self.made['rounds']}, historikrader: {self.history.total}."
        ]

    # --- Organisations, people, roles ----------------------------------------------------------

    def _organisations(self, plans: list[CasePlan]) -> None:
        """Two organisations per case: the establishing company, registered a little before the
        case opened, and one other actor, registered long before."""
        pairs = []
        for p in plans:
            n, municipality = p.n, p.municipality
            kind, level, template = SCALE_SECOND_ORG[n % len(SCALE_SECOND_ORG)]
            company = Organisation(
                name=f"Demobolaget {n:04d} AB",
                type=T.FORETAG,
                level=INTERNATIONELL,
                region=municipality.region,
                municipality=municipality,
                org_number=self.orgnr.next(),
            )
            other = Organisation(
                name=template.format(n=f"{n:04d}"),
                type=kind,
                level=level,
                region=municipality.region,
                municipality=municipality,
                org_number=self.orgnr.next(),
            )
            registered = max(p.opened - timedelta(days=200 + (n * 17) % 700), self.now - timedelta(days=1500))
            pairs.append(
                (
                    company,
                    organisation_versions(
                        start=p.opened - timedelta(days=40 + n % 50),
                        end=p.last,
                        count=3 + (n * 7) % 9,
                        seed=n,
                        user_id=p.coordinator.pk,
                        website=f"https://demobolaget{n:04d}.example.se",
                    ),
                )
            )
            pairs.append(
                (
                    other,
                    organisation_versions(
                        start=registered,
                        end=p.last - timedelta(hours=3),
                        count=4 + (n * 5) % 11,
                        seed=n + 1,
                        user_id=p.coordinator.pk,
                        website=f"https://www.demo{n:04d}.example.se",
                    ),
                )
            )
            p.orgs = [company, other]
        insert(self.history, Organisation, pairs)

    def _people_and_roles(self, plans: list[CasePlan]) -> None:
        """Two people per organisation; the first holds a role, most with the second as deputy."""
        people, roles = [], []
        for p in plans:
            n = p.n
            for i, org in enumerate(p.orgs):
                pair = []
                for j in range(2):
                    name = f"{FIRST_NAMES[(n + 5 * i + 7 * j) % 12]} {LAST_NAMES[(3 * n + 2 * i + j) % 8]}"
                    person = Person(
                        name=name,
                        title="Kontaktperson" if j == 0 else "Ersättare",
                        organisation=org,
                        email=email_for(name, f"demo{n:04d}.example.se"),
                        phone=fictional_phone(4 * n + 2 * i + j),
                    )
                    versions = person_versions(
                        person,
                        start=org.created_at + timedelta(days=1 + j),
                        end=p.last - timedelta(hours=1 + i + j),
                        count=4 + (n + 3 * i + 5 * j) % 11,
                        seed=4 * n + 2 * i + j,
                        user_id=p.coordinator.pk,
                        earlier_title="Projektledare" if j == 0 else "Handläggare",
                    )
                    people.append((person, versions))
                    pair.append(person)
                p.people[org.pk] = pair
                role = Role(
                    organisation=org,
                    person=pair[0],
                    title="Kontaktperson etablering",
                    mandate="Företräder organisationen i etableringsärendet.",
                    may_share="Lägesbild och tidplan.",
                    deputy=pair[1] if n % 4 else None,
                    valid_from=date(2023, 1, 1),
                )
                roles.append((role, org, p))
        insert(self.history, Person, people)
        pairs = []
        for role, org, p in roles:
            versions = role_versions(
                role,
                start=org.created_at + timedelta(days=3),
                end=p.last - timedelta(hours=2),
                count=2 + (p.n + org.pk) % 6,
                seed=org.pk,
                user_id=p.coordinator.pk,
            )
            pairs.append((role, versions))
        insert(self.history, Role, pairs)

    # --- Cases ---------------------------------------------------------------------------------

    def _cases(self, plans: list[CasePlan]) -> None:
        """The cases, each with its lead municipality as the only candidate, its members and its
        opening phase change; each case's status and targets revised over its life."""
        pairs = []
        for p in plans:
            n, municipality = p.n, p.municipality
            case = EstablishmentCase(
                name=f"{SCALE_PREFIX} {n:04d}, {municipality.name}",
                code_name=p.code_name,
                company=p.orgs[0],
                sector=SCALE_SECTORS[n % len(SCALE_SECTORS)],
                kind=CaseKind.values[n % len(CaseKind.values)],
                lead_municipality=municipality,
                region=municipality.region,
                phase=Phase.values[n % len(Phase.values)],
                phase_started_at=p.opened,
                confidentiality=p.confidentiality,
                target_jobs=100 + (n * 91) % 3000,
                target_date=date(p.opened.year + 3, 6, 30),
                coordinator=p.coordinator,
                deputy=p.deputy,
                created_by=p.coordinator,
                description="Genererat ärende för prestandatester.",
            )
            p.case = case
            pairs.append((case, self._case_versions(p, case)))
        relations = [f.name for f in EstablishmentCase._meta.concrete_fields if f.is_relation]
        for case, versions in pairs:
            finish(case, versions)
            case.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        with backdated(EstablishmentCase):
            EstablishmentCase.objects.bulk_create([case for case, _v in pairs], batch_size=500)
        Candidates = EstablishmentCase.candidate_municipalities.through
        through = Candidates.objects.bulk_create(
            [Candidates(establishmentcase=p.case, municipality=p.municipality) for p in plans],
            batch_size=1000,
        )
        self.candidates |= {row.establishmentcase_id: (row.pk, row.municipality_id) for row in through}
        for case, versions in pairs:
            self.history.record(case, versions)
        self._members(plans)
        PhaseChange.objects.bulk_create(
            [
                PhaseChange(
                    case=p.case,
                    from_phase="",
                    to_phase=p.case.phase,
                    changed_at=p.opened,
                    changed_by=p.coordinator,
                    note="Ärendet öppnat",
                )
                for p in plans
            ],
            batch_size=1000,
        )

    def _case_versions(self, p: CasePlan, case: EstablishmentCase) -> list[Version]:
        """Opened, then its status written down every week or two, its job target raised twice and
        its target date set half way."""
        n, count = p.n, 28 + (p.n * 13) % 61
        final = case.target_jobs
        targets = [max(10, round(final * share / 10) * 10) for share in (0.5, 0.8)] + [final]
        lines: list[str] = []
        versions: list[Version] = []
        previous = None
        for i, at in enumerate(spread(p.opened, p.last, count, n)):
            if i:
                lines.append(f"Lägesbild {at:%Y-%m-%d}: {STATUS_LINES[(n + i) % len(STATUS_LINES)]}")
            values = {
                "description": case.description + ("\n\n" + "\n".join(lines[-4:]) if lines else ""),
                "target_jobs": targets[min(3 * i // count, 2)],
                "target_date": None if i < count // 2 else case.target_date,
            }
            if not i:
                reason = CASE_OPENED
            elif values["target_jobs"] != previous["target_jobs"]:
                reason = "Nytt jobbmål efter möte med bolaget"
            elif values["target_date"] != previous["target_date"]:
                reason = "Tidplanen satt"
            else:
                reason = "Lägesbilden uppdaterad"
            user = p.deputy if i % 4 == 3 else p.coordinator
            versions.append(Version(at, user.pk, reason, values))
            previous = values
        return versions

    def _candidate_history(self, rows: list) -> None:
        """Each version of a case keeps its candidate municipalities (django-simple-history's
        history of a many-to-many field)."""
        through = apps.get_model("establishments", "HistoricalEstablishmentCase_candidate_municipalities")
        names = [f.attname for f in through._meta.concrete_fields]
        made = []
        for row in rows:
            pk, municipality = self.candidates[row.id]
            values = {"id": pk, "establishmentcase_id": row.id, "municipality_id": municipality}
            values |= {"history_id": row.history_id, "m2m_history_id": None}
            made.append(build(through, names, [values[name] for name in names]))
        self.history.add_rows(through, made)

    def _members(self, plans: list[CasePlan]) -> None:
        """The company and the other actor; Arbetsförmedlingen in every fifth case; the region and
        the lead municipality where the case has a workspace (their actor map is the workspace's)."""
        d = self.directory
        pairs = []
        for p in plans:
            orgs = list(p.orgs)
            if p.af_member:
                orgs.append(d.af)
            if p.workspace:
                orgs += [d.region_org[p.region_code], d.kommun_org[p.municipality.pk]]
            for i, org in enumerate(orgs):
                member = CaseMember(case=p.case, organisation=org, added_at=p.opened)
                if p.workspace:
                    versions = scale_workspace.member_versions(p, member, d, now=self.now)
                else:
                    contact = d.af_contact[p.region_code] if org is d.af else p.people[org.pk][0]
                    versions = self._member_versions(p, i, contact)
                p.members.append(member)
                pairs.append((member, versions))
        insert(self.history, CaseMember, pairs, versioned=True)

    def _member_versions(self, p: CasePlan, i: int, contact: Person) -> list[Version]:
        """A member of a case without a workspace: added when the case opened; in two cases of three
        its contact person named later, and in one of three its engagement and weight as well."""
        count = 1 + (p.n + i) % 3
        role = CaseMember.CaseRole.OWNER if i == 0 else CaseMember.CaseRole.SUPPORT
        added = {
            "case_role": CaseMember.CaseRole.SUPPORT,
            "contact_id": None,
            "influence": None,
            "interest": None,
        }
        named = {"case_role": role, "contact_id": contact.pk, "influence": None, "interest": None}
        weighed = named | {"influence": 5 if i == 0 else 2 + p.n % 3, "interest": 5 if i == 0 else 3}
        steps = [(CASE_OPENED, added), ("Kontaktperson utsedd", named), ("Aktörskartan", weighed)][:count]
        moments = spread(p.opened, p.last - timedelta(hours=12), count, p.n + i)
        return [
            Version(at, p.coordinator.pk, reason, values)
            for (reason, values), at in zip(steps, moments, strict=True)
        ]

    # --- Signals -------------------------------------------------------------------------------

    def _signals(self, plans: list[CasePlan]) -> None:
        """Three signals per case: two that led to it, the third new, under assessment or dismissed."""
        pairs = []
        for p in plans:
            n, case, municipality = p.n, p.case, p.municipality
            for k in range(3):
                state = [Signal.State.LINKED, Signal.State.LINKED, SCALE_LAST_STATE[n % 3]][k]
                signal = Signal(
                    subject=f"{case.sector}, cirka {50 + (37 * n + k) % 2000} jobb, {municipality.name}"[
                        :120
                    ],
                    received_by=str(p.coordinator),
                    logged_by=p.coordinator,
                    channel=Signal.Channel.values[(n + k) % len(Signal.Channel.values)],
                    source_organisation=case.company if k == 0 else None,
                    source_text="" if k == 0 else f"Förfrågan {n:04d}-{k}",
                    summary=f"{case.company.name} undersöker en etablering inom {case.sector.lower()} "
                    f"i {municipality.name}. {SIGNAL_ADDITION}",
                    sector=case.sector,
                    jobs=50 + (37 * n + k) % 2000,
                    investment_msek=Decimal(100 + (53 * n) % 9000),
                    land_hectares=Decimal(5 + n % 80),
                    power_mw=Decimal(2 + (13 * n) % 250),
                    municipality=municipality,
                    state=state,
                    case=case if state == Signal.State.LINKED else None,
                    confidentiality=(
                        case.confidentiality
                        if state == Signal.State.LINKED
                        and case.confidentiality == Confidentiality.CONFIDENTIAL
                        else Confidentiality.OPEN
                    ),
                    dismissal_reason=DUPLICATE if state == Signal.State.DISMISSED else "",
                )
                pairs.append((signal, self._signal_versions(p, signal, k)))
                p.signals.append(signal)
        insert(self.history, Signal, pairs)

    def _signal_versions(self, p: CasePlan, signal: Signal, k: int) -> list[Version]:
        """Logged a few minutes after it came in; taken up for assessment; completed after a call or
        two; then linked to its case when the case opened, or dismissed."""
        n, state, now = p.n, signal.state, self.now
        if state == Signal.State.LINKED:
            received = p.opened - timedelta(days=3 + (7 * n + 11 * k) % 60, hours=k)
            until = p.opened + timedelta(minutes=10)
        elif state == Signal.State.NEW:
            received = now - timedelta(days=1 + n % 20, hours=2 + k)
            until = now - timedelta(hours=1)
        else:
            received = now - timedelta(days=30 + (7 * n) % 600, hours=k)
            until = min(received + timedelta(days=20 + n % 30), now - timedelta(hours=1))
        signal.received_at = received
        short = signal.summary.removesuffix(f" {SIGNAL_ADDITION}")
        current = {
            "state": Signal.State.NEW,
            "case_id": None,
            "confidentiality": Confidentiality.OPEN,
            "dismissal_reason": "",
            "summary": short,
        }
        steps = [(SIGNAL_LOGGED, {})]
        if state != Signal.State.NEW:
            steps.append((ASSESSING, {"state": Signal.State.ASSESSING}))
        edits = 1 + (n + k) % 5
        current["jobs"] = max(10, signal.jobs - 25 * edits)  # the first estimate, revised by each call
        steps += [
            (
                "Kompletterat efter samtal med bolaget",
                {"summary": signal.summary, "jobs": max(10, signal.jobs - 25 * j)},
            )
            for j in range(edits - 1, -1, -1)
        ]
        if state == Signal.State.LINKED:
            steps.append(
                (
                    LINKED,
                    {
                        "state": state,
                        "case_id": p.case.pk,
                        "confidentiality": signal.confidentiality,
                    },
                )
            )
        elif state == Signal.State.DISMISSED:
            steps.append((DISMISSED, {"state": state, "dismissal_reason": DUPLICATE}))
        logged = received + timedelta(minutes=5 + n % 40)
        versions = []
        for (reason, change), at in zip(steps, spread(logged, until, len(steps), 3 * n + k), strict=True):
            current = current | change
            versions.append(Version(at, p.coordinator.pk, reason, current))
        return versions
