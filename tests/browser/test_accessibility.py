"""Every page passes axe-core without serious or critical violations, in Swedish and in English.

Each page is its own test, so one failing page does not hide the others. The main pages are also
saved as screenshots in test-artifacts/screens/ for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from .helpers import browser_db, check_axe, login, save_screen, session_login
from .world import World, build_world

pytestmark = pytest.mark.browser

BAD_ORGANISATIONS_CSV = (
    "name;type;level;region_code;municipality_code;org_number;website;notes\n"
    "Skellefteå kommun;kommun;lokal;24;2482;212000-2650;https://skelleftea.se;\n"
    ";foretag;internationell;;;;;Namn saknas\n"
    "Okänd typ AB;rymdbolag;galaktisk;99;9999;123;inte-en-adress;\n"
).encode()


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
    page.set_input_files(
        "#id_file",
        files=[{"name": "organisationer.csv", "mimeType": "text/csv", "buffer": BAD_ORGANISATIONS_CSV}],
    )
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
    Screen(
        "case-detail-confidential",
        go(lambda w: f"/arenden/{w.confidential_case.pk}/"),
        as_user="conf_coordinator",
    ),
    Screen(
        "case-access",
        go(lambda w: f"/arenden/{w.confidential_case.pk}/behorighet/"),
        as_user="conf_coordinator",
        screenshot="case-access",
    ),
    Screen("organisation-list", go(lambda w: "/aktorer/")),
    Screen(
        "organisation-detail",
        go(lambda w: f"/aktorer/{w.organisation.pk}/"),
        screenshot="organisation-detail",
    ),
    Screen("organisation-form", go(lambda w: f"/aktorer/{w.organisation.pk}/redigera/")),
    Screen("organisation-history", go(lambda w: f"/aktorer/{w.organisation.pk}/historik/")),
    Screen("person-list", go(lambda w: "/aktorer/personer/")),
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


@browser_db
@pytest.mark.parametrize("screen", PAGES, ids=[s.id for s in PAGES])
def test_page_is_accessible(screen: Screen, page: Page, live_server):
    w = build_world()
    if screen.as_user != "anonymous":
        session_login(page, getattr(w, screen.as_user), live_server.url)
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

    for label, path in [
        ("signal form (en)", "/signaler/ny/"),
        ("case detail (en)", f"/arenden/{w.case.pk}/"),
    ]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        check_axe(page, label)

    # And back to Swedish from the same header button.
    with page.expect_navigation():
        page.locator("header button[name=language][value=sv]").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")


# Every id that aria-describedby, aria-labelledby or label[for] names, which is not on the page.
DANGLING_IDREFS_JS = """() => {
  const missing = [];
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby], label[for]')) {
    for (const attr of ['aria-describedby', 'aria-labelledby', 'for']) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) missing.push(`${el.id || el.tagName.toLowerCase()} ${attr}=${id}`);
      }
    }
  }
  return missing;
}"""


@browser_db
def test_field_errors_are_announced_with_their_fields(page: Page, live_server):
    """An invalid field names its error message (aria-describedby), so a screen reader reads them
    together. axe does not check this: it accepts a reference to an id that is not there."""
    w = build_world()
    session_login(page, w.admin, live_server.url)
    missing = {}
    for name, path in [
        ("signal form", "/signaler/ny/"),
        ("case form", "/arenden/nytt/"),
        ("user form", "/anvandare/ny/"),
    ]:
        page.goto(path)
        submit(page)
        invalid = page.locator("[aria-invalid=true]")
        assert invalid.count() > 0, f"no field of the {name} is marked aria-invalid"
        if dangling := page.evaluate(DANGLING_IDREFS_JS):
            missing[name] = dangling
    assert not missing, f"references to ids that are not on the page: {missing}"
