"""The workspace of every tenth scale case: the guide's five moments and the journal, a handful of
records of each, written over the case's life as the hand-written demo's battery-factory case is
(``demo.goals``, ``demo.competence``, ``demo.actor_map``, ``demo.plan``), in bulk.

The actor map has five members: the company (owner), the other actor, Arbetsförmedlingen, the region
and the lead municipality (both leading), each with its themes, mandate, contact and deputy contact
(``member_versions``). Competence gaps are SSYK 2012 unit groups (the reference data the migrations
load) that fit the case's sector, for the next two years. Actions are owned by members, some
proposed to their organisation and answered in the app by its user (Arbetsförmedlingen's by the
``kontakt`` user, some still waiting for her). Every record has its versions: created some weeks
after the case opened, then edited, the last edit within the case's last weeks of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from accounts.models import Sharing
from competence.models import CompetenceGap, Confidence, GapSource, Intervention, LivingNeed, Occupation
from demo.scale_history import Version, insert, spread
from demo.scale_registry import REASON
from establishments.models import CaseMember
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry
from workspace.plan.models import Action, ActionStatus, CommitmentState
from workspace.routes.models import ContactRoute, RouteStep

R, E = CaseMember.CaseRole, CaseMember.Engagement
INTERNAL, MEMBERS, COMPANY = Sharing.INTERNAL, Sharing.MEMBERS, Sharing.COMPANY

# Three SSYK unit groups per sector: what the establishment needs most.
OCCUPATIONS = {
    "Batteritillverkning": ["8189", "7233", "2141"],
    "Datacenter": ["7411", "3113", "2143"],
    "Vätgas": ["3115", "8189", "7212"],
    "Stål och verkstad": ["7212", "7233", "2144"],
    "Logistik": ["8332", "2141", "7233"],
    "Skogsindustri": ["8189", "7233", "3119"],
}
OTHER_THEMES = {
    "yh_anordnare": ["kompetensforsorjning"],
    "branschorganisation": ["kompetensforsorjning", "kommunikation"],
    "klusterorganisation": ["transport"],
    "civilsamhalle": ["mottagarkapacitet"],
    "foretag": ["transport"],
    "science_park": ["flernivasamverkan"],
}
EXP, FEAR = Expectation.Kind.EXPECTATION, Expectation.Kind.FEAR
EXPECTATIONS = [
    (EXP, "Nya jobb i kommunen och en starkare industriell bas.", "kommun", COMPANY),
    (EXP, "Fler utbildningsplatser som också gynnar befintliga arbetsgivare.", "region", MEMBERS),
    (FEAR, "Bostadsbrist och höga hyror när många flyttar in på kort tid.", "kommun", MEMBERS),
    (FEAR, "Befintliga företag tappar personal till den nya etableringen.", "other", INTERNAL),
    (EXP, "Tillgång till personal med rätt kompetens från dag ett.", "company", COMPANY),
    (FEAR, "Förskolor och skolor hinner inte byggas ut i takt med inflyttningen.", "kommun", MEMBERS),
]
INTERVENTION_KINDS = [
    (Intervention.Kind.KOMVUX, "Regionalt yrkesvux", "kommun"),
    (Intervention.Kind.YH, "YH-utbildning", "other"),
    (Intervention.Kind.RECRUIT_NATIONAL, "Rekryteringsträffar i hela landet", "af"),
    (Intervention.Kind.VALIDATION, "Validering av yrkeskunnande", "af"),
]
INTERVENTION_STATUSES = [
    Intervention.Status.PLANNED,
    Intervention.Status.DECIDED,
    Intervention.Status.ONGOING,
    Intervention.Status.FINISHED,
]
NEEDS = [
    (LivingNeed.Kind.HOUSING, "Bostäder för inflyttande anställda och deras familjer.", 400, "kommun"),
    (LivingNeed.Kind.SCHOOL, "Förskoleplatser nära de nya bostadsområdena.", 120, "kommun"),
    (LivingNeed.Kind.TRANSPORT, "Busstrafik anpassad efter skiftarbete.", None, "region"),
]
NEED_STATUSES = [LivingNeed.Status.IDENTIFIED, LivingNeed.Status.PLANNED, LivingNeed.Status.ONGOING]
# (topic, first contact, what they answer, steps: (who, what they handle, is the fallback))
ROUTES = [
    (
        "kompetensforsorjning",
        "af",
        "Rekryteringsträffar, kandidatunderlag och arbetsmarknadsutbildning.",
        [
            ("other", "Utbildningar som kan starta inom ett år", False),
            ("region", "Regional samordning", True),
        ],
    ),
    (
        "mark_tillstand",
        "kommun",
        "Ledig industrimark, planläge och vilka tillstånd som behövs.",
        [
            ("kommun2", "Markkartor och exploateringstidplan", False),
            ("region", "När kommunen inte svarar", True),
        ],
    ),
    (
        "bostader",
        "kommun2",
        "Kommunens bostadsplanering och tillfälliga bostäder under byggtiden.",
        [("kommun", "Kommunens samlade besked", True)],
    ),
]
ACTIONS = [
    ("kompetensforsorjning", "Matcha arbetssökande mot de första tjänsterna", "af", MEMBERS),
    ("kompetensforsorjning", "Starta en utbildning för de yrken som saknas", "other", COMPANY),
    ("bostader", "Detaljplan för nya bostäder nära etableringen", "kommun", COMPANY),
    ("mottagarkapacitet", "Välkomstcenter för inflyttare och medföljande", "kommun", MEMBERS),
    ("transport", "Kollektivtrafik anpassad till skiftarbete", "region", MEMBERS),
    ("myndighetssamverkan", "Kvartalsvisa avstämningar mellan myndigheterna", "region", INTERNAL),
]
# What each member is on the actor map: role, engagement, themes, mandate, influence, interest.
MEMBERS_ON_MAP = {
    "company": (
        R.OWNER,
        E.ENGAGED,
        ["kompetensforsorjning", "mark", "el_vatten"],
        "Äger etableringen. Beslutar om tidplan, rekryteringsplan och utbildningssamarbeten.",
        5,
        5,
    ),
    "other": (R.SUPPORT, E.ENGAGED, [], "Kan bidra med nätverk och kunskap om branschen.", 3, 4),
    "af": (
        R.SUPPORT,
        E.ENGAGED,
        ["kompetensforsorjning"],
        "Beslutar om rekryteringsträffar, arbetsmarknadsutbildning och EURES-insatser.",
        4,
        5,
    ),
    "region": (
        R.LEAD,
        E.ENGAGED,
        ["myndighetssamverkan", "flernivasamverkan", "larmsystem"],
        "Leder samordningen. Beslutar om regionala utvecklingsmedel.",
        5,
        5,
    ),
    "kommun": (
        R.LEAD,
        E.ENGAGED,
        ["mottagarkapacitet", "mark", "bostader", "tillstand"],
        "Beslutar om markanvisning, detaljplaner och kommunal service enligt delegation.",
        5,
        5,
    ),
}
ITEM_REASONS = ["Efter styrgruppsmötet", "Uppdaterat efter avstämning med bolaget", "Förtydligat", "Rättat"]
STATUS_PATHS = {
    "done": [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE],
    "going": [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS],
    "late": [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DELAYED],
}


@dataclass
class Actors:
    """A workspace case's five members by what they are, with their people (first asked first)."""

    orgs: dict
    people: dict

    def org(self, key):
        return self.orgs["kommun" if key == "kommun2" else key]

    def person(self, key):
        people = self.people["kommun" if key == "kommun2" else key]
        return people[min(1 if key == "kommun2" else 0, len(people) - 1)]


def _actors(p, d) -> Actors:
    company, other = p.orgs
    af_people = [d.af_contact[p.region_code]] + [
        x for x in d.contacts.get(d.af.pk, []) if x.pk != d.af_contact[p.region_code].pk
    ]
    region, kommun = d.region_org[p.region_code], d.kommun_org[p.municipality.pk]
    return Actors(
        orgs={"company": company, "other": other, "af": d.af, "region": region, "kommun": kommun},
        people={
            "company": p.people[company.pk],
            "other": p.people[other.pk],
            "af": af_people,
            "region": d.contacts[region.pk],
            "kommun": d.contacts[kommun.pk],
        },
    )


def _at(p, share: float):
    """A moment ``share`` of the way through the case's life so far (0: opened, 1: last worked on)."""
    return p.opened + (p.last - p.opened) * share


def _versions(p, start, end, seed: int, values: list[dict]) -> list[Version]:
    """An item's versions from ``start`` to ``end``, one per entry of ``values`` (the fields as they
    were after that version): mostly by the case's coordinator, every fifth by the deputy."""
    versions = []
    for i, at in enumerate(spread(start, end, len(values), seed)):
        user = p.deputy if i % 5 == 4 else p.coordinator
        reason = ITEM_REASONS[(seed + i) % len(ITEM_REASONS)] if i else REASON
        versions.append(Version(at, user.pk, reason, values[i]))
    return versions


def member_versions(p, member: CaseMember, d, *, now) -> list[Version]:
    """A member of a workspace case on the actor map: added when the case opened, drawn on the map
    a few weeks later, its engagement and weight revised since."""
    a = _actors(p, d)
    key = next(k for k, org in a.orgs.items() if org.pk == member.organisation_id)
    n = p.n
    role, engagement, themes, mandate, influence, interest = MEMBERS_ON_MAP[key]
    if key == "other":
        engagement = E.ENGAGED if n % 3 else E.SHOULD
        themes = OTHER_THEMES[a.orgs["other"].type]
        influence, interest = 2 + n % 3, 3 + n % 3
    people = a.people[key]
    final = {
        "case_role": role,
        "engagement": engagement,
        "themes": themes,
        "mandate": mandate,
        "contact_id": people[0].pk,
        "deputy_contact_id": people[1].pk if len(people) > 1 and (key != "other" or n % 2) else None,
        "influence": influence,
        "interest": interest,
    }
    if final["deputy_contact_id"] == final["contact_id"]:
        final["deputy_contact_id"] = None
    added = {
        "case_role": R.SUPPORT,
        "engagement": E.ENGAGED,
        "themes": [],
        "mandate": "",
        "contact_id": None,
        "deputy_contact_id": None,
        "influence": None,
        "interest": None,
    }
    drawn = final | {
        "engagement": E.SHOULD,
        "influence": max(1, influence - 1),
        "interest": max(1, interest - 1),
    }
    count = 3 + (n + member.organisation_id) % 4
    start = _at(p, 0.05)
    versions = [Version(p.opened, p.coordinator.pk, "Case opened", added)]
    for i, at in enumerate(spread(start, p.last - timedelta(days=1), count - 1, n + member.organisation_id)):
        values = drawn if i < (count - 1) // 2 else final
        reason = "Aktörskartan" if i == 0 else ("Engagemanget ändrat" if values is final else "Förtydligat")
        versions.append(Version(at, p.coordinator.pk, reason, values))
    return versions


def seed(plans, *, directory, users, history, now) -> int:
    """Fill the workspaces of ``plans`` (cases already inserted, with their members); returns how many."""
    if not plans:
        return 0
    codes = {code for codes in OCCUPATIONS.values() for code in codes}
    occupations = {o.code: o for o in Occupation.objects.filter(code__in=codes, level=4)}
    made = {model: [] for model in (Expectation, Milestone, ResourceCommitment, LivingNeed, JournalEntry)}
    gaps, routes, actions = [], [], []
    for p in plans:
        a = _actors(p, directory)
        _goals(p, a, made)
        gaps += _gaps(p, occupations)
        _needs(p, a, made)
        routes += _routes(p, a)
        actions += _actions(p, a, directory)
        _journal(p, a, made)
    for model in (Expectation, Milestone, ResourceCommitment, LivingNeed):
        insert(history, model, made[model], versioned=True)
    insert(history, CompetenceGap, [(gap, v) for gap, v, _p in gaps], versioned=True)
    interventions = [pair for gap, _v, p in gaps for pair in _interventions(p, gap, directory)]
    insert(history, Intervention, interventions, versioned=True)
    insert(history, ContactRoute, [(route, v) for route, v, _steps in routes], versioned=True)
    insert(history, RouteStep, [pair for _route, _v, steps in routes for pair in steps], versioned=True)
    insert(history, Action, actions, versioned=True)
    _link_gaps(actions, gaps)
    insert(history, JournalEntry, made[JournalEntry], versioned=True)
    follow_ups = [pair for entry, _v in made[JournalEntry] for pair in _follow_ups(entry, directory)]
    insert(history, FollowUp, follow_ups, versioned=True)
    return len(plans)


# --- Moment 1: målbild och förankring ----------------------------------------------------------


def _goals(p, a: Actors, made: dict) -> None:
    n, case = p.n, p.case
    start, end = _at(p, 0.1), p.last - timedelta(hours=20)
    for j in range(4):
        kind, text, whose, sharing = EXPECTATIONS[(n // 10 + j) % len(EXPECTATIONS)]
        item = Expectation(case=case, kind=kind, text=text, organisation=a.org(whose), sharing=sharing)
        item.created_by = p.coordinator
        draft = text.split(" och ")[0].rstrip(".") + "."
        values = [{"text": draft}] * (1 + (n + j) % 4) + [{}]
        made[Expectation].append((item, _versions(p, start + timedelta(days=j), end, n + j, values)))
    target = p.case.target_jobs
    for j, (kind, title, days) in enumerate(
        [
            (Milestone.Kind.DECISION, "Investeringsbeslut", 120),
            (Milestone.Kind.CONSTRUCTION, "Byggstart etapp 1", 300),
            (Milestone.Kind.PRODUCTION, "Första produktion", 600),
            (Milestone.Kind.RECRUITMENT, f"{target // 2} anställda", 800),
        ]
    ):
        final_date = (p.opened + timedelta(days=days)).date()
        item = Milestone(case=case, kind=kind, title=title, date=final_date, sharing=COMPANY)
        item.created_by = p.coordinator
        count = 1 + (n + j) % 4  # moved a month at each revision of the timeline
        values = [{"date": final_date - timedelta(days=30 * (count - 1 - i))} for i in range(count)]
        made[Milestone].append((item, _versions(p, start + timedelta(days=j), end, n + 7 * j, values)))
    for j, (key, description, people, amount) in enumerate(
        [
            ("region", "Regional samordnare och analysstöd från kompetensplattformen", Decimal("1.0"), None),
            (
                "kommun",
                "Etableringsteam: näringsliv, mark och exploatering, bostäder",
                Decimal("2.5"),
                1_500_000,
            ),
        ]
    ):
        item = ResourceCommitment(
            case=case,
            organisation=a.org(key),
            description=description,
            people=people,
            amount_sek=amount,
            sharing=MEMBERS,
        )
        item.created_by = p.coordinator
        count = 1 + (n + j) % 3  # half a post more at each revision
        values = [{"people": people - Decimal("0.5") * (count - 1 - i)} for i in range(count)]
        made[ResourceCommitment].append(
            (item, _versions(p, start + timedelta(days=5 + j), end, n + 3 * j, values))
        )


# --- Moment 2: kompetenskartläggning -----------------------------------------------------------


def _gaps(p, occupations) -> list[tuple]:
    n, case = p.n, p.case
    year = p.opened.year + 1
    start, end = _at(p, 0.15), p.last - timedelta(hours=10)
    found = []
    for j, code in enumerate(OCCUPATIONS[case.sector]):
        if code not in occupations:
            continue
        for offset in range(2):
            needed = 40 + (n * 7 + 60 * j) % 400 + 40 * offset
            supply = needed // (3 + j)
            gap = CompetenceGap(
                case=case,
                occupation=occupations[code],
                year=year + offset,
                needed=needed,
                regional_supply=supply,
                source=[GapSource.COMPANY, GapSource.EMPLOYMENT_SERVICE, GapSource.PLATFORM][j],
                confidence=[Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW][(j + offset) % 3],
                note="Bolagets egna siffror." if j == 0 and offset == 0 else "",
                sharing=INTERNAL if j == 2 and offset == 1 else MEMBERS,
            )
            gap.created_by = p.coordinator
            count = 2 + (n + j + offset) % 5  # the need revised upwards as the company's plans firm up
            values = [{"needed": needed - 10 * (count - 1 - i)} for i in range(count)]
            versions = _versions(p, start + timedelta(days=j), end, n + 5 * j + offset, values)
            found.append((gap, versions, p))
    return found


def _interventions(p, gap: CompetenceGap, d) -> list[tuple]:
    """Two interventions for each gap of the first year."""
    if gap.year != p.opened.year + 1:
        return []
    a = _actors(p, d)
    n, made = p.n, []
    for j in range(2):
        kind, title, whose = INTERVENTION_KINDS[(n // 10 + gap.occupation_id + j) % len(INTERVENTION_KINDS)]
        count = 2 + (n + j) % 5
        begins = date(gap.year, 1 + 7 * j, 1)
        begun = begins <= p.last.date()  # an intervention yet to begin is planned or decided
        final = INTERVENTION_STATUSES[min(count - 1, 2 + (n + j) % 2 if begun else 1)]
        path = INTERVENTION_STATUSES[: INTERVENTION_STATUSES.index(final) + 1]
        item = Intervention(
            case=p.case,
            gap=gap,
            kind=kind,
            title=f"{title}: {gap.occupation.name_sv}"[:200],
            organisation=a.org(whose),
            places_per_year=10 + (n + 7 * j) % 40,
            start=begins,
            end_year=gap.year + 1 if final == Intervention.Status.FINISHED else None,
            status=final,
            sharing=gap.sharing,
        )
        item.created_by = p.coordinator
        start = gap.created_at + timedelta(days=3 + j)
        values = [{"status": path[i * len(path) // count]} for i in range(count - 1)] + [{}]
        versions = _versions(p, start, p.last - timedelta(hours=5), n + j + gap.occupation_id, values)
        made.append((item, versions))
    return made


def _needs(p, a: Actors, made: dict) -> None:
    n, year = p.n, p.opened.year + 2
    for j, (kind, description, quantity, whose) in enumerate(NEEDS):
        count = 2 + (n + j) % 3
        item = LivingNeed(
            case=p.case,
            kind=kind,
            description=description,
            quantity=quantity,
            year=year,
            organisation=a.org(whose),
            status=NEED_STATUSES[count - 2],
            sharing=MEMBERS if j else COMPANY,
        )
        item.created_by = p.coordinator
        values = [{"status": NEED_STATUSES[max(0, i - 1)]} for i in range(count - 1)] + [{}]
        made[LivingNeed].append(
            (item, _versions(p, _at(p, 0.2 + 0.02 * j), p.last - timedelta(hours=7), n + j, values))
        )


# --- Moment 4: kontaktvägar --------------------------------------------------------------------


def _routes(p, a: Actors) -> list[tuple]:
    """Three routes with their referral steps; a route is verified again every month or two."""
    n, found = p.n, []
    start = _at(p, 0.25)
    for j, (topic, first, answers, steps) in enumerate(ROUTES):
        sharing = COMPANY if j < 2 else MEMBERS
        count = 3 + (n + j) % 7
        moments = spread(start + timedelta(days=j), p.last - timedelta(hours=3), count, n + j)
        route = ContactRoute(
            case=p.case,
            topic=topic,
            first_contact=a.person(first),
            answers=answers,
            last_verified=moments[-1].date(),
            note="Stäm av med kommunledningen före besked om mark." if j == 1 else "",
            sharing=sharing,
        )
        route.created_by = p.coordinator
        values = [{"last_verified": at.date()} for at in moments]
        versions = _versions(p, start + timedelta(days=j), p.last - timedelta(hours=3), n + j, values)
        for i, v in enumerate(versions[1:], start=1):
            v.reason = "Verified today" if i % 3 else v.reason
        step_pairs = []
        for order, (who, handles, fallback) in enumerate(steps, start=1):
            step = RouteStep(
                case=p.case,
                route=route,
                order=order,
                person=a.person(who),
                handles=handles,
                is_fallback=fallback,
                sharing=sharing,
            )
            step.created_by = p.coordinator
            values = [{"handles": handles.split(" ")[0]}] * ((n + order) % 2) + [{}]
            added = start + timedelta(days=j, hours=order)
            step_pairs.append((step, _versions(p, added, p.last - timedelta(hours=30), n + order, values)))
        found.append((route, versions, step_pairs))
    return found


# --- Moment 5: handlingsplan -------------------------------------------------------------------


def _actions(p, a: Actors, d) -> list[tuple]:
    """Six actions owned by members; those shared with the members are proposed to their owner, and
    the owner's user (if the organisation has one) accepted most of them, declined one in seven."""
    n, made = p.n, []
    for j, (theme, title, whose, sharing) in enumerate(ACTIONS):
        org = a.org(whose)
        person = a.person(whose)
        due = (p.opened + timedelta(days=90 + (n * 13 + 97 * j) % 700)).date()
        path = STATUS_PATHS[["done", "going", "late"][(n + j) % 3]]
        answerer = d.org_user.get(org.pk)
        proposed = sharing != INTERNAL and (n + j) % 4 != 0
        answered = proposed and answerer is not None and (n + j) % 5 != 1
        declined = answered and (n + j) % 7 == 3
        count = max(len(path) + int(proposed) + int(answered), 3 + (n + 2 * j) % 8)
        moments = spread(_at(p, 0.2 + 0.01 * j), p.last - timedelta(hours=4), count, n + j)
        propose_at = moments[1] if proposed else None
        answer_at = moments[2] if answered else None
        action = Action(
            case=p.case,
            theme=theme,
            title=title,
            current_state="Inget samlat grepp i dag; varje aktör arbetar för sig.",
            target_state="En gemensam plan med ansvariga och datum, uppföljd i styrgruppen.",
            owner_organisation=org,
            owner_person=person if person.organisation_id == org.pk else None,
            due_date=due,
            status=path[-1],
            sharing=sharing,
        )
        action.created_by = p.coordinator
        if proposed:
            action.commitment = CommitmentState.PROPOSED
            action.proposed_at, action.proposed_by = propose_at, p.coordinator
        if answered:
            action.commitment = CommitmentState.DECLINED if declined else CommitmentState.ACCEPTED
            action.responded_at, action.responded_by = answer_at, answerer
            if declined:
                action.decline_reason = "Saknar beslut om finansiering; frågan tas upp i budgetberedningen."
        final = {
            "status": action.status,
            "commitment": action.commitment,
            "proposed_at": action.proposed_at,
            "proposed_by_id": p.coordinator.pk if proposed else None,
            "responded_at": action.responded_at,
            "responded_by_id": answerer.pk if answered else None,
            "decline_reason": action.decline_reason,
        }
        versions = []
        for i, at in enumerate(moments):
            values = dict(final)
            values["status"] = path[min(i * len(path) // count, len(path) - 1)] if i < count - 1 else path[-1]
            user, reason = p.coordinator, (ITEM_REASONS[(n + i) % len(ITEM_REASONS)] if i else REASON)
            if not proposed or i < 1:
                values |= {"commitment": CommitmentState.NONE, "proposed_at": None, "proposed_by_id": None}
            elif i == 1:
                reason = "Commitment proposed"
            if not answered or i < 2:
                values |= {"responded_at": None, "responded_by_id": None, "decline_reason": ""}
                if proposed and i >= 1:
                    values["commitment"] = CommitmentState.PROPOSED
            elif i == 2:
                user, reason = answerer, "Commitment declined" if declined else "Commitment accepted"
            versions.append(Version(at, user.pk, reason, values))
        made.append((action, versions))
    return made


def _link_gaps(actions: list[tuple], gaps: list[tuple]) -> None:
    """The skills actions serve their case's gaps of the first year."""
    by_case: dict[int, list[int]] = {}
    for gap, _v, p in gaps:
        if gap.year == p.opened.year + 1:
            by_case.setdefault(gap.case_id, []).append(gap.pk)
    through = Action.gaps.through
    rows = [
        through(action_id=action.pk, competencegap_id=gap)
        for action, _v in actions
        if action.theme == "kompetensforsorjning"
        for gap in by_case.get(action.case_id, [])
    ]
    through.objects.bulk_create(rows, batch_size=2000)


# --- The journal -------------------------------------------------------------------------------


def _journal(p, a: Actors, made: dict) -> None:
    n = p.n
    span = (p.last - p.opened).days
    participants = ", ".join(org.name for org in a.orgs.values())
    for j, (kind, title, share) in enumerate(
        [
            (JournalEntry.Kind.MEETING, "Första avstämningen med bolaget", 0.1),
            (JournalEntry.Kind.MEETING, "Styrgrupp för etableringen", 0.5),
            (JournalEntry.Kind.DECISION, "Beslut: gemensam ansökan om utbildning", 0.8),
        ]
    ):
        held = p.opened + timedelta(days=int(span * share))
        entry = JournalEntry(
            case=p.case,
            kind=kind,
            date=held.date(),
            title=title,
            participants=participants,
            notes="Genomgång av läget, rekryteringsbehovet och bostadsfrågan.",
            sharing=MEMBERS,
        )
        entry.created_by = p.coordinator
        count = 1 + (n + j) % 3
        values = [{"notes": "Genomgång av läget."}] * (count - 1) + [{}]
        made[JournalEntry].append(
            (entry, _versions(p, held + timedelta(hours=3), p.last - timedelta(hours=6), n + j, values))
        )
        entry._plan = (p, a)


def _follow_ups(entry: JournalEntry, d) -> list[tuple]:
    """Two follow-ups from each meeting, one done since."""
    if entry.kind != JournalEntry.Kind.MEETING:
        return []
    p, a = entry._plan
    made = []
    for j, (text, whose) in enumerate(
        [
            ("Ta fram en bostadsprognos för de närmaste åren", "kommun"),
            ("Sammanställ rekryteringsbehovet per yrke", "company"),
        ]
    ):
        due = entry.date + timedelta(days=30 + 15 * j)
        done = due < p.last.date() and j == 0
        item = FollowUp(
            case=p.case,
            entry=entry,
            text=text,
            owner=a.org(whose),
            owner_person=a.person(whose),
            due=due,
            done=done,
            sharing=MEMBERS,
        )
        item.created_by = p.coordinator
        values = [{"done": False}] * (int(done) + (p.n + j) % 2) + [{}]
        start = entry.created_at + timedelta(minutes=10)
        made.append((item, _versions(p, start, p.last - timedelta(hours=8), p.n + j, values)))
    return made
