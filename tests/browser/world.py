"""A small, realistic world for tests that look at pages: people, a case with its history and
signals, an open signal, a registry with roles, and a confidential case."""

from __future__ import annotations

from dataclasses import dataclass

from actors.models import OrganisationType
from establishments import access, services
from tests import factories as f


@dataclass
class World:
    admin: object
    conf_coordinator: object
    signal: object
    case: object
    confidential_case: object
    organisation: object
    person: object
    role: object
    user: object


def build_world() -> World:
    admin = f.admin(first_name="Astrid", last_name="Admin")
    coordinator = f.coordinator("24", first_name="Karin", last_name="Samordnare")
    deputy = f.coordinator("24", first_name="Dagny", last_name="Ersättare")
    official = f.official("2482", first_name="Olof", last_name="Tjänsteman")

    region = f.OrganisationFactory(
        name="Region Västerbotten", type=OrganisationType.REGION, level="regional", region=f.region("24")
    )
    company = f.CompanyFactory(
        name="Nordisk Batteri AB",
        org_number="556000-0001",
        website="https://example.se",
        notes="Cellfabrik, fas 1 av 3.",
    )
    person = f.PersonFactory(
        name="Maria Nilsson", title="Etableringsstrateg", organisation=region, phone="+46 70 123 45 67"
    )
    backup = f.PersonFactory(name="Per Persson", title="Utvecklingsledare", organisation=region)
    role = f.RoleFactory(
        organisation=region,
        person=person,
        deputy=backup,
        title="Regional samordnare",
        may_share="Allt som inte är sekretessbelagt.",
    )
    f.RoleFactory(organisation=region, person=backup, title="Kontakt för kompetensförsörjning")
    f.PersonFactory(name="Nils Nordisk", title="HR-chef", organisation=company)

    case = services.case_create(
        user=coordinator,
        name="Nordisk Batteri, cellfabrik",
        company=company,
        sector="Batterier",
        lead_municipality=f.municipality("2482"),
        candidate_municipalities=[f.municipality("2480")],
        members=[region],
        target_jobs=3500,
        coordinator=coordinator,
        deputy=deputy,
        description="Fabrik för battericeller i tre etapper.",
    )
    services.case_update(
        case=case,
        user=coordinator,
        reason="Målet bekräftat av bolaget",
        target_jobs=3000,
        **{k: getattr(case, k) for k in ("name", "lead_municipality")},
    )
    linked = f.SignalFactory(
        logged_by=official,
        source_organisation=company,
        source_text="",
        summary="Bolaget frågade efter mark.",
        jobs=3500,
    )
    services.signal_link_to_case(signal=linked, case=case, user=coordinator)
    signal = f.SignalFactory(
        logged_by=official,
        source_text="Nordisk Logistik",
        sector="Logistik",
        summary="En logistikfirma vill bygga ett lager intill fabriken.\nRing tillbaka.",
        jobs=120,
        investment_msek=350,
        land_hectares=12,
        power_mw=4,
    )

    conf_coordinator = f.coordinator("21", first_name="Greta", last_name="Gävle")
    confidential_case = services.case_create(
        user=conf_coordinator,
        name="Hemligbolagets serverhall",
        code_name="Projekt Nordljus",
        company=f.CompanyFactory(name="Hemligbolaget AB"),
        lead_municipality=f.municipality("2180"),
        confidentiality="konfidentiell",
        coordinator=conf_coordinator,
        deputy=f.coordinator("21"),
    )
    reader = f.coordinator("21", first_name="Lars", last_name="Läsbehörig")
    access.case_grant(case=confidential_case, user=reader, by=conf_coordinator, can_change=False)
    return World(
        admin=admin,
        conf_coordinator=conf_coordinator,
        signal=signal,
        case=case,
        confidential_case=confidential_case,
        organisation=region,
        person=person,
        role=role,
        user=official,
    )
