"""Moment 2, competence mapping, in a real browser: a coordinator records a gap (finding the
occupation by searching), an intervention and a living-environment need, edits the gap inline,
and reads how much of the gap is covered. The tab passes axe with and without data."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests import factories as f

from .helpers import browser_db, check_axe, save_screen, session_login

pytestmark = pytest.mark.browser


def add_gap(page: Page) -> None:
    form = page.locator("#new-competencegap")
    if not page.locator("#add-gap[open]").count():  # open already while the tab has no gap
        page.locator("#add-gap > summary").click()
    expect(form).to_be_visible()
    search = form.get_by_role("combobox", name=re.compile(r"^(Yrke|Occupation) \(SSYK 2012\)"))
    search.fill("processoperat")
    # The server offers the matching level-4 occupations, and says how many.
    expect(form.locator("[role=listbox] [role=option]").first).to_be_visible()
    expect(search).to_have_attribute("aria-expanded", "true")
    expect(form.locator("[id$=_status]")).to_contain_text(re.compile(r"\d+ (förslag|suggestions?)"))
    search.fill("8189")
    expect(form.locator("[role=listbox] [role=option]")).to_have_count(1)
    search.press("ArrowDown")
    search.press("Enter")  # chooses the option, does not send the form
    expect(search).to_have_value(re.compile(r"^8189 "))
    expect(search).to_have_attribute("aria-expanded", "false")
    form.locator("input[name=year]").fill(str(date.today().year + 1))
    form.locator("input[name=needed]").fill("120")
    form.locator("input[name=regional_supply]").fill("40")
    form.locator("select[name=source]").select_option("etableraren")
    form.locator("input[name=confidence][value=hog]").check()
    with page.expect_navigation():  # a new gap reloads the tab: it has its place in the grouped list
        form.locator("button[type=submit]").click()
    # Confirmed by name, and the tab opens at the new row, highlighted.
    expect(page.locator(".messages")).to_contain_text(re.compile("har lagts till|has been added"))
    expect(page).to_have_url(re.compile(r"#gap-\d+$"))
    expect(page.locator(".gap-row:target")).to_have_count(1)
    expect(page.locator(".gap-row:target")).to_be_in_viewport()


def choose(form, name: str, text: str) -> None:
    """A search-as-you-type field: type, then click the option the server offers."""
    form.locator(f"input[name={name}_text]").fill(text)
    form.locator("[role=listbox] [role=option]").filter(has_text=text).first.click()
    expect(form.locator(f"input[name={name}_text]")).to_have_value(text)


def add_intervention(page: Page, organisation) -> None:
    page.locator("#add-intervention > summary").click()
    form = page.locator("#new-intervention")
    form.locator("select[name=gap]").select_option(index=1)
    form.locator("select[name=kind]").select_option("yh")
    form.locator("input[name=title]").fill("Processtekniker battericeller")
    choose(form, "organisation", organisation.name)
    form.locator("input[name=places_per_year]").fill("50")
    form.locator("input[name=start]").fill(f"{date.today().year + 1}-08-15")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


@browser_db
def test_a_coordinator_maps_a_gap_and_its_coverage(page: Page, live_server, ssyk):
    coordinator = f.coordinator("24")
    yh = f.OrganisationFactory(name="Yrkeshögskolan Norrsken")
    case = f.CaseFactory(coordinator=coordinator, name="Nordanvind battericellfabrik")
    case.memberships.create(organisation=yh)
    session_login(page, coordinator, live_server.url)
    page.goto(f"/arenden/{case.pk}/kompetens/")
    expect(page.locator("nav.tabs a[aria-current=page]")).to_contain_text("2")
    check_axe(page, "competence tab, empty")

    add_gap(page)
    gap = page.locator(".gap").first
    expect(gap).to_contain_text("120")
    expect(page.locator(".occupation-group h3")).to_contain_text("8189")
    expect(page.locator("#competence-summary svg title")).to_have_count(1)

    add_intervention(page, yh)
    coverage = page.locator(".coverage").first
    expect(coverage).to_contain_text("50")
    expect(coverage.locator(".badge--warn")).to_contain_text("30")  # gap 80, covered 50
    expect(page.locator(".intervention")).to_contain_text("Processtekniker battericeller")

    # Inline edit of the gap (its row opened): the item swaps in place, and the summary, the row's
    # line and the coverage follow.
    row = page.locator(".gap-row").first
    if not page.locator(".gap-row[open]").count():
        row.locator("summary").click()
    gap = page.locator(".gap").first
    gap.get_by_role("link", name=re.compile(r"^(Ändra|Edit)")).click()
    editing = page.locator(".gap-group .item--editing")
    editing.locator("input[name=needed]").fill("90")
    editing.locator("input[name=change_reason]").fill("Bolaget har räknat om")
    editing.locator("button[type=submit]").click()
    expect(page.locator(".gap-group .item--editing")).to_have_count(0)
    expect(page.locator(".coverage").first.locator(".badge--ok")).to_be_visible()  # gap 50, covered 50
    expect(page.locator(".competence-table tfoot")).to_contain_text("90")
    expect(row.locator(".gap-line")).to_contain_text("90")

    page.locator("#add-livingneed > summary").click()
    need = page.locator("#new-livingneed")
    need.locator("select[name=kind]").select_option("internationell_skola")
    need.locator("textarea[name=description]").fill("Engelskspråkig skola för anställdas barn.")
    choose(need, "organisation", yh.name)
    need.locator("button[type=submit]").click()  # added inline, at the end of the list
    expect(page.locator("#list-livingneed")).to_contain_text("Engelskspråkig skola")
    expect(need.locator("textarea[name=description]")).to_have_value("")  # the form is ready for the next

    save_screen(page, "competence-tab")
    check_axe(page, "competence tab, with a gap, an intervention and a need")

    history = page.locator(".gap").first.get_by_role("link", name=re.compile(r"^(Historik|History)"))
    history.click()
    expect(page.locator(".history__entry")).to_have_count(2)
    expect(page.locator(".history")).to_contain_text("Bolaget har räknat om")
    check_axe(page, "competence gap history")


@browser_db
def test_the_demo_tab_is_readable_and_accessible(page: Page, live_server, barometer):
    from demo.competence import seed_competence
    from tests.competence.test_demo import ORG_KEYS

    coordinator = f.coordinator("24")
    case = f.CaseFactory(coordinator=coordinator, name="Nordanvind battericellfabrik, Skellefteå")
    orgs = {key: f.OrganisationFactory(name=key.replace("_", " ").title()) for key in ORG_KEYS}
    seed_competence(case=case, users={"samordnare": coordinator}, orgs=orgs, people={})
    session_login(page, coordinator, live_server.url)
    page.goto(f"/arenden/{case.pk}/kompetens/")
    chart = page.locator("#competence-summary svg.chart__svg")
    expect(chart).to_be_visible()
    # One visible scale for every occupation, its numbers grouped by thousands.
    scale = chart.locator(".chart__scale text")
    expect(scale.filter(has_text=re.compile(r"^0$"))).to_have_count(2)
    expect(scale.filter(has_text=re.compile(r"^1\s000$"))).to_have_count(2)
    # Compact: one closed row per gap, the form to add one above the list.
    rows = page.locator(".gap-row")
    expect(rows.first).to_be_visible()
    assert page.locator(".gap-row[open]").count() == 0
    add = page.locator("#add-gap > summary")
    assert add.bounding_box()["y"] < rows.first.bounding_box()["y"]
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * 1366, f"the demo tab is {height} px long"
    save_screen(page, "competence-demo")
    check_axe(page, "competence tab, demo data")
    rows.first.locator("summary").click()
    expect(rows.first.locator(".gap")).to_be_visible()
    check_axe(page, "competence tab, demo data, a row open")
    # Arbetsförmedlingen's text shows on focus (and hover), and Escape hides it (WCAG 1.4.13).
    toggle = page.locator(".barometer .tip__toggle").first
    tip = page.locator("#" + toggle.get_attribute("aria-describedby"))
    expect(tip).to_be_hidden()
    toggle.focus()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("rekryteringssituationen")
    check_axe(page, "competence tab, demo data, the barometer's text shown")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.mouse.move(1, 1)
    toggle.hover()
    expect(tip).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    save_screen(page, "competence-demo-mobile")
    check_axe(page, "competence tab, demo data, phone")
