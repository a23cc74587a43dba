"""The national host around the scale data: every region's public bodies, its own coordinator and
its alarm roster (*larmlista*).

The hand-written demo covers three regions; a national installation serves all 21. This fills in,
once, what each region has before its first case: the region, the county administrative board and
every municipality as organisations (each with two people, the first holding a role with the second
as deputy), a coordinator of its own for every region (``samordnare.<SCB code>``, with an unusable
password, a person in the region's organisation and alarm channels), an Arbetsförmedlingen contact
for the regions outside the demo, and a roster with the region, the board, Arbetsförmedlingen and
up to twenty municipalities. What the demo already has (its three regions' bodies, rosters and
coordinators) is kept and added to; running it again adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import RoleName, User
from accounts.services import user_create
from actors.models import Level, Municipality, Organisation, OrganisationType, Person, Region, Role
from alarms.rosters.models import Channel, ChannelKind, Roster, RosterEntry
from demo.data.fiction import ascii_slug, email_for, fictional_phone
from demo.data.people import COORDINATORS
from demo.scale_history import HistoryWriter, Version, insert
from demo.scale_registry import (
    REASON,
    OrgNumbers,
    organisation_versions,
    person_name,
    person_versions,
    role_versions,
)

T = OrganisationType

# SCB code: (the region's organisation, the short name used in titles and addresses)
REGIONS = {
    "01": ("Region Stockholm", "Stockholm"),
    "03": ("Region Uppsala", "Uppsala"),
    "04": ("Region Sörmland", "Sörmland"),
    "05": ("Region Östergötland", "Östergötland"),
    "06": ("Region Jönköpings län", "Jönköping"),
    "07": ("Region Kronoberg", "Kronoberg"),
    "08": ("Region Kalmar län", "Kalmar"),
    "09": ("Region Gotland", "Gotland"),
    "10": ("Region Blekinge", "Blekinge"),
    "12": ("Region Skåne", "Skåne"),
    "13": ("Region Halland", "Halland"),
    "14": ("Västra Götalandsregionen", "Västra Götaland"),
    "17": ("Region Värmland", "Värmland"),
    "18": ("Region Örebro län", "Örebro"),
    "19": ("Region Västmanland", "Västmanland"),
    "20": ("Region Dalarna", "Dalarna"),
    "21": ("Region Gävleborg", "Gävleborg"),
    "22": ("Region Västernorrland", "Västernorrland"),
    "23": ("Region Jämtland Härjedalen", "Jämtland"),
    "24": ("Region Västerbotten", "Västerbotten"),
    "25": ("Region Norrbotten", "Norrbotten"),
}
TITLES = {
    T.REGION: ("Strateg, kompetensförsörjning", "Utvecklingsledare, näringsliv", "Handläggare"),
    T.LANSSTYRELSEN: ("Enhetschef, samhällsbyggnad", "Handläggare, miljöprövning", "Handläggare"),
    T.KOMMUN: ("Näringslivschef", "Etableringsstrateg", "Näringslivsutvecklare"),
}
ROLE_MANDATE = {
    T.REGION: "Samordnar regionens arbete med stora etableringar; beslutar om regionala utvecklingsmedel.",
    T.LANSSTYRELSEN: "Företräder länsstyrelsen i samråd om tillstånd och planering.",
    T.KOMMUN: "Tar emot etableringsförfrågningar och företräder kommunen i etableringsärenden.",
}
MAX_MUNICIPALITIES_ON_ROSTER = 20
ROLE_ORDER = [RoleName.CONTACT, RoleName.OFFICIAL, RoleName.COORDINATOR]


def scale_username(code: str) -> str:
    return f"samordnare.{code}"


def kommun_name(municipality: str) -> str:
    """ "Umeå kommun", "Sandvikens kommun": the genitive s after a consonant other than s, x or z."""
    last = municipality[-1].lower()
    genitive = "" if last in "aeiouyåäösxz" else "s"
    return f"{municipality}{genitive} kommun"


def _domain(name: str) -> str:
    return ascii_slug(name).replace(".", "") + ".example.se"


@dataclass
class Directory:
    """Every region's public bodies, people and coordinators, by SCB code or primary key."""

    regions: dict[str, Region]
    municipalities: dict[str, list[Municipality]]
    region_org: dict[str, Organisation] = field(default_factory=dict)
    lst_org: dict[str, Organisation] = field(default_factory=dict)
    kommun_org: dict[int, Organisation] = field(default_factory=dict)  # by municipality
    af: Organisation | None = None
    contacts: dict[int, list[Person]] = field(default_factory=dict)  # by organisation, first asked first
    coordinator: dict[str, User] = field(default_factory=dict)  # the region's own (the demo's in its regions)
    scale_coordinator: dict[str, User] = field(default_factory=dict)  # samordnare.<code>, every region
    af_contact: dict[str, Person] = field(default_factory=dict)  # Arbetsförmedlingen on the region's roster
    org_user: dict[int, User] = field(default_factory=dict)  # who answers for an organisation in the app
    region_code: dict[int, str] = field(default_factory=dict)  # region pk -> SCB code

    @property
    def public_orgs(self) -> list[Organisation]:
        return [*self.region_org.values(), *self.lst_org.values(), *self.kommun_org.values(), self.af]


def ensure_directory(*, admin: User, history: HistoryWriter, orgnr: OrgNumbers, now) -> Directory:
    regions = {r.code: r for r in Region.objects.all()}
    municipalities: dict[str, list[Municipality]] = defaultdict(list)
    for m in Municipality.objects.select_related("region").order_by("name"):
        municipalities[m.region.code].append(m)
    d = Directory(regions=regions, municipalities=dict(municipalities))
    d.region_code = {r.pk: code for code, r in regions.items()}
    d.af = Organisation.objects.filter(type=T.ARBETSFORMEDLINGEN).order_by("pk").first()
    if d.af is None:
        raise AssertionError("Arbetsförmedlingen is part of the demo registry.")
    for org in Organisation.objects.filter(type__in=[T.REGION, T.LANSSTYRELSEN, T.KOMMUN]).order_by("pk"):
        if org.type == T.KOMMUN and org.municipality_id:
            d.kommun_org.setdefault(org.municipality_id, org)
        elif org.type == T.REGION and org.region_id:
            d.region_org.setdefault(d.region_code[org.region_id], org)
        elif org.type == T.LANSSTYRELSEN and org.region_id:
            d.lst_org.setdefault(d.region_code[org.region_id], org)
    _public_bodies(d, admin=admin, history=history, orgnr=orgnr, now=now)
    _coordinators(d, admin=admin, history=history, now=now)
    d.contacts = _contacts(d)
    _rosters(d, admin=admin, history=history, now=now)
    d.org_user = _org_users(d)
    return d


def _public_bodies(d: Directory, *, admin, history, orgnr, now) -> None:
    """The region, the county administrative board and the municipalities that are not yet in the
    registry, each with two people and a role."""
    made: list[Organisation] = []
    for code, region in sorted(d.regions.items()):
        org_name, stem = REGIONS[code]
        if code not in d.region_org:
            d.region_org[code] = Organisation(
                name=org_name, type=T.REGION, level=Level.REGIONAL, region=region, org_number=orgnr.next(True)
            )
            made.append(d.region_org[code])
        if code not in d.lst_org:
            d.lst_org[code] = Organisation(
                name=f"Länsstyrelsen i {region.name}",
                type=T.LANSSTYRELSEN,
                level=Level.REGIONAL,
                region=region,
                org_number=orgnr.next(True),
            )
            made.append(d.lst_org[code])
        for m in d.municipalities.get(code, []):
            if m.pk not in d.kommun_org:
                d.kommun_org[m.pk] = Organisation(
                    name=kommun_name(m.name),
                    type=T.KOMMUN,
                    level=Level.LOKAL,
                    region=region,
                    municipality=m,
                    org_number=orgnr.next(True),
                )
                made.append(d.kommun_org[m.pk])
    if not made:
        return
    start = now - timedelta(days=1400)
    pairs = []
    for i, org in enumerate(made):
        created = start + timedelta(days=i % 60, hours=i % 9)
        versions = organisation_versions(
            start=created,
            end=now - timedelta(days=20 + i % 300),
            count=2 + i % 5,
            seed=i,
            user_id=admin.pk,
            website=f"https://www.{_domain(org.name)}",
        )
        pairs.append((org, versions))
    insert(history, Organisation, pairs)

    people_pairs, roles, base = [], [], Person.objects.count()
    for i, org in enumerate(made):
        titles = TITLES[org.type]
        pair = []
        for j in range(2):
            name = person_name(base + 2 * i + j)
            person = Person(
                name=name,
                title=titles[j],
                organisation=org,
                email=email_for(name, _domain(org.name)),
                phone=fictional_phone(base + 2 * i + j),
            )
            created = org.created_at + timedelta(days=1 + j)
            versions = person_versions(
                person,
                start=created,
                end=now - timedelta(days=5 + (i + j) % 200),
                count=3 + (i + 3 * j) % 6,
                seed=base + i + j,
                user_id=admin.pk,
                earlier_title=titles[2],
            )
            people_pairs.append((person, versions))
            pair.append(person)
        role = Role(
            organisation=org,
            person=pair[0],
            title="Kontaktperson etablering",
            mandate=ROLE_MANDATE[org.type],
            may_share="Lägesbild, tidplan och kommunala beslut." if org.type == T.KOMMUN else "Lägesbild.",
            deputy=pair[1],
            valid_from=date(2022, 1, 1),
        )
        roles.append((role, pair[0]))
    insert(history, Person, people_pairs)
    role_pairs = []
    for i, (role, person) in enumerate(roles):
        versions = role_versions(
            role, start=person.created_at + timedelta(days=2), end=now - timedelta(days=10 + i % 250),
            count=2 + i % 3, seed=i, user_id=admin.pk,
        )  # fmt: skip
        role_pairs.append((role, versions))
    insert(history, Role, role_pairs)


def _coordinators(d: Directory, *, admin, history, now) -> None:
    """A coordinator of its own for every region (the demo's regions keep theirs and get a second)."""
    existing = {u.username: u for u in User.objects.filter(username__startswith="samordnare.")}
    people = []
    for i, (code, region) in enumerate(sorted(d.regions.items())):
        username = scale_username(code)
        user = existing.get(username)
        if user is None:
            name = person_name(7 * i + 5)
            first, last = name.split(" ", 1)
            org = d.region_org[code]
            user = user_create(
                by=admin,
                username=username,
                email=email_for(name, _domain(org.name)),
                first_name=first,
                last_name=last,
                role=RoleName.COORDINATOR,
                organisation=org,
                region=region,
            )
            person = Person(
                name=name,
                title="Regional samordnare för stora etableringar",
                organisation=org,
                email=user.email,
                phone=fictional_phone(300 + i),
                user=user,
            )
            versions = person_versions(
                person,
                start=now - timedelta(days=900 + i),
                end=now - timedelta(days=3 + i),
                count=3 + i % 4,
                seed=i,
                user_id=admin.pk,
                earlier_title="Utvecklingsstrateg",
            )
            people.append((person, versions))
        d.scale_coordinator[code] = user
    if people:
        insert(history, Person, people)
    demo = {u.username: u for u in User.objects.filter(username__in=COORDINATORS.values())}
    for code in d.regions:
        d.coordinator[code] = demo.get(COORDINATORS.get(code, ""), d.scale_coordinator[code])


def _contacts(d: Directory) -> dict[int, list[Person]]:
    """The people of the public bodies and Arbetsförmedlingen: those holding a current role first,
    people with a user account (who would rather be asked in the app) after those without."""
    today = timezone.localdate()
    orgs = [o.pk for o in d.public_orgs]
    found: dict[int, list[Person]] = defaultdict(list)
    for person in (
        Person.objects.filter(organisation_id__in=orgs)
        .select_related("user", "organisation")
        .prefetch_related("roles")
        .order_by("pk")
    ):
        found[person.organisation_id].append(person)
    for people in found.values():
        people.sort(
            key=lambda p: (
                not any(r.valid_to is None or r.valid_to >= today for r in p.roles.all()),
                p.user_id is not None,
            )
        )
    return found


def _rosters(d: Directory, *, admin, history, now) -> None:
    """A roster for every region that has none, and every region's public bodies on it."""
    rosters = {r.region_id: r for r in Roster.objects.all()}
    new_rosters = []
    for i, (code, region) in enumerate(sorted(d.regions.items())):
        if region.pk not in rosters:
            roster = Roster(
                region=region,
                deputy_after_minutes=10 if i % 3 else 15,
                coordinator_after_minutes=10 if i % 3 else 15,
                max_repeats=2 if i % 2 else 1,
                auto_close_hours=72 if i % 2 else 48,
            )
            opened = now - timedelta(days=700 - 10 * i)
            new_rosters.append((roster, [Version(opened, d.coordinator[code].pk, REASON)]))
            rosters[region.pk] = roster
    if new_rosters:
        insert(history, Roster, new_rosters)
    af_people = [p for p in d.contacts.get(d.af.pk, []) if p.user_id is None]
    af_deputy = next((p for p in af_people if p.name == "Henrik Dahl"), af_people[0] if af_people else None)
    on_roster: dict[int, dict[int, RosterEntry]] = defaultdict(dict)
    for entry in RosterEntry.objects.select_related("primary", "deputy"):
        on_roster[entry.roster_id][entry.organisation_id] = entry
    af_new = []
    for code, region in sorted(d.regions.items()):
        entry = on_roster[rosters[region.pk].pk].get(d.af.pk)
        if entry is not None:
            d.af_contact[code] = entry.primary
            continue
        title = f"Arbetsgivarsamordnare, {REGIONS[code][1]}"
        person = next((p for p in d.contacts.get(d.af.pk, []) if p.title == title), None)
        if person is None:
            name = person_name(11 * len(af_new) + 101)
            person = Person(
                name=name,
                title=title,
                organisation=d.af,
                email=email_for(name, "arbetsformedlingen.example.se"),
                phone=fictional_phone(400 + len(af_new)),
            )
            versions = person_versions(
                person, start=now - timedelta(days=800), end=now - timedelta(days=30 + len(af_new)),
                count=3, seed=len(af_new), user_id=d.coordinator[code].pk, earlier_title="Arbetsförmedlare",
            )  # fmt: skip
            af_new.append((person, versions))
        d.af_contact[code] = person
    if af_new:
        insert(history, Person, af_new)

    entries = []
    for code, region in sorted(d.regions.items()):
        roster = rosters[region.pk]
        have = on_roster[roster.pk]
        kommuner = [d.kommun_org[m.pk] for m in d.municipalities.get(code, [])]
        wanted = [d.region_org[code], d.lst_org[code], d.af, *kommuner[:MAX_MUNICIPALITIES_ON_ROSTER]]
        position = max((e.position for e in have.values()), default=0)
        added = now - timedelta(days=650)
        for org in wanted:
            if org.pk in have:
                continue
            if org.pk == d.af.pk:
                primary, deputy = d.af_contact[code], af_deputy
            else:
                people = [p for p in d.contacts.get(org.pk, []) if p.user_id is None] or d.contacts[org.pk]
                primary, deputy = people[0], (people[1] if len(people) > 1 else None)
            position += 1
            entry = RosterEntry(
                roster=roster, organisation=org, primary=primary, deputy=deputy, position=position
            )
            entries.append((entry, [Version(added + timedelta(hours=position), d.coordinator[code].pk, "")]))
            have[org.pk] = entry
    if entries:
        insert(history, RosterEntry, entries)
    people = [p for entry, _versions in entries for p in (entry.primary, entry.deputy) if p is not None]
    _channels(d, admin=admin, history=history, now=now, people=people)


def _channels(d: Directory, *, admin, history, now, people: list[Person]) -> None:
    """Every person on a roster and every coordinator can be alarmed: their registry e-mail, and
    the in-app inbox first for those with a user account. Saved by the person themself when they
    have an account (their own preferences), else by the coordinator of their organisation's region."""
    users = [*d.coordinator.values(), *d.scale_coordinator.values()]
    coordinators = Person.objects.filter(user__in=users).select_related("organisation")
    people_by_pk = {p.pk: p for p in [*people, *coordinators]}
    have = set(Channel.objects.filter(person_id__in=people_by_pk).values_list("person_id", flat=True))
    pairs = []
    for i, person in enumerate(p for pk, p in sorted(people_by_pk.items()) if pk not in have):
        code = d.region_code.get(person.organisation.region_id)
        by = person.user_id or (d.coordinator[code].pk if code else admin.pk)
        kinds = ([(ChannelKind.INAPP, "")] if person.user_id else []) + [(ChannelKind.EMAIL, person.email)]
        for position, (kind, target) in enumerate(kinds, start=1):
            if kind == ChannelKind.EMAIL and not target:
                continue
            channel = Channel(person=person, kind=kind, target=target, position=position)
            pairs.append((channel, [Version(now - timedelta(days=640 - i % 30), by, "")]))
    if pairs:
        insert(history, Channel, pairs)


def _org_users(d: Directory) -> dict[int, User]:
    """Who answers for a public body or Arbetsförmedlingen in the app: its actor contact, official
    or coordinator (never an administrator or a reader)."""
    found: dict[int, tuple[int, User]] = {}
    users = User.objects.filter(is_active=True, organisation__in=d.public_orgs).prefetch_related("groups")
    for user in sorted(users, key=lambda u: u.pk):
        roles = {g.name for g in user.groups.all()}
        rank = min((ROLE_ORDER.index(r) for r in roles if r in ROLE_ORDER), default=None)
        if rank is None:
            continue
        current = found.get(user.organisation_id)
        if current is None or rank < current[0]:
            found[user.organisation_id] = (rank, user)
    return {org: user for org, (_rank, user) in found.items()}
