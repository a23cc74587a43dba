"""The education supply in a real browser: a coordinator finds the register in the menu, adds an
offering (provider, occupations and place typed and chosen from the suggestions with the keyboard),
reads it, and finds it in the register by its occupation. Every page passes axe, also on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from competence.models import Offering
from tests import factories as f

from .helpers import browser_db, check_axe, save_screen, session_login

pytestmark = pytest.mark.browser


def pick(page: Page, group, typed: str, expected: str) -> None:
    """Type into a search-as-you-type field and choose the one suggestion with the keyboard."""
    box = group.get_by_role("combobox") if group is not None else None
    box.fill(typed)
    expect(page.get_by_role("listbox").get_by_role("option").first).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    if expected:
        expect(group).to_contain_text(expected) if box.input_value() == "" else expect(box).to_have_value(
            re.compile(re.escape(expected))
        )


@browser_db
def test_a_coordinator_adds_an_offering_and_finds_it(page: Page, live_server, ssyk):
    coordinator = f.coordinator("24")
    f.OrganisationFactory(name="Yrkeshögskolan Norrsken AB")
    page = session_login(page, coordinator, live_server.url)
    page.goto("/")
    page.get_by_role("navigation", name=re.compile("Huvud|Main")).get_by_role(
        "link", name="Utbildning"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utbildningsutbud")
    check_axe(page, "education supply, empty")
    page.get_by_role("link", name="Ny utbildning").click()

    page.get_by_role("textbox", name=re.compile(r"^Namn")).fill("Processoperatör batteri")
    provider = page.locator(".field", has=page.locator("input[name=provider_text]"))
    pick(page, provider, "norrsken", "Yrkeshögskolan Norrsken AB")
    page.locator("select[name=form]").select_option("yh")
    trains = page.get_by_role("group", name=re.compile(r"^Utbildar för"))
    pick(page, trains, "8131", "8131")
    expect(trains.get_by_role("checkbox", name=re.compile(r"^8131 "))).to_be_checked()
    place = page.locator(".field", has=page.locator("input[name=municipality_text]"))
    pick(page, place, "Skellef", "Skellefteå")
    page.locator("input[name=places_per_year]").fill("35")
    page.locator("input[name=graduates_per_year]").fill("28")
    page.locator("input[name=start]").fill("2027-08-20")
    page.locator("select[name=status]").select_option("beviljad")
    check_axe(page, "new offering form, filled in")
    save_screen(page, "offering-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()

    offering = Offering.objects.get()
    expect(page).to_have_url(re.compile(rf"/utbildningar/{offering.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("är sparad")
    expect(page.locator(".facts")).to_contain_text("8131")
    check_axe(page, "offering detail")
    assert [o.code for o in offering.occupations.all()] == ["8131"]
    assert (offering.provider.name, offering.municipality.code) == ("Yrkeshögskolan Norrsken AB", "2482")

    page.goto("/utbildningar/?occupation_text=8131")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Processoperatör batteri")
    check_axe(page, "education supply, filtered")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    save_screen(page, "offering-list-mobile")
    check_axe(page, "education supply, phone")


@browser_db
def test_a_refused_offering_shows_what_is_wrong(page: Page, live_server, ssyk):
    page = session_login(page, f.coordinator("24"), live_server.url)
    page.goto("/utbildningar/ny/")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text("Utbildningen sparades inte")
    check_axe(page, "new offering form, refused")
    assert not Offering.objects.exists()
