"""The whole app on a phone (390 x 844): a low header whose menu folds, no page wider than the
screen, tables stacked as cards that keep their column names, and no serious axe findings; the
menu opens and is used by keyboard. The data is the demo's (seed_demo), the users its own."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from tests import factories as f

from .helpers import browser_db, check_axe, save_screen, session_login
from .test_mobile import assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844
MAX_HEADER = 126  # 15 % of the screen's height

HREFS = "els => els.map(a => a.getAttribute('href'))"


# Body cells of tables stacked as cards (thead hidden) whose column has a name but the cell shows none.
UNLABELLED_JS = """() => [...document.querySelectorAll('table.table')]
  .filter(t => t.tHead && getComputedStyle(t.tHead).display === 'none')
  .flatMap(t => [...t.querySelectorAll('tbody td')].filter(td => {
    const head = t.tHead.rows[t.tHead.rows.length - 1].cells[td.cellIndex];
    return td.textContent.trim() && !td.dataset.label && head && head.textContent.trim();
  })).length"""

ACTIVE_JS = "() => document.activeElement.getAttribute('href') || document.activeElement.textContent.trim()"


def _first(page, path: str, pattern: str, selector: str = "main a") -> str | None:
    page.goto(path)
    return next((h for h in page.eval_on_selector_all(selector, HREFS) if h and re.match(pattern, h)), None)


def _main_pages(page) -> list[str]:
    """The main pages as this user reaches them, found by following the links a user would."""
    paths = ["/", "/signaler/", "/signaler/ny/", "/arenden/"]
    case = _first(page, "/arenden/", r"^/arenden/\d+/$")
    assert case, "no case in the case list"
    paths.append(case)
    page.goto(case)
    paths += [h for h in page.eval_on_selector_all(".tabs a", HREFS) if h != case]
    paths.append("/aktorer/")
    organisation = _first(page, "/aktorer/", r"^/aktorer/\d+/$")
    if organisation:
        paths.append(organisation)
    paths.append("/larm/")
    alarm = _first(page, "/larm/", r"^/larm/\d+/$")
    if alarm:
        paths.append(alarm)
    paths += ["/larm/inkorg/", "/beredskap/"]
    round_ = _first(page, "/beredskap/", r"^/omgangar/\d+/$", "a")
    if round_:
        answer = _first(page, round_, r"^/omgangar/\d+/svar/\d+/$", "a")
        paths += [round_] + ([answer] if answer else [])
    paths.append("/konto/")
    return paths


def _header_height(page) -> float:
    return page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().height")


@browser_db
def test_every_main_page_fits_a_phone(new_page, live_server, ssyk):
    call_command("seed_demo", stdout=io.StringIO())
    failures, seen = [], {}
    for username, with_axe in (("tjansteman", True), ("kontakt", False), ("lasare", False)):
        page = session_login(
            new_page(width=WIDTH, height=HEIGHT), User.objects.get(username=username), live_server.url
        )
        paths = _main_pages(page)
        seen[username] = paths
        for path in paths:
            response = page.goto(path)
            if response.status == 403:  # e.g. a reader may not log signals: the 403 page must fit too
                assert (
                    "Du har inte behörighet" in page.content() or "You do not have access" in page.content()
                )
            else:
                assert response.ok, f"{username} {path}: {response.status}"
            try:
                assert_no_horizontal_scroll(page, f"{path} as {username}")
            except AssertionError as exc:
                failures.append(str(exc))
            height = _header_height(page)
            if height > MAX_HEADER:
                failures.append(f"{path} as {username}: header {height:.0f} px (at most {MAX_HEADER})")
            # Stacked table cells name their column.
            unlabelled = page.evaluate(UNLABELLED_JS)
            if unlabelled:
                failures.append(f"{path} as {username}: {unlabelled} stacked cells without a label")
            if with_axe:
                check_axe(page, f"{path} at phone width")
        if username == "tjansteman":
            page.goto("/arenden/")
            save_screen(page, "phone-case-list")
    assert len(seen["tjansteman"]) >= 18, seen["tjansteman"]  # the workspace's tabs, alarms, a round's answer
    assert not failures, "\n".join(failures)


@browser_db
def test_the_menu_folds_and_works_by_keyboard(new_page, live_server):
    official = f.official("2482")
    page = session_login(new_page(width=WIDTH, height=HEIGHT), official, live_server.url)
    page.goto("/")
    button = page.locator("header button[data-menu-toggle]")
    nav = page.locator("header nav.main-nav")
    # Folded: the brand, the inbox and the menu button; the nav is out of sight and out of the tab order.
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-menu")
    expect(page.locator("header a[href='/larm/inkorg/']")).to_be_visible()
    expect(nav).to_be_hidden()
    assert _header_height(page) <= MAX_HEADER

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    save_screen(page, "phone-menu-open")
    # The next Tab goes into the menu: its links, the search, the tools, log out.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('#site-menu') !== null")
    reached = set()
    for _ in range(25):
        reached.add(page.evaluate(ACTIVE_JS))
        page.keyboard.press("Tab")
    for needed in (
        "/arenden/",
        "/signaler/",
        "/konto/",
        "/larm/",
        "/beredskap/",
        "Logga ut",
        "/signaler/ny/",
    ):
        assert needed in reached, f"{needed} not reached by Tab: {sorted(reached)}"
    check_axe(page, "the start page with the menu open at phone width")

    # Escape folds it again and gives the focus back to the button; then a link by keyboard.
    page.locator("#site-menu a[href='/arenden/']").focus()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    page.locator("#site-menu a[href='/arenden/']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/arenden/$"))


@browser_db
def test_without_javascript_the_menu_is_open(browser, live_server):
    official = f.official("2482")
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": WIDTH, "height": HEIGHT},
        java_script_enabled=False,
    )
    try:
        page = session_login(context.new_page(), official, live_server.url)
        page.goto("/")
        expect(page.locator("header nav.main-nav a[href='/arenden/']")).to_be_visible()
        expect(page.locator("header button[data-menu-toggle]")).to_be_hidden()
    finally:
        context.close()


@browser_db
def test_the_desktop_header_is_not_folded(new_page, live_server):
    official = f.official("2482")
    page = session_login(new_page(width=1366, height=900), official, live_server.url)
    page.goto("/")
    expect(page.locator("header button[data-menu-toggle]")).to_be_hidden()
    expect(page.locator("header nav.main-nav a[href='/arenden/']")).to_be_visible()
    expect(page.locator("header a[href='/signaler/ny/']")).to_be_visible()
    # The tools on the second row, the inbox between the language and the account, as before.
    xs = [
        page.locator(sel).bounding_box()["x"]
        for sel in ("header .lang-form", "header a[href='/larm/inkorg/']", "header .user-chip")
    ]
    assert xs == sorted(xs), xs
