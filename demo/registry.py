"""The demo's registry and accounts: the administrator, organisations, users, people and roles.

Made from ``demo.data`` through the services (``accounts.services``, ``actors.services``), so every
row has its history, with the administrator as its author. The order is the services': the
administrator first (the registry services need someone allowed to edit it), organisations before
the users placed in them, users before the people who are them, people before their roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import RoleName, User
from accounts.services import user_create, user_update
from actors.models import Municipality, Organisation, Person, Region, Role
from actors.services import organisation_save, person_save, role_save
from demo.data.fiction import email_for, fictional_phone, make_orgnr
from demo.data.organisations import ORGANISATIONS, PUBLIC_TYPES
from demo.data.people import PASSWORD, PEOPLE, USERS
from demo.data.roles import ROLES

REASON = "Demodata"


@dataclass
class Registry:
    """What the registry seeder made, by the keys of ``demo.data`` (users by username)."""

    users: dict[str, User] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


def seed_registry(*, regions: dict[str, Region], municipalities: dict[str, Municipality]) -> Registry:
    """Every organisation, user, person and role of the demo; ``regions`` and ``municipalities`` by
    SCB code."""
    made = Registry()
    admin = made.users["admin"] = _create_admin()
    made.orgs = _create_organisations(admin, regions, municipalities)
    made.users |= _create_users(admin, made.orgs, regions, municipalities)
    made.people = _create_people_and_roles(admin, made.orgs, made.users)
    return made


def _person_email(key: str) -> str:
    name, _title, org = PEOPLE[key]
    return email_for(name, ORGANISATIONS[org].domain)


def _create_admin() -> User:
    _role, person_key, _region, _municipality = USERS["admin"]
    first, last = PEOPLE[person_key][0].split(" ", 1)
    return user_create(
        by=None,
        username="admin",
        email=_person_email(person_key),
        first_name=first,
        last_name=last,
        role=RoleName.ADMIN,
        password=PASSWORD,
    )


def _create_organisations(admin, regions, municipalities) -> dict[str, Organisation]:
    orgs = {}
    public_n = private_n = 0
    for key, spec in ORGANISATIONS.items():
        if spec.type in PUBLIC_TYPES:
            public_n += 1
            stem = f"212099{public_n:03d}"
        else:
            private_n += 1
            stem = f"559900{private_n:03d}"
        org = Organisation(
            name=spec.name,
            type=spec.type,
            level=spec.level,
            region=regions[spec.region] if spec.region else None,
            municipality=municipalities[spec.municipality] if spec.municipality else None,
            org_number=make_orgnr(stem),
            notes=spec.notes,
        )
        orgs[key] = organisation_save(user=admin, organisation=org, reason=REASON)
    return orgs


def _create_users(admin, orgs, regions, municipalities) -> dict[str, User]:
    """Every demo user, placed; the administrator made first is given its place too."""
    users = {}
    for username, (role, person_key, region_code, municipality_code) in USERS.items():
        name, _title, org_key = PEOPLE[person_key]
        first, last = name.split(" ", 1)
        placement = {
            "organisation": orgs[org_key],
            "region": regions[region_code] if region_code else None,
            "municipality": municipalities[municipality_code] if municipality_code else None,
        }
        if username == "admin":
            users[username] = user_update(
                by=admin,
                user=admin,
                role=role,
                email=admin.email,
                first_name=first,
                last_name=last,
                **placement,
            )
        else:
            users[username] = user_create(
                by=admin,
                username=username,
                email=_person_email(person_key),
                first_name=first,
                last_name=last,
                role=role,
                password=PASSWORD,
                **placement,
            )
    return users


def _create_people_and_roles(admin, orgs, users) -> dict[str, Person]:
    people = {}
    user_of = {person_key: username for username, (_r, person_key, _g, _m) in USERS.items()}
    for i, (key, (name, title, org_key)) in enumerate(PEOPLE.items()):
        person = Person(
            name=name,
            title=title,
            organisation=orgs[org_key],
            email=_person_email(key),
            phone=fictional_phone(i),
            user=users.get(user_of.get(key, "")),
        )
        people[key] = person_save(user=admin, person=person, reason=REASON)
    for spec in ROLES:
        person = people[spec.person]
        role = Role(
            organisation=person.organisation,
            person=person,
            title=spec.title,
            mandate=spec.mandate,
            may_share=spec.may_share,
            deputy=people[spec.deputy] if spec.deputy else None,
            valid_from=spec.valid_from,
            valid_to=spec.valid_to,
        )
        role_save(user=admin, role=role, reason=REASON)
    return people
