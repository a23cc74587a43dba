"""Every page passes axe-core without serious or critical violations, in Swedish and in English.

Each page is its own test, so one failing page does not hide the others. The main pages are also
saved as screenshots in test-artifacts/screens/ for a human to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pytest
from playwright.sync_api import Page, expect

from actors.models import OrganisationType
from establishments import services
from tests import factories as f

from .helpers import axe_violations, browser_db, describe_violations, login, save_screen, serious

pytestmark = pytest.mark.browser

BAD_ORGANISATIONS_CSV = (
    "name;type;level;region_code;municipality_code;org_number;website;notes\n"
    "Skellefteå kommun;kommun;lokal;24;2482;212000-2650;https://skelleftea.se;\n"
    ";foretag;internationell;;;;;Namn saknas\n"
    "Okänd typ AB;rymdbolag;galaktisk;99;9999;123;inte-en-adress;\n"
).encode()


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

    region = f.OrganisationFactory(name="Region Västerbotten", type=OrganisationType.REGION,
                                   level="regional", region=f.region("24"))
    company = f.CompanyFactory(name="Nordisk Batteri AB", org_number="556000-0001",
                               website="https://example.se", notes="Cellfabrik, fas 1 av 3.")
    person = f.PersonFactory(name="Maria Nilsson", title="Etableringsstrateg", organisation=region,
                             phone="+46 70 123 45 67")
    backup = f.PersonFactory(name="Per Persson", title="Utvecklingsledare", organisation=region)
    role = f.RoleFactory(organisation=region, person=person, deputy=backup, title="Regional samordnare",
                         may_share="Allt som inte är sekretessbelagt.")
    f.RoleFactory(organisation=region, person=backup, title="Kontakt för kompetensförsörjning")
    f.PersonFactory(name="Nils Nordisk", title="HR-chef", organisation=company)

    case = services.case_create(
        user=coordinator, name="Nordisk Batteri, cellfabrik", company=company, sector="Batterier",
        lead_municipality=f.municipality("2482"), candidate_municipalities=[f.municipality("2480")],
        members=[region], target_jobs=3500, coordinator=coordinator, deputy=deputy,
        description="Fabrik för battericeller i tre etapper.",
    )
    services.case_update(case=case, user=coordinator, reason="Målet bekräftat av bolaget",
                         target_jobs=3000, **{k: getattr(case, k) for k in ("name", "lead_municipality")})
    linked = f.SignalFactory(logged_by=official, source_organisation=company, source_text="",
                             summary="Bolaget frågade efter mark.", jobs=3500)
    services.signal_link_to_case(signal=linked, case=case, user=coordinator)
    signal = f.SignalFactory(logged_by=official, source_text="Nordisk Logistik", sector="Logistik",
                             summary="En logistikfirma vill bygga ett lager intill fabriken.\nRing tillbaka.",
                             jobs=120, investment_msek=350, land_hectares=12, power_mw=4)

    conf_coordinator = f.coordinator("21", first_name="Greta", last_name="Gävle")
    confidential_case = services.case_create(
        user=conf_coordinator, name="Hemligbolagets serverhall", code_name="Projekt Nordljus",
        company=f.CompanyFactory(name="Hemligbolaget AB"), lead_municipality=f.municipality("2180"),
        confidentiality="konfidentiell", coordinator=conf_coordinator, deputy=f.coordinator("21"),
    )
    services.case_grant(case=confidential_case, user=f.coordinator("21"), by=conf_coordinator, can_change=False)
    return World(admin=admin, conf_coordinator=conf_coordinator, signal=signal, case=case,
                 confidential_case=confidential_case, organisation=region, person=person, role=role,
                 user=official)


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def empty_signal_form(page: Page, w: World) -> None:
    page.goto("/signaler/ny/")
    submit(page)
    expect(page.locator(".field--error").first).to_be_visible()


def import_with_errors(page: Page, w: World) -> None:
    page.goto("/aktorer/import/")
    page.locator("input[name=kind][value=organisations]").check()
    page.set_input_files("#id_file", files=[
        {"name": "organisationer.csv", "mimeType": "text/csv", "buffer": BAD_ORGANISATIONS_CSV}
    ])
    submit(page)
    expect(page.locator("main [role=alert] table tbody tr").first).to_be_visible()


def go(path: Callable[[World], str]) -> Callable[[Page, World], None]:
    def visit(page: Page, w: World) -> None:
        response = page.goto(path(w))
        assert response is not None and response.status == 200, f"{page.url} answered {response.status}"

    return visit


@dataclass
class Screen:
    id: str
    visit: Callable[[Page, World], None]
    as_user: str = "admin"  # "admin", "conf_coordinator" or "anonymous"
    screenshot: str = ""


PAGES = [
    Screen("dashboard", go(lambda w: "/"), screenshot="dashboard"),
    Screen("signal-list", go(lambda w: "/signaler/")),
    Screen("signal-form", go(lambda w: "/signaler/ny/"), screenshot="signal-form"),
    Screen("signal-form-errors", empty_signal_form, screenshot="signal-form-errors"),
    Screen("signal-detail", go(lambda w: f"/signaler/{w.signal.pk}/"), screenshot="signal-detail"),
    Screen("signal-history", go(lambda w: f"/signaler/{w.signal.pk}/historik/")),
    Screen("case-list", go(lambda w: "/arenden/"), screenshot="case-list"),
    Screen("case-form", go(lambda w: "/arenden/nytt/")),
    Screen("case-detail", go(lambda w: f"/arenden/{w.case.pk}/"), screenshot="case-detail"),
    Screen("case-edit", go(lambda w: f"/arenden/{w.case.pk}/redigera/")),
    Screen("case-history", go(lambda w: f"/arenden/{w.case.pk}/historik/"), screenshot="case-history"),
    Screen("case-detail-confidential", go(lambda w: f"/arenden/{w.confidential_case.pk}/"),
           as_user="conf_coordinator"),
    Screen("case-access", go(lambda w: f"/arenden/{w.confidential_case.pk}/behorighet/"),
           as_user="conf_coordinator", screenshot="case-access"),
    Screen("organisation-list", go(lambda w: "/aktorer/")),
    Screen("organisation-detail", go(lambda w: f"/aktorer/{w.organisation.pk}/"),
           screenshot="organisation-detail"),
    Screen("organisation-form", go(lambda w: f"/aktorer/{w.organisation.pk}/redigera/")),
    Screen("organisation-history", go(lambda w: f"/aktorer/{w.organisation.pk}/historik/")),
    Screen("person-detail", go(lambda w: f"/aktorer/personer/{w.person.pk}/")),
    Screen("person-form", go(lambda w: f"/aktorer/personer/{w.person.pk}/redigera/")),
    Screen("role-form", go(lambda w: f"/aktorer/{w.organisation.pk}/roller/{w.role.pk}/")),
    Screen("import", go(lambda w: "/aktorer/import/")),
    Screen("import-errors", import_with_errors, screenshot="import-errors"),
    Screen("user-list", go(lambda w: "/anvandare/")),
    Screen("user-form", go(lambda w: "/anvandare/ny/")),
    Screen("user-edit", go(lambda w: f"/anvandare/{w.user.pk}/")),
    Screen("search", go(lambda w: "/sok/?q=Nordisk"), screenshot="search"),
    Screen("login", go(lambda w: "/logga-in/"), as_user="anonymous", screenshot="login"),
]


def check_axe(page: Page, label: str) -> None:
    violations = axe_violations(page)
    bad = serious(violations)
    minor = ", ".join(f"{v['id']} ({v.get('impact')})" for v in violations if v not in bad)
    print(f"axe {label}: {len(violations)} violation(s), {len(bad)} serious/critical. {minor}")
    assert not bad, f"axe finds serious/critical violations on {label} ({page.url}):\n" + describe_violations(bad)


@browser_db
@pytest.mark.parametrize("screen", PAGES, ids=[s.id for s in PAGES])
def test_page_is_accessible(screen: Screen, page: Page):
    w = build_world()
    if screen.as_user != "anonymous":
        login(page, getattr(w, screen.as_user))
    screen.visit(page, w)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    if screen.screenshot:
        save_screen(page, screen.screenshot)
    check_axe(page, screen.id)


@browser_db
def test_pages_are_accessible_in_english(page: Page):
    w = build_world()
    login(page, w.admin)
    with page.expect_navigation():
        page.locator("header button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header a[href='/signaler/ny/']")).to_have_text("Log a signal")
    save_screen(page, "dashboard-en")
    check_axe(page, "dashboard (en)")

    for label, path in [("signal form (en)", "/signaler/ny/"), ("case detail (en)", f"/arenden/{w.case.pk}/")]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        check_axe(page, label)

    # And back to Swedish from the same header button.
    with page.expect_navigation():
        page.locator("header button[name=language][value=sv]").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
