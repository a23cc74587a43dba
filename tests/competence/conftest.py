"""A small world for the competence-mapping tests: an open case in Västerbotten with a member
organisation and its actor contact, and a confidential case granted to its core team only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import translation

from competence import services
from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation
from establishments import services as case_services
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
def w() -> World:
    coordinator = f.coordinator("24")
    deputy = f.coordinator("24")
    member = f.OrganisationFactory(name="Arbetsförmedlingen (test)")
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy, name="Battericellfabriken")
    case.memberships.create(organisation=member)
    confidential = case_services.case_create(
        user=coordinator,
        name="Hemligt batteribolag",
        code_name="Projekt Polstjärna",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=deputy,
    )
    return World(
        coordinator=coordinator,
        deputy=deputy,
        official=f.official("2482"),
        reader=f.reader("24"),
        contact=f.contact(organisation=member),
        contact_other=f.contact(),
        coordinator_other_region=f.coordinator("21"),
        admin=f.admin(),
        member=member,
        case=case,
        confidential=confidential,
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


@pytest.fixture(autouse=True)
def _english(request, settings):
    """These tests compare the English source texts (msgids), except those marked ``swedish``."""
    if request.node.get_closest_marker("swedish"):
        yield
        return
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
