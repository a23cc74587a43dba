"""The search-as-you-type field in a browser (static/js/search_field.js): typed, chosen with the
keyboard, announced as a combobox, axe clean; and the same filter without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.helpers import browser_db, check_axe, session_login
from tests.helpers import sv, sv_plural

ONE_SUGGESTION = sv_plural(
    "%(count)d suggestion. Choose with the up and down arrow keys and Enter.",
    "%(count)d suggestions. Choose with the up and down arrow keys and Enter.",
    1,
    count=1,
)
SEVERAL = sv(
    "Several municipalities match “%(text)s”, among them %(examples)s. Type more of the name, or "
    "choose one from the suggestions."
).split("%(text)s")[0]

pytestmark = [pytest.mark.browser, browser_db]


def test_a_municipality_is_chosen_with_the_keyboard(new_page, live_server):
    coordinator = f.coordinator("24")
    skelleftea = f.municipality("2482")
    page = session_login(new_page(), coordinator, live_server.url)
    page.goto("/aktorer/")

    box = page.get_by_role("combobox", name="Kommun")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.fill("skel")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#id_municipality_status")).to_have_text(ONE_SUGGESTION)
    box.press("ArrowDown")
    option = listbox.get_by_role("option", name=re.compile("^Skellefteå"))
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    check_axe(page, "the registry's municipality suggestions")

    box.press("Enter")  # chooses
    expect(box).to_have_value("Skellefteå")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("input[name=municipality]")).to_have_value(str(skelleftea.pk))
    with page.expect_navigation():
        box.press("Enter")  # sends the filter
    expect(page).to_have_url(re.compile(rf"municipality={skelleftea.pk}"))
    expect(page.get_by_role("combobox", name="Kommun")).to_have_value("Skellefteå")

    box = page.get_by_role("combobox", name="Kommun")
    box.fill("Atlantis")
    expect(page.locator("#id_municipality_status")).to_contain_text("Atlantis")
    expect(page.locator("input[name=municipality]")).to_have_value("")
    box.press("Escape")  # the list is closed: empties the field
    expect(box).to_have_value("")


def test_without_javascript_a_typed_name_filters_and_a_vague_one_is_explained(browser, live_server):
    coordinator = f.coordinator("24")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="sv-SE")
    page = session_login(context.new_page(), coordinator, live_server.url)
    try:
        page.goto("/signaler/")
        page.fill("#id_municipality", "umeå")
        page.locator("form.filters button[type=submit]").click()
        expect(page.locator("#id_municipality")).to_have_value("Umeå")

        page.fill("#id_municipality", "å")
        page.locator("form.filters button[type=submit]").click()
        expect(page.locator("#id_municipality_error")).to_contain_text(SEVERAL)
        expect(page.locator("#id_municipality")).to_have_attribute("aria-invalid", "true")
    finally:
        context.close()
