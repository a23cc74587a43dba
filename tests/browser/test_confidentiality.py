"""A confidential case is invisible, in every way a browser can look, to everyone not granted it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from establishments import access, services
from establishments.models import CaseViewLog
from tests import factories as f

from .helpers import browser_db, login

pytestmark = pytest.mark.browser

CODE_NAME = "Projekt Nordljus"
COMPANY = "Hemligbolaget AB"
SECRETS = ("Nordljus", "Hemligbolaget")


def confidential_case():
    coordinator = f.coordinator("21")
    deputy = f.coordinator("21")
    company = f.CompanyFactory(name=COMPANY)
    case = services.case_create(
        user=coordinator,
        name="Hemligbolagets serverhall i Gävle",
        code_name=CODE_NAME,
        company=company,
        sector="Datacenter",
        lead_municipality=f.municipality("2180"),  # Gävle
        confidentiality="konfidentiell",
        target_jobs=400,
        coordinator=coordinator,
        deputy=deputy,
    )
    return case, coordinator


def main_text(page: Page) -> str:
    return page.locator("main").inner_text()


def assert_sees_nothing(page: Page, case, who: str) -> None:
    # The case list: neither the code name nor the company (nor the real name).
    page.locator("nav a[href='/arenden/']").click()
    expect(page).to_have_url(re.compile(r"/arenden/$"))
    for secret in SECRETS:
        assert secret not in main_text(page), f"{who} sees {secret!r} in the case list"
    assert page.locator(f"a[href='/arenden/{case.pk}/']").count() == 0, f"{who} has a link to the case"

    # The CSV export of the same list.
    with page.expect_download() as download_info:
        page.locator("main a[href$='format=csv']").click()
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.count("\n") == 1, f"{who}'s CSV has more than the header row:\n{csv_text}"
    for secret in SECRETS:
        assert secret not in csv_text, f"{who} finds {secret!r} in the CSV export"

    # The search, from the header: no case and no signal, and the code name nowhere.
    for term in SECRETS:
        page.fill("#header-q", term)
        with page.expect_navigation():
            page.locator("header form[role=search] button").click()
        expect(page).to_have_url(re.compile(r"/sok/\?q="))
        cases = page.locator("section[aria-labelledby=r-cases]")
        signals = page.locator("section[aria-labelledby=r-signals]")
        expect(cases).to_be_visible()
        assert cases.locator("a").count() == 0, f"{who} finds a case searching for {term!r}"
        assert signals.locator("a").count() == 0, f"{who} finds a signal searching for {term!r}"
        assert "Nordljus" not in main_text(page), f"{who} sees the code name searching for {term!r}"
        # The company itself is an ordinary registry entry (the registry is not confidential), but
        # its page must not betray the case.
        company_link = page.locator("section[aria-labelledby=r-orgs] a", has_text=COMPANY)
        if company_link.count():
            company_link.first.click()
            expect(page.locator("h1")).to_have_text(COMPANY)
            assert "Nordljus" not in main_text(page), f"{who} sees the case on the company's page"
            assert page.locator("a[href^='/arenden/']:not([href='/arenden/'])").count() == 0

    # The address itself.
    response = page.goto(f"/arenden/{case.pk}/")
    assert response.status == 404, f"{who} gets {response.status} for the case's address"
    for suffix in ("redigera/", "historik/", "behorighet/"):
        response = page.goto(f"/arenden/{case.pk}/{suffix}")
        assert response.status == 404, f"{who} gets {response.status} for /arenden/{case.pk}/{suffix}"

    # The dashboard.
    page.goto("/")
    assert "Nordljus" not in main_text(page), f"{who} sees the code name on the dashboard"
    assert CaseViewLog.objects.filter(case=case).exclude(user__in=case_granted(case)).count() == 0


def case_granted(case):
    return list(access.case_granted_users(case))


@browser_db
def test_confidential_case_is_invisible(new_page):
    case, coordinator = confidential_case()
    outsiders = {
        "a coordinator of the same region": f.coordinator("21"),
        "an administrator": f.admin(),
    }
    for who, user in outsiders.items():
        assert_sees_nothing(login(new_page(), user), case, who)

    # The granted coordinator sees it, and the view is logged.
    page = login(new_page(), coordinator)
    page.locator("nav a[href='/arenden/']").click()
    link = page.locator(f"main table a[href='/arenden/{case.pk}/']")
    expect(link).to_have_text(CODE_NAME)
    assert not CaseViewLog.objects.filter(case=case, user=coordinator).exists()
    link.click()
    expect(page).to_have_url(re.compile(rf"/arenden/{case.pk}/$"))
    expect(page.locator("h1")).to_have_text(CODE_NAME)
    expect(page.locator("main")).to_contain_text(COMPANY)
    log = CaseViewLog.objects.get(case=case, user=coordinator)
    assert log.path == f"/arenden/{case.pk}/"
