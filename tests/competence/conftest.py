"""The competence-mapping tests' view of the shared world (tests/world.py): an open case in
Västerbotten with a member organisation and its actor contact, and a confidential case granted to
its core team only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from competence import services
from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation
from tests import factories as f


@dataclass
class World:
    coordinator: object
    deputy: object
    official: object
    reader: object
    contact: object
    contact_other: object
    coordinator_other_region: object
    admin: object
    member: object
    case: object
    confidential: object


@pytest.fixture
def w(world) -> World:
    """The shared world's users and cases, by the names these tests use: ``member`` is the open
    case's member organisation (``contact`` is its actor contact), ``case`` the open case,
    ``confidential`` the confidential one."""
    users = (
        "coordinator",
        "deputy",
        "official",
        "reader",
        "contact",
        "contact_other",
        "coordinator_other_region",
        "admin",
    )
    return World(
        **{key: world[key] for key in users},
        member=world["member_org"],
        case=world["case_open"],
        confidential=world["case_confidential"],
    )


def occupation(code: str) -> Occupation:
    return Occupation.objects.get(code=code)


def make_gap(case, user, code="8189", year=2027, needed=100, supply=20, **kw) -> CompetenceGap:
    kw.setdefault("source", "etableraren")
    kw.setdefault("confidence", "hog")
    gap = CompetenceGap(
        case=case, occupation=occupation(code), year=year, needed=needed, regional_supply=supply, **kw
    )
    return services.competence_gap_save(user=user, gap=gap, reason="test")


def make_intervention(gap, user, places=30, start=None, organisation=None, **kw) -> Intervention:
    kw.setdefault("kind", "yh")
    kw.setdefault("sharing", gap.sharing)
    intervention = Intervention(
        case=gap.case,
        gap=gap,
        places_per_year=places,
        start=start or date(gap.year, 1, 1),
        organisation=organisation or f.OrganisationFactory(),
        **kw,
    )
    return services.intervention_save(user=user, intervention=intervention, reason="test")


def make_need(case, user, **kw) -> LivingNeed:
    kw.setdefault("kind", "bostader")
    kw.setdefault("description", "Bostäder för inflyttande")
    return services.living_need_save(user=user, need=LivingNeed(case=case, **kw), reason="test")
