"""The regional competence picture in a real browser: a coordinator finds an occupation red (the cases
need electricians, Arbetsförmedlingen sees a shortage, nothing trains them here), registers a Komvux
course that covers the demand, sees the row turn yellow (covered, still a shortage occupation), and
downloads the basis for an application as a PDF. Every page passes axe, also on a phone."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from competence.models import CompetenceGap, Occupation, Offering
from tests import factories as f

from .helpers import browser_db, check_axe, save_screen, session_login
from .test_offerings import pick

pytestmark = pytest.mark.browser


@browser_db
def test_a_red_occupation_turns_yellow_when_an_offering_covers_it(page: Page, live_server, barometer):
    year = timezone.localdate().year
    coordinator = f.coordinator("24")
    case = f.CaseFactory(coordinator=coordinator, name="Nordanvind battericellfabrik", phase="utredning")
    for offset, needed in ((0, 12), (1, 18)):
        CompetenceGap.objects.create(
            case=case, occupation=Occupation.objects.get(code="7411"), year=year + offset, needed=needed,
            source="etableraren", sharing="medlemmar", created_by=coordinator,
        )  # fmt: skip
    f.OrganisationFactory(name="Komvux Skellefteå")

    page = session_login(page, coordinator, live_server.url)
    page.goto("/")
    page.get_by_role("navigation", name=re.compile("Huvud|Main")).get_by_role(
        "link", name="Kompetens"
    ).click()
    expect(page).to_have_url(re.compile(r"/kompetens/24/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetensbild: Västerbottens län")
    row = page.locator("#ssyk-7411")
    expect(row).to_contain_text("30")
    expect(row).to_contain_text("Brist")
    expect(row.locator(".light")).to_have_text("Röd")
    expect(page.locator(".picture-rule")).to_contain_text("Röd:")
    check_axe(page, "competence picture, red")
    save_screen(page, "competence-picture-red")

    # The coordinator registers the course that covers the demand: 15 graduates a year, granted.
    page.goto("/utbildningar/ny/")
    page.get_by_role("textbox", name=re.compile(r"^Namn")).fill("Elektriker, yrkesvux")
    pick(page, page.locator(".field", has=page.locator("input[name=provider_text]")), "Komvux Sk", "Komvux")
    page.locator("select[name=form]").select_option("komvux")
    trains = page.get_by_role("group", name=re.compile(r"^Utbildar för"))
    pick(page, trains, "7411", "7411")
    pick(
        page,
        page.locator(".field", has=page.locator("input[name=municipality_text]")),
        "Skellef",
        "Skellefteå",
    )
    page.locator("input[name=places_per_year]").fill("18")
    page.locator("input[name=graduates_per_year]").fill("15")
    page.locator("input[name=start]").fill(date(year, 1, 10).isoformat())
    page.locator("select[name=status]").select_option("beviljad")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert Offering.objects.get().graduates_in(year) == 15

    page.goto("/kompetens/24/")
    row = page.locator("#ssyk-7411")
    expect(row.locator(".light")).to_have_text("Gul")  # covered, but still a shortage occupation
    check_axe(page, "competence picture, yellow")

    row.get_by_role("link", name=re.compile("elektriker", re.I)).click()
    expect(page).to_have_url(re.compile(r"/kompetens/24/yrke/7411/"))
    expect(page.locator("figure.picture-chart svg.chart__svg")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nordanvind battericellfabrik")
    expect(page.locator("main")).to_contain_text("Elektriker, yrkesvux")
    check_axe(page, "basis for an application")
    save_screen(page, "competence-basis")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF")).click()
    pdf = Path(download.value.path()).read_bytes()
    assert (
        pdf.startswith(b"%PDF") and b"Nordanvind battericellfabrik" in pdf and b"Elektriker, yrkesvux" in pdf
    )
    assert download.value.suggested_filename.startswith("underlag-7411-24-")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/kompetens/24/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_axe(page, "competence picture, phone")
    save_screen(page, "competence-picture-phone")


@browser_db
def test_an_administrator_chooses_a_region_and_an_official_sees_their_municipality(page: Page, live_server):
    page = session_login(page, f.admin(), live_server.url)
    page.goto("/kompetens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetensbilder")
    check_axe(page, "competence pictures, the regions")
    page.get_by_role("link", name="Gävleborgs län").click()
    expect(page).to_have_url(re.compile(r"/kompetens/21/$"))
    expect(page.locator("main")).to_contain_text("Inget ärende du får se behöver folk")

    page = session_login(page, f.official("2482"), live_server.url)
    page.goto("/kompetens/")
    expect(page).to_have_url(re.compile(r"/kompetens/24/\?municipality=2482$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetensbild: Skellefteå")
    check_axe(page, "competence picture, a municipality")
