"""A signal logged by a municipality becomes a case in the coordinator's hands, end to end."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from establishments.models import EstablishmentCase, Signal
from tests import factories as f

from .helpers import browser_db, login

pytestmark = pytest.mark.browser


def field_label(model, name: str, language: str = "sv") -> str:
    """The label the history page shows for a field, in the language the browser asked for."""
    with translation.override(language):
        return str(model._meta.get_field(name).verbose_name).capitalize()


@browser_db
def test_signal_to_case_flow(new_page):
    official = f.official("2482")  # Skellefteå
    coordinator = f.coordinator("24")
    deputy = f.coordinator("24", first_name="Dagny", last_name="Ersättare")

    # --- The municipal official logs the signal from the header button. ---------------------
    page = login(new_page(), official)
    page.locator("header a[href='/signaler/ny/']").click()
    expect(page).to_have_url(re.compile(r"/signaler/ny/$"))
    expect(page.locator("#id_municipality")).to_have_value(str(official.municipality_id))
    # The subject comes first and is marked required before anything is sent.
    expect(page.locator("main form .field").first.locator("#id_subject")).to_have_attribute("required", "")
    expect(page.locator("label[for=id_subject] .req-text")).to_be_visible()
    page.locator("input[name=channel][value=telefon]").check()
    page.fill("#id_subject", "Cellfabrik, cirka 1 200 jobb, Skellefteå")
    page.fill("#id_source_text", "Nordisk Batteri AB")
    page.fill("#id_caller", "Anna Berg, 070-123 45 67")
    page.fill("#id_summary", "Vd ringde: söker 40 hektar mark för en cellfabrik, cirka 1 200 jobb.")
    page.fill("#id_jobs", "1200")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/signaler/\d+/$"))
    expect(page.locator("h1")).to_contain_text("Cellfabrik, cirka 1 200 jobb, Skellefteå")
    # The caller is checked by the phone number: a generated person may be called "Anna Bergström".
    expect(page.locator("h1")).not_to_contain_text("070-123 45 67")
    expect(page.locator("main")).to_contain_text("Anna Berg, 070-123 45 67")  # the official triages it
    expect(page.locator("details.triage-details > summary")).to_be_visible()
    signal = Signal.objects.get()
    assert signal.caller == "Anna Berg, 070-123 45 67"
    assert signal.logged_by == official
    assert signal.municipality.code == "2482"
    assert signal.channel == Signal.Channel.PHONE
    assert signal.state == Signal.State.NEW

    # --- The regional coordinator triages it and opens a case. -------------------------------
    page = login(new_page(), coordinator)
    page.locator("nav a[href='/signaler/']").click()
    page.locator(f"main table a[href='/signaler/{signal.pk}/']").click()
    expect(page).to_have_url(re.compile(rf"/signaler/{signal.pk}/$"))
    with page.expect_navigation():
        page.locator(f"form[action='/signaler/{signal.pk}/assess/'] button").click()
    signal.refresh_from_db()
    assert signal.state == Signal.State.ASSESSING

    page.locator(f"a[href='/arenden/nytt/?signal={signal.pk}']").click()
    # Named by the subject: never the free-text sender, never the caller.
    expect(page.locator("#id_name")).to_have_value("Cellfabrik, cirka 1 200 jobb, Skellefteå")
    expect(page.locator("main")).not_to_contain_text("070-123 45 67")
    expect(page.locator("#id_lead_municipality")).to_have_value(str(official.municipality_id))
    expect(
        page.locator(f"input[name=candidate_municipalities][value='{official.municipality_id}']")
    ).to_be_checked()
    expect(page.locator("#id_target_jobs")).to_have_value("1200")
    expect(page.locator("#id_coordinator")).to_have_value(str(coordinator.pk))
    expect(page.locator("#id_deputy")).to_have_attribute("required", "")
    expect(page.locator("label[for=id_deputy] .req-text")).to_be_visible()
    page.select_option("#id_deputy", str(deputy.pk))
    page.fill("#id_sector", "Batterier")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/arenden/\d+/$"))
    case = EstablishmentCase.objects.get()
    assert page.url.endswith(f"/arenden/{case.pk}/")
    expect(page.locator("h1")).to_have_text("Cellfabrik, cirka 1 200 jobb, Skellefteå")
    expect(page.locator("main")).to_contain_text(str(deputy))
    signal.refresh_from_db()
    assert signal.state == Signal.State.LINKED == "kopplad"
    assert signal.case == case
    assert (case.coordinator, case.deputy, case.target_jobs) == (coordinator, deputy, 1200)

    # --- The coordinator edits the target, with a reason, and finds it in the history. --------
    page.locator(f"a[href='/arenden/{case.pk}/redigera/']").click()
    page.fill("#id_target_jobs", "3500")
    page.fill("#id_change_reason", "Bolaget bekräftade 3 500 jobb")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/arenden/{case.pk}/$"))
    case.refresh_from_db()
    assert case.target_jobs == 3500

    page.locator(f"a[href='/arenden/{case.pk}/historik/']").click()
    expect(page).to_have_url(re.compile(rf"/arenden/{case.pk}/historik/$"))
    latest = page.locator("ol.history > li").first
    expect(latest).to_contain_text("Bolaget bekräftade 3 500 jobb")
    row = latest.locator("tr", has=page.locator("th", has_text=field_label(EstablishmentCase, "target_jobs")))
    expect(row.locator("td").nth(0)).to_have_text(re.compile(r"^1\s200$"))  # Swedish grouping
    expect(row.locator("td").nth(1)).to_have_text(re.compile(r"^3\s500$"))
