"""The education supply's CSV import in a real browser: a coordinator goes from the register to the
import, uploads a small file, reads the preview, confirms, and finds the offerings in the register;
a file with a bad row says which line and saves nothing. Every page passes axe, also on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from competence.models import Offering
from tests import factories as f

from .helpers import browser_db, check_axe, save_screen, session_login

pytestmark = pytest.mark.browser

HEADER = "namn;anordnare;form;ssyk;kommun;platser;examinerade;start;slut;status"
GOOD = (
    "Processoperatör batteri;Yrkeshögskolan Norrsken AB;yh;8131 8132;2482;35;28;2026-08-20;;beviljad\n"
    "Elektriker, yrkesvux;556016-0680;Komvux/yrkesvux;7411;Skellefteå;20;16;2027-01-10;2028-06-30;ansokt\n"
)


def csv_file(body: str) -> dict:
    return {"name": "utbildningar.csv", "mimeType": "text/csv", "buffer": (HEADER + "\n" + body).encode()}


def fits_the_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@browser_db
def test_a_coordinator_imports_offerings_and_finds_them(page: Page, live_server, ssyk):
    coordinator = f.coordinator("24")
    f.OrganisationFactory(name="Yrkeshögskolan Norrsken AB", org_number="556016-0680")
    page = session_login(page, coordinator, live_server.url)
    page.goto(f"{live_server.url}/utbildningar/")
    page.get_by_role("link", name="Importera").click()
    expect(page).to_have_url(re.compile(r"/utbildningar/importera/$"))
    expect(page.get_by_role("table").first).to_contain_text("anordnare")
    check_axe(page, "offering import, upload")

    page.get_by_label(re.compile("CSV")).set_input_files(csv_file(GOOD))
    with page.expect_navigation():
        page.locator("form[enctype] button[type=submit]").click()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Processoperatör batteri")
    expect(rows.nth(1)).to_contain_text("Elektriker, yrkesvux")
    expect(rows.nth(1)).to_contain_text("Skellefteå")
    assert not Offering.objects.exists()  # a preview saves nothing
    check_axe(page, "offering import, preview")
    save_screen(page, "offering-import-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_axe(page, "offering import, preview, phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_navigation():
        page.locator("form:has(input[name=token]) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/utbildningar/$"))
    expect(page.locator(".messages")).to_contain_text("2")
    expect(page.locator("tbody")).to_contain_text("Processoperatör batteri")
    expect(page.locator("tbody")).to_contain_text("Elektriker, yrkesvux")
    assert sorted(Offering.objects.values_list("name", "created_by")) == [
        ("Elektriker, yrkesvux", coordinator.pk),
        ("Processoperatör batteri", coordinator.pk),
    ]


@browser_db
def test_a_bad_row_is_named_and_nothing_is_imported(page: Page, live_server, ssyk):
    f.OrganisationFactory(name="Yrkeshögskolan Norrsken AB", org_number="556016-0680")
    page = session_login(page, f.coordinator("24"), live_server.url)
    page.goto(f"{live_server.url}/utbildningar/importera/")
    page.get_by_label(re.compile("CSV")).set_input_files(
        csv_file(GOOD + GOOD.splitlines()[0].replace("2482", "2180"))
    )
    with page.expect_navigation():
        page.locator("form[enctype] button[type=submit]").click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("Gävle")
    expect(alert.get_by_role("link", name=re.compile("4"))).to_have_attribute("href", "#line-4")
    expect(page.locator("input[name=token]")).to_have_count(0)
    check_axe(page, "offering import, refused row")
    fits_the_phone(page)
    save_screen(page, "offering-import-refused-phone")
    assert not Offering.objects.exists()
