"""The world the probes run on, built once per test session of this package (tests/probes/conftest.py).

It starts from the suite's shared world (tests/world.py) and the layers the access harness's areas
build on it (alarms, rounds, readiness, drills, lessons), and adds what the oracle needs to tell
every cell of its table apart:

- cases and signals at each confidentiality level (open, *begränsad*, *konfidentiell*) in two
  regions, 24 Västerbotten (lead municipality Skellefteå) and 21 Gävleborg (Gävle); the actor
  contact's organisation (``member_org``) is a member of each case but the base confidential one;
- every kind of workspace record at each sharing level on the open case of region 24, at two
  levels (internal, members) on the other open and restricted cases, internal on the confidential
  ones; children (follow-ups, referral steps, interventions) hang under a parent of their own level;
- lessons (internal and shared) of closed cases, people with alarm channels in and outside the
  rosters, and users for the cells the shared world lacks (an official of another municipality of
  region 24, a reader of region 21, a user granted a confidential case to view only, one granted to
  change it, a reader granted a confidential case, a superuser).

Objects carry **markers** (``PRB0001`` …): a unique string in a field their pages show. A marker is
read by exactly the users the oracle lets read its object, so a marker in any response to anyone
else is a leak, whatever the page (tests/probes/machinery.py). The facts the oracle reads (region,
municipality, confidentiality, members, grants, sharing …) are gathered from the rows, as data.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Group
from django.db.models import Q
from guardian.shortcuts import assign_perm

from accounts.models import RoleName
from alarms.rosters.models import Channel, RosterEntry
from checklist.models import Lesson, Participant, RegionalAction
from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation, Offering
from establishments import services
from establishments.models import (
    CaseMember,
    CaseUserObjectPermission,
    CaseViewLog,
    EstablishmentCase,
    Phase,
    Signal,
    SignalUserObjectPermission,
)
from tests import factories as f
from tests.alarms.harness_reports import contact_notification
from tests.alarms.harness_world import alarm_world
from tests.checklist.harness_drills import drill_world
from tests.checklist.harness_lessons import lessons_world, write_lesson
from tests.checklist.harness_readiness import readiness_world
from tests.checklist.harness_rounds import rounds_world
from tests.world import build_world
from workspace.core import kinds
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry
from workspace.plan.models import Action
from workspace.plan.services import calendar_feed_create
from workspace.routes.models import ContactRoute, RouteStep

ROLES = {
    RoleName.ADMIN: "admin",
    RoleName.COORDINATOR: "coordinator",
    RoleName.OFFICIAL: "official",
    RoleName.CONTACT: "contact",
    RoleName.READER: "reader",
}

# The probe users, with the cell of the oracle's table each stands for. ``anonymous`` is not
# logged in. Keys of the shared world (tests/world.py) keep their meaning.
USERS = {
    "anonymous": "not logged in",
    "admin": "Administratör, staff but not superuser",
    "superuser": "Administratör and superuser, granted no confidential case",
    "coordinator": "Regional samordnare 24, responsible for region 24's cases (granted the confidential)",
    "deputy": "Regional samordnare 24, deputy of the cases of region 24 (granted the confidential ones)",
    "coordinator_same_region": "Regional samordnare 24, on no case",
    "coordinator_granted": "Regional samordnare 24, granted 24's confidential case to change, off its team",
    "coordinator_other_region": "Regional samordnare 21, on no case",
    "official": "Kommunal tjänsteman, Skellefteå (24); logged the confidential signal of 24",
    "official_granted": "Kommunal tjänsteman, Skellefteå (24), granted 24's confidential case to view only",
    "official_same_region": "Kommunal tjänsteman, Umeå (24): another municipality of the region",
    "official_other": "Kommunal tjänsteman, Gävle (21); logged the confidential signal of 21",
    "reader": "Läsare 24",
    "reader_other_region": "Läsare 21, granted region 21's confidential case to view",
    "contact": "Aktörskontakt of member_org, a member of every case but the base confidential one",
    "contact_other": "Aktörskontakt of an organisation on no case",
}

OPEN, RESTRICTED, CONFIDENTIAL = "oppen", "begransad", "konfidentiell"
INTERNAL, MEMBERS, COMPANY = "intern", "medlemmar", "etableraren"

# The six cases every case page is tried on: (key, region, level).
CASES = [
    ("case24_open", "24", OPEN),
    ("case24_restricted", "24", RESTRICTED),
    ("case24_conf", "24", CONFIDENTIAL),
    ("case21_open", "21", OPEN),
    ("case21_restricted", "21", RESTRICTED),
    ("case21_conf", "21", CONFIDENTIAL),
]
SIGNALS = [(key.replace("case", "signal"), region, level) for key, region, level in CASES]
# Which sharing levels each case's records are made at.
ITEM_LEVELS = {
    "case24_open": (INTERNAL, MEMBERS, COMPANY),
    "case24_restricted": (INTERNAL, MEMBERS),
    "case21_open": (MEMBERS,),
    "case21_restricted": (INTERNAL,),
    "case24_conf": (INTERNAL,),
    "case21_conf": (INTERNAL,),
}
# Kinds whose records hang under another record of the case (the parent is made at the same level).
PARENTS = {"followup": "journalentry", "routestep": "contactroute", "intervention": "competencegap"}


# --- Facts -------------------------------------------------------------------------------------


@dataclass
class Who:
    key: str
    role: str | None  # admin, coordinator, official, contact, reader; None for anonymous
    pk: int | None = None
    region: str | None = None  # SCB code of the region the user works for
    municipality: str | None = None
    org: int | None = None
    staff: bool = False
    superuser: bool = False


@dataclass
class CaseFact:
    key: str
    pk: int
    region: str
    municipality: str
    candidates: frozenset[str]
    level: str
    members: frozenset[int]
    coordinator: int
    deputy: int
    view: frozenset[int]  # users granted to view (django-guardian rows)
    change: frozenset[int]
    active: bool
    version: int = 0


@dataclass
class SignalFact:
    key: str
    pk: int
    region: str
    municipality: str
    level: str
    view: frozenset[int]


@dataclass
class ItemFact:
    key: str
    pk: int
    case: str
    kind: str
    sharing: str  # the record's own level ("" for records without one: case members)
    parent_sharing: str | None = None
    version: int = 1
    owner_org: int | None = None  # an action proposed to an organisation


@dataclass
class Marker:
    """A unique string in an object's page, and what the oracle asks to know who may read it."""

    text: str
    family: str  # case, signal, item, lesson, alarm, round, readiness_action, channel, drill
    key: str  # the object's key in the world
    note: str = ""


@dataclass
class ProbeWorld:
    objects: dict  # key -> model instance (the shared world's keys and the probes' own)
    users: dict[str, Who]
    cases: dict[str, CaseFact] = field(default_factory=dict)
    signals: dict[str, SignalFact] = field(default_factory=dict)
    items: dict[str, ItemFact] = field(default_factory=dict)
    markers: list[Marker] = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # the other families' facts, by key

    def __getitem__(self, key):
        return self.objects[key]


_counter = itertools.count(1)


def marker() -> str:
    return f"PRB{next(_counter):04d}"


# --- Building ----------------------------------------------------------------------------------


def _signal(w, key, region, level, text):
    code, logger = ("2482", w["official"]) if region == "24" else ("2180", w["official_other"])
    return services.signal_log(
        logged_by=logger,
        notify=False,
        channel="telefon",
        subject=text,  # the signal's heading in lists and search, like its sender
        source_text=text,
        summary=f"Signal {text}",
        municipality=f.municipality(code),
        confidentiality=level,
    )


def _case(w, region, level, name, code_name=""):
    if region == "24":
        lead, coordinator, deputy = "2482", w["coordinator"], w["deputy"]
    else:
        lead, coordinator, deputy = "2180", w["coordinator_21_core"], w["deputy_21_core"]
    return services.case_create(
        user=coordinator,
        name=name,
        code_name=code_name,
        confidentiality=level,
        lead_municipality=f.municipality(lead),
        coordinator=coordinator,
        deputy=deputy,
        members=[w["member_org"]],
    )


def _records(w, case, case_key, levels, markers: list[Marker]) -> dict[str, object]:
    """One record of every kind at each level, saved through the kind's own save (as its coordinator)."""
    author = case.coordinator
    made = {}
    occupation = Occupation.objects.filter(level=4).order_by("code").first()
    person = w["person"]
    owner = CaseMember.objects.filter(case=case).order_by("pk").first().organisation
    for i, level in enumerate(levels):

        def save(kind, item, text, *, level=level):
            item.case, item.sharing = case, level
            saved = kinds.get(kind).save_item(author, item, None, "")
            key = f"{case_key}:{kind}:{level}"
            made[key] = saved
            markers.append(Marker(text, "item", key))
            return saved

        m = marker
        save("expectation", Expectation(kind="forvantan", text=f"Förväntan {(t := m())}"), t)
        save("milestone", Milestone(title=f"Milstolpe {(t := m())}", date=date(2027, 1, 1)), t)
        save(
            "resourcecommitment",
            ResourceCommitment(organisation=w["organisation"], description=f"Resurs {(t := m())}"),
            t,
        )
        entry = save("journalentry", JournalEntry(date=date(2026, 1, 1), title=f"Möte {(t := m())}"), t)
        save("followup", FollowUp(entry=entry, text=f"Uppföljning {(t := m())}", owner=w["organisation"]), t)
        route = save(
            "contactroute",
            ContactRoute(topic="ovrigt", first_contact=person, answers=f"Svarar om {(t := m())}"),
            t,
        )
        save("routestep", RouteStep(route=route, order=1, person=person, handles=f"Hanterar {(t := m())}"), t)
        gap = save(
            "competencegap",
            CompetenceGap(
                occupation=occupation,
                year=2030 + i,
                needed=10,
                source="etableraren",
                note=f"Gap {(t := m())}",
            ),
            t,
        )
        save(
            "intervention",
            Intervention(
                gap=gap,
                kind="yh",
                title=f"Insats {(t := m())}",
                organisation=w["organisation"],
                places_per_year=5,
                start=date(2027, 1, 1),
            ),
            t,
        )
        save("livingneed", LivingNeed(kind="bostader", description=f"Behov {(t := m())}"), t)
        save(
            "action",
            Action(
                theme="mark",
                title=f"Åtgärd {(t := m())}",
                owner_organisation=owner,
                due_date=date(2027, 6, 1),
            ),
            t,
        )
    return made


def grant(case, user, change=False) -> None:
    """A grant as django-guardian stores it (what the case's access page makes)."""
    assign_perm("view_establishmentcase", user, case)
    if change:
        assign_perm("change_establishmentcase", user, case)


def build() -> ProbeWorld:
    w = build_world()
    for layer in (alarm_world, rounds_world, readiness_world, drill_world, lessons_world):
        layer(w)
    contact_notification(w)  # the contact's in-app notice of region 24's open alarm

    # Users the shared world lacks.
    w["superuser"] = f.admin(is_superuser=True)
    w["coordinator_granted"] = f.coordinator("24")
    w["official_granted"] = f.official("2482")
    w["official_same_region"] = f.official("2480")
    w["reader_other_region"] = f.reader("21")
    w["coordinator_21_core"] = f.coordinator("21")
    w["deputy_21_core"] = f.coordinator("21")

    markers: list[Marker] = []

    # Cases: the shared world's open cases get names with markers; the rest are made here.
    for key, base in (("case24_open", "case_open"), ("case21_open", "case_other_region")):
        case = w[base]
        text = marker()
        EstablishmentCase.objects.filter(pk=case.pk).update(name=f"Probefall {text}")
        case.refresh_from_db()
        w[key] = case
        markers.append(Marker(text, "case", key))
    w["case21_open"].memberships.create(organisation=w["member_org"])
    EstablishmentCase.objects.filter(pk=w["case21_open"].pk).update(
        coordinator=w["coordinator_21_core"], deputy=w["deputy_21_core"]
    )
    w["case21_open"].refresh_from_db()
    w["case24_conf"] = w["case_confidential"]
    markers += [Marker(s, "case", "case24_conf", "shared world") for s in ("Hemligt namn",)]
    for key, region, level in CASES:
        if key in w:
            continue
        text = marker()
        code_name = f"Kodnamn {key}" if level == CONFIDENTIAL else ""
        w[key] = _case(w, region, level, f"Probefall {text}", code_name)
        markers.append(Marker(text, "case", key))

    # Grants beyond the core teams: to change, to view only, to a reader of region 21.
    grant(w["case24_conf"], w["coordinator_granted"], change=True)
    grant(w["case24_conf"], w["official_granted"])
    grant(w["case21_conf"], w["reader_other_region"])

    # Signals: the shared world's two of region 24, and four more.
    text = marker()
    Signal.objects.filter(pk=w["signal"].pk).update(
        subject=f"Källa {text}", source_text=f"Källa {text}", summary=f"Signal {text}"
    )
    w["signal24_open"] = Signal.objects.get(pk=w["signal"].pk)
    markers.append(Marker(text, "signal", "signal24_open"))
    w["signal24_conf"] = w["signal_confidential"]
    markers.append(
        Marker("Hemlig fabrik", "signal", "signal24_conf", "shared world; also in case24_conf's records")
    )
    for key, region, level in SIGNALS:
        if key in ("signal24_open", "signal24_conf"):
            continue
        text = marker()
        w[key] = _signal(w, key, region, level, f"Källa {text}")
        markers.append(Marker(text, "signal", key))

    # Workspace records.
    items = {}
    for key, levels in ITEM_LEVELS.items():
        items.update(_records(w, w[key], key, levels, markers))
    w["items"] = items
    # The shared world's records on its confidential case keep its secret (Hemlig fabrik).

    # Lessons: internal and shared lessons of a closed open case of each region, and the shared
    # world's lessons (its confidential one is "Vinterlärdom").
    closed24 = w["lessons_case_closed"]
    closed21 = f.CaseFactory(
        lead_municipality=f.municipality("2180"),
        coordinator=w["coordinator_21_core"],
        deputy=w["deputy_21_core"],
        phase=Phase.CLOSED,
    )
    closed21.memberships.create(organisation=w["member_org"])
    w["lessons_case_closed21"] = closed21
    lessons = {}
    for case_key, case, author in (
        ("lessons_case_closed", closed24, w["coordinator"]),
        ("lessons_case_closed21", closed21, w["coordinator_21_core"]),
    ):
        for level in (INTERNAL, MEMBERS):
            text = marker()
            extra = {"sharing": level} if hasattr(Lesson, "sharing") else {}
            lesson = write_lesson(case, author, what_worked=f"Lärdom {text}", **extra)
            key = f"lesson:{case_key}:{level}"
            lessons[key] = lesson
            markers.append(Marker(text, "lesson", key))
    lessons["lesson:lessons_case_confidential"] = w["lessons_lesson_confidential"]
    markers.append(Marker("Vinterlärdom", "lesson", "lesson:lessons_case_confidential", "shared world"))
    markers.append(Marker("Hemliga Vinterbolaget", "case", "lessons_case_confidential", "shared world"))
    w["lessons"] = lessons

    # Alarm channels: a webhook with a marker for the people on the rosters, one of an organisation
    # of region 24 on no roster, one of an organisation of no region on no roster.
    people = {
        "person_roster24": w["alarm_primary"],  # the contact's own person, on region 24's roster
        "person_roster21": w["roster_entry_other"].primary,
        "person_region24": f.PersonFactory(organisation=f.OrganisationFactory(region=f.region("24"))),
        "person_noregion": f.PersonFactory(organisation=f.OrganisationFactory()),
    }
    channels = {}
    for key, person in people.items():
        text = marker()
        channels[key] = Channel.objects.create(
            person=person, kind="webhook", target=f"https://hooks.example.se/{text}", position=9
        )
        markers.append(Marker(text, "channel", key))
        w[key] = person
    w["channels"] = channels

    # Rounds, readiness actions, alarms, drills: the areas' own titles and texts are the markers.
    markers += [
        Marker("Omgång VB (harness)", "round", "rounds_round"),
        Marker("Omgång Gävleborg (harness)", "round", "rounds_other_round"),
        Marker("Beredskap VB (harness)", "round", "readiness_round"),
        Marker("Beredskap Gävleborg (harness)", "round", "readiness_other_round"),
        Marker("Batterifabrik söker mark", "alarm", "alarm"),
        Marker(
            "Hemlig plan", "plan_answers", "readiness_round", "the readiness rounds' answers, both regions"
        ),
        Marker("Övning i Gävle", "alarm", "alarm_other_region"),
    ]
    # Private calendar feeds (iCal) of a contact, a reader, a user granted a confidential case to
    # view, and a coordinator of its core team.
    w["calendar_feeds"] = {
        key: calendar_feed_create(user=w[key])
        for key in ("contact", "reader", "official_granted", "coordinator")
    }
    w["calendar_feed"] = w["calendar_feeds"]["contact"]
    CaseViewLog.objects.create(case=w["case24_conf"], user=w["coordinator"], path="/probe/")
    for key in ("readiness_action", "readiness_other_action"):
        text = marker()
        RegionalAction.objects.filter(pk=w[key].pk).update(title=f"Beredskapsåtgärd {text}")
        w[key].refresh_from_db()
        markers.append(Marker(text, "readiness_action", key))
    # The education supply: the member organisation's offering in region 24, and another
    # organisation's in region 21.
    for key, provider, place in (
        ("offering24", w["member_org"], "2482"),
        ("offering21", w["organisation"], "2180"),
    ):
        offering = Offering.objects.create(
            name=f"Utbildning {key}", provider=provider, form="yh", municipality=f.municipality(place),
            places_per_year=30, graduates_per_year=25, start=date(2026, 8, 20), status="beviljad",
        )  # fmt: skip
        offering.occupations.set(Occupation.objects.filter(code="8131"))
        w[key] = offering
    return _facts(w, markers)


# --- Facts, read from the rows -----------------------------------------------------------------


def _role(user) -> str | None:
    names = set(Group.objects.filter(user=user).values_list("name", flat=True))
    for name, short in ROLES.items():
        if name in names:
            return short
    return None


def _who(key, user) -> Who:
    if user is None:
        return Who(key, None)
    region = user.region.code if user.region_id else None
    municipality = user.municipality.code if user.municipality_id else None
    if municipality:
        region = user.municipality.region.code
    if _role(user) == "contact":
        region = user.organisation.region.code if user.organisation.region_id else None
    return Who(
        key,
        _role(user),
        user.pk,
        region,
        municipality,
        user.organisation_id,
        user.is_staff,
        user.is_superuser,
    )


def case_fact(key, case) -> CaseFact:
    case = EstablishmentCase.objects.select_related("region", "lead_municipality").get(pk=case.pk)
    grants = CaseUserObjectPermission.objects.filter(content_object=case)
    return CaseFact(
        key=key,
        pk=case.pk,
        region=case.region.code,
        municipality=case.lead_municipality.code,
        candidates=frozenset(case.candidate_municipalities.values_list("code", flat=True)),
        level=case.confidentiality,
        members=frozenset(CaseMember.objects.filter(case=case).values_list("organisation_id", flat=True)),
        coordinator=case.coordinator_id,
        deputy=case.deputy_id,
        view=frozenset(
            grants.filter(permission__codename="view_establishmentcase").values_list("user_id", flat=True)
        ),
        change=frozenset(
            grants.filter(permission__codename="change_establishmentcase").values_list("user_id", flat=True)
        ),
        active=case.phase not in (Phase.CLOSED, Phase.LOST),
    )


def _facts(w: dict, markers: list[Marker]) -> ProbeWorld:
    users = {key: _who(key, w.get(key)) for key in USERS}
    pw = ProbeWorld(objects=w, users=users, markers=markers)
    case_keys = [key for key, _r, _l in CASES] + [
        "lessons_case_closed",
        "lessons_case_closed21",
        "lessons_case_confidential",
    ]
    for key in case_keys:
        pw.cases[key] = case_fact(key, w[key])
    for key, _region, _level in SIGNALS:
        s = Signal.objects.select_related("municipality__region").get(pk=w[key].pk)
        pw.signals[key] = SignalFact(
            key,
            s.pk,
            s.municipality.region.code,
            s.municipality.code,
            s.confidentiality,
            frozenset(
                SignalUserObjectPermission.objects.filter(
                    content_object=s, permission__codename="view_signal"
                ).values_list("user_id", flat=True)
            ),
        )
    for key, item in w["items"].items():
        case_key, kind, _level = key.split(":")
        parent = getattr(
            item, {"followup": "entry", "routestep": "route", "intervention": "gap"}.get(kind, "-"), None
        )
        pw.items[key] = ItemFact(
            key=key,
            pk=item.pk,
            case=case_key,
            kind=kind,
            sharing=item.sharing,
            parent_sharing=parent.sharing if parent is not None else None,
            version=type(item).objects.get(pk=item.pk).version,
            owner_org=getattr(item, "owner_organisation_id", None),
        )
    # Case members (the actor map's records: no sharing level of their own).
    for key, _r, _l in CASES:
        member = CaseMember.objects.filter(case=w[key]).order_by("pk").first()
        item_key = f"{key}:casemember:"
        w["items"][item_key] = member
        pw.items[item_key] = ItemFact(item_key, member.pk, key, "casemember", "", version=member.version)
    # The other families: rounds, participants, alarms, drills, lessons, people with channels.
    pw.facts["lessons"] = {
        key: {
            "case": _lesson_case_key(pw, lesson),
            "sharing": getattr(lesson, "sharing", INTERNAL),
            "pk": lesson.pk,
        }
        for key, lesson in w["lessons"].items()
    }
    pw.facts["rounds"] = {
        key: {
            "region": w[key].region.code,
            "orgs": frozenset(
                Participant.objects.filter(round=w[key]).values_list("organisation_id", flat=True)
            ),
            "open": w[key].closed_at is None,
        }
        for key in ("rounds_round", "rounds_other_round", "readiness_round", "readiness_other_round")
    }
    pw.facts["alarms"] = {
        key: {
            "region": w[key].region.code,
            "municipality": w[key].municipality.code,
            "raised_by": w[key].raised_by_id,
            "reached": frozenset(w[key].recipients.values_list("organisation_id", flat=True)),
            "open": w[key].closed_at is None,
        }
        for key in ("alarm", "alarm_confidential", "alarm_other_region")
    }
    pw.facts["drills"] = {
        key: {
            "region": w[key].municipality.region.code,
            "started_by": w[key].started_by_id,
            "participants": frozenset(w[key].answers.values_list("user_id", flat=True)),
            "open": w[key].closed_at is None,
        }
        for key in ("drills_drill", "drills_other")
    }
    pw.facts["people"] = {}
    for key in ("person_roster24", "person_roster21", "person_region24", "person_noregion"):
        person = w[key]
        places = RosterEntry.objects.filter(Q(primary=person) | Q(deputy=person)).values_list(
            "roster__region__code", flat=True
        )
        pw.facts["people"][key] = {
            "user": person.user_id,
            "org_region": person.organisation.region.code if person.organisation.region_id else None,
            "rosters": frozenset(places),
        }
    return pw


def _lesson_case_key(pw: ProbeWorld, lesson) -> str:
    return next(key for key, fact in pw.cases.items() if fact.pk == lesson.case_id)
