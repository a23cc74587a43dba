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


def test_a_case_s_members_are_typed_chosen_and_ticked(new_page, live_server):
    """The multiple field: suggestions ticked with one press, others typed and chosen with the
    keyboard (each becomes a ticked box, announced), one unticked again; the case keeps exactly the
    ticked ones."""
    from establishments.models import EstablishmentCase

    coordinator, deputy = f.coordinator("24"), f.coordinator("24")
    earlier = f.CaseFactory(name="Tidigare etablering")
    earlier.memberships.create(organisation=f.OrganisationFactory(name="Arbetsförmedlingen"))
    f.OrganisationFactory(name="Teknikcollege Västerbotten")
    f.OrganisationFactory(name="Skellefteå Kraft AB")
    page = session_login(new_page(), coordinator, live_server.url)
    page.goto("/arenden/nytt/")

    page.get_by_role("textbox", name=re.compile(r"^Namn\b")).fill("Vätgasfabriken")
    page.locator("#id_lead_municipality").select_option(str(f.municipality("2482").pk))
    page.get_by_label("Ersättare för samordnaren").select_option(str(deputy.pk))
    members = page.get_by_role("group", name=re.compile(r"^Deltagande organisationer"))
    members.get_by_role("checkbox", name="Arbetsförmedlingen", exact=True).check()  # suggested
    box = members.get_by_role("combobox")
    for typed, name in (("teknik", "Teknikcollege Västerbotten"), ("kraft", "Skellefteå Kraft AB")):
        box.fill(typed)
        expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
        box.press("ArrowDown")
        box.press("Enter")
        expect(members.get_by_role("checkbox", name=name, exact=True)).to_be_checked()
        expect(box).to_have_value("")
        expect(page.locator("#id_members_status")).to_contain_text(name)
    check_axe(page, "the case form's member organisations")
    members.get_by_role("checkbox", name="Skellefteå Kraft AB", exact=True).uncheck()
    page.get_by_role("button", name="Öppna ärendet").click()

    case = EstablishmentCase.objects.exclude(pk=earlier.pk).get()
    expect(page).to_have_url(re.compile(rf"/arenden/{case.pk}/$"))
    assert set(case.members.values_list("name", flat=True)) == {
        "Arbetsförmedlingen",
        "Teknikcollege Västerbotten",
    }
