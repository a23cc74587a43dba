"""The signal form on a phone: a municipal official logs a signal from the car park."""

import re

import pytest
from playwright.sync_api import expect

from establishments.models import Signal
from tests import factories as f

from .helpers import browser_db, check_axe, login, save_screen, session_login
from .world import build_world

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844  # an iPhone 12-15

# The first elements reaching past the right edge, named like CSS selectors, for the failure message.
TOO_WIDE_JS = """(w) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > w + 1)
  .slice(0, 8)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim()
       ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
    + ' right=' + Math.round(e.getBoundingClientRect().right))"""


def assert_no_horizontal_scroll(page, where: str) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > WIDTH:
        wide = page.evaluate(TOO_WIDE_JS, WIDTH)
        raise AssertionError(
            f"{where} scrolls sideways at {WIDTH}px: scrollWidth {scroll_width}; too wide: {wide}"
        )


@browser_db
def test_signal_form_is_usable_on_a_phone(new_page):
    official = f.official("2482")
    page = login(new_page(width=WIDTH, height=HEIGHT), official)
    assert_no_horizontal_scroll(page, "the dashboard")

    page.locator("header a[href='/signaler/ny/']").click()
    expect(page).to_have_url(re.compile(r"/signaler/ny/$"))
    assert_no_horizontal_scroll(page, "the signal form")
    save_screen(page, "signal-form-mobile")

    submit = page.locator("main form button[type=submit]")
    submit.scroll_into_view_if_needed()
    expect(submit).to_be_visible()
    expect(submit).to_be_in_viewport()
    box = submit.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"submit button at {box}"

    # Usable: the thumb-sized essentials, then submit.
    page.fill("#id_subject", "Stålverk, cirka 200 jobb, Skellefteå")
    page.locator("input[name=channel][value=mote]").check()
    page.fill("#id_source_text", "Grön Stål AB")
    page.fill("#id_summary", "Träffade bolaget på mässan: vill se på tomten vid hamnen.")
    with page.expect_navigation():
        submit.click()
    expect(page).to_have_url(re.compile(r"/signaler/\d+/$"))
    assert_no_horizontal_scroll(page, "the signal page")
    signal = Signal.objects.get()
    assert signal.channel == Signal.Channel.MEETING
    assert (signal.source_text, signal.municipality_id) == ("Grön Stål AB", official.municipality_id)

    check_axe(page, "the signal page at phone width")


PHONE_PAGES = [
    ("dashboard", lambda w: "/"),
    ("signal list", lambda w: "/signaler/"),
    ("signal page", lambda w: f"/signaler/{w.signal.pk}/"),
    ("case list", lambda w: "/arenden/"),
    ("case page", lambda w: f"/arenden/{w.case.pk}/"),
    ("case form", lambda w: "/arenden/nytt/"),
    ("case history", lambda w: f"/arenden/{w.case.pk}/historik/"),
    ("organisation list", lambda w: "/aktorer/"),
    ("organisation page", lambda w: f"/aktorer/{w.organisation.pk}/"),
    ("user list", lambda w: "/anvandare/"),
    ("search", lambda w: "/sok/?q=Nordisk"),
]


@browser_db
def test_main_pages_fit_a_phone(new_page, live_server):
    """No page of the daily work scrolls sideways on a phone (tables scroll inside themselves)."""
    w = build_world()
    page = session_login(new_page(width=WIDTH, height=HEIGHT), w.admin, live_server.url)
    failures = []
    for name, path in PHONE_PAGES:
        page.goto(path(w))
        try:
            assert_no_horizontal_scroll(page, f"the {name} ({path(w)})")
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n".join(failures)


@browser_db
def test_import_page_fits_a_phone(new_page, live_server):
    admin = f.admin()
    page = session_login(new_page(width=WIDTH, height=HEIGHT), admin, live_server.url)
    page.goto("/aktorer/import/")
    assert_no_horizontal_scroll(page, "the import page")
