"""The suite's shared world: ten users, one of each kind the permission rules tell apart, and the
cases and signals they may or may not reach. Any test asks for it as the ``world`` fixture
(tests/conftest.py); the access harness (tests/test_access_harness.py) tries every URL on it.

The base is built here, by ``build_world``. Each area adds its own objects on first use, in a
layer beside its tests (idempotent: asking twice builds nothing twice), e.g.
``tests.alarms.harness_world.alarm_world(world)`` or ``tests.checklist.harness_drills.drill_world``;
the same modules list the area's URLs for the harness (``rows(world)``, a list of ``Row``).

Who is who (the keys of ``USERS``):

- ``coordinator`` and ``deputy``: region 24 (Västerbotten), the core team of both cases below;
- ``coordinator_same_region``: region 24 too, but not on either case;
- ``coordinator_other_region``: region 21 (Gävleborg);
- ``official``: Skellefteå (2482, region 24); ``official_other``: Gävle (2180, region 21);
- ``reader``: reads region 24;
- ``contact``: an actor contact of ``member_org``, a member of the open case; ``contact_other``: an
  actor contact of an organisation on no case;
- ``admin``.
"""

from __future__ import annotations

from typing import NamedTuple

from establishments import services
from tests import factories as f
from workspace.core.services import item_save
from workspace.goals.models import Expectation

USERS = [
    "coordinator",
    "deputy",
    "coordinator_same_region",
    "coordinator_other_region",
    "official",
    "official_other",
    "reader",
    "contact",
    "contact_other",
    "admin",
]


def everyone_but(*allowed: str) -> list[str]:
    """Every user of the world except ``allowed``: the refused, when only a few may."""
    return [key for key in USERS if key not in allowed]


# --- Who is who, in groups the areas share ----------------------------------------------------------

# The core team of both cases; nobody else is granted the confidential one.
CORE_TEAM = ("coordinator", "deputy")
# Region 24's coordinators and the administrator: they manage the region's rosters, rounds, drills,
# readiness actions, and close its alarms.
MANAGERS_24 = ("admin", "coordinator", "deputy", "coordinator_same_region")
# ... and Skellefteå's official: who may change an open case of Skellefteå, or read region 24's roster.
STAFF_24 = (*MANAGERS_24, "official")
# Region 21's coordinator and the administrator; with Gävle's official, who sees region 21's things.
MANAGERS_21 = ("admin", "coordinator_other_region")
STAFF_21 = (*MANAGERS_21, "official_other")
# Every coordinator, of any region, and the administrator: who maintain the registry, start drills.
COORDINATORS = (*MANAGERS_24, "coordinator_other_region")
# Everyone of region 24, the member organisation's contact included (the administrator is of none).
REGION_24 = ["coordinator", "deputy", "coordinator_same_region", "official", "reader", "contact"]
# Outside region 24: they do not know its alarms, rounds or open case exist (404).
OUTSIDERS_24 = ["coordinator_other_region", "official_other", "contact_other"]
# No staff role: who may not log a signal, open a case or raise an alarm.
READERS_AND_CONTACTS = ["reader", "contact", "contact_other"]

# --- What a refused user must never see ---------------------------------------------------------

# The base world's confidential case and signal.
CASE_SECRETS = ("Hemligt namn", "Projekt Nordljus", "Hemlig fabrik")
# The lessons' confidential case (tests/checklist/harness_lessons.py).
LESSON_SECRETS = ("Hemliga Vinterbolaget", "Projekt Vinterljus", "Vinterlärdom")
# Region 24's answers (tests/checklist/harness_readiness.py) and the rounds' titles
# (tests/checklist/harness_rounds.py).
CHECKLIST_SECRETS = ("Hemlig plan", "Omgång VB (harness)", "Omgång Gävleborg (harness)")
SECRETS = (*CASE_SECRETS, *LESSON_SECRETS, *CHECKLIST_SECRETS)


class Row(NamedTuple):
    """One URL as the access harness tries it.

    Each user in ``refused`` gets one of ``refused_status`` for a GET and for a POST (with the
    harness's usual fields and ``post``), sees none of ``SECRETS`` nor the row's own ``secrets``,
    and changes nothing. Where ``allowed_get`` is given, every other user's GET answers one of
    those statuses: the control that the row refuses for the right reason.
    """

    name: str
    url: str
    refused: list[str]
    post: dict | None = None
    refused_status: tuple[int, ...] = (403, 404, 405)
    allowed_get: tuple[int, ...] = ()
    secrets: tuple[str, ...] = ()


def build_world() -> dict:
    """The users, cases, signals and registry entries every area builds on (see the module)."""
    w = {}
    w["coordinator"] = f.coordinator("24")
    w["deputy"] = f.coordinator("24")
    w["coordinator_same_region"] = f.coordinator("24")
    w["coordinator_other_region"] = f.coordinator("21")
    w["official"] = f.official("2482")
    w["official_other"] = f.official("2180")
    w["reader"] = f.reader("24")
    w["member_org"] = f.OrganisationFactory(name="Medlemmen")
    w["contact"] = f.contact(organisation=w["member_org"])
    w["contact_other"] = f.contact()
    w["admin"] = f.admin()
    w["case_open"] = f.CaseFactory(coordinator=w["coordinator"], deputy=w["deputy"])
    w["case_open"].memberships.create(organisation=w["member_org"])
    w["case_other_region"] = f.CaseFactory(lead_municipality=f.municipality("2180"))
    w["case_confidential"] = services.case_create(
        user=w["coordinator"],
        name="Hemligt namn",
        code_name="Projekt Nordljus",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=w["coordinator"],
        deputy=w["deputy"],
    )
    w["signal"] = f.SignalFactory(logged_by=w["official"])
    w["signal_confidential"] = services.signal_log(
        logged_by=w["official"],
        channel="telefon",
        source_text="Hemlig fabrik",
        summary="Hemlig fabrik",
        municipality=f.municipality("2482"),
        confidentiality="konfidentiell",
    )
    w["organisation"] = f.OrganisationFactory()
    conf_case = w["case_confidential"]
    w["conf_member"] = conf_case.memberships.create(
        organisation=f.OrganisationFactory(name="Hemligt medlemsbolag")
    )
    w["conf_expectation"] = item_save(
        user=w["coordinator"],
        item=Expectation(case=conf_case, kind="farhaga", text="Hemlig fabrik", sharing="intern"),
    )
    w["person"] = f.PersonFactory(organisation=w["organisation"])
    w["role"] = f.RoleFactory(organisation=w["organisation"], person=w["person"])
    w["user"] = w["reader"]
    return w
