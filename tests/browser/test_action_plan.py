"""The action plan in a browser: a coordinator proposes an action, the organisation's contact accepts
it; two coordinators edit the same action and the second is refused; axe finds nothing serious."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories as f
from workspace.plan import services as plan_services
from workspace.plan.models import Action, CommitmentState

from .helpers import browser_db, check_axe, login, save_screen, session_login

pytestmark = [pytest.mark.browser, browser_db]


@pytest.fixture
def plan_world():
    coordinator = f.coordinator("24", first_name="Karin", last_name="Samordnare")
    deputy = f.coordinator("24", first_name="Dagny", last_name="Ersättare")
    af = f.OrganisationFactory(name="Arbetsförmedlingen", type="myndighet", level="nationell")
    kommun = f.OrganisationFactory(name="Skellefteå kommun")
    contact = f.contact(organisation=af, first_name="Fatima", last_name="Karimi")
    person = f.PersonFactory(name="Fatima Karimi", organisation=af)
    case = f.CaseFactory(name="Nordisk Batteri, cellfabrik", coordinator=coordinator, deputy=deputy)
    case.memberships.create(organisation=af)
    case.memberships.create(organisation=kommun)
    today = timezone.localdate()
    existing = plan_services.action_save(
        user=coordinator,
        action=Action(
            case=case,
            theme="bostader",
            title="Detaljplan för 1 200 bostäder",
            owner_organisation=kommun,
            due_date=today - timedelta(days=3),
            status="pagar",
            current_state="Planprogram antaget.",
            target_state="Antagen detaljplan.",
        ),
    )
    return {
        "coordinator": coordinator,
        "deputy": deputy,
        "contact": contact,
        "af": af,
        "person": person,
        "case": case,
        "existing": existing,
    }


def tab_url(case) -> str:
    return f"/arenden/{case.pk}/handlingsplan/"


def test_coordinator_proposes_and_contact_accepts(new_page, live_server, plan_world):
    w = plan_world
    page = new_page()
    login(page, w["coordinator"])
    page.goto(tab_url(w["case"]))
    expect(page.locator(".action--overdue")).to_have_count(1)  # the overdue action stands out
    check_axe(page, "action plan (coordinator)")
    page.locator("details.add > summary").click()
    form = page.locator("#new-action")
    form.locator("select[name=theme]").select_option("kompetensforsorjning")
    form.locator("input[name=title]").fill("Matcha arbetssökande mot de första 500 tjänsterna")
    form.locator("textarea[name=current_state]").fill("Bolaget annonserar själv.")
    form.locator("select[name=owner_organisation]").select_option(label="Arbetsförmedlingen")
    form.locator("select[name=owner_person]").select_option(label="Fatima Karimi (Arbetsförmedlingen)")
    form.locator("input[name=due_date]").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    form.locator("input[name=sharing][value=medlemmar]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    action = Action.objects.get(title__startswith="Matcha")
    item = page.locator(f"#action-{action.pk}")
    expect(item).to_be_visible()
    item.get_by_role("button", name="Arbetsförmedlingen").click()
    expect(item.locator(".badge--commitment-foreslagen")).to_be_visible()
    action.refresh_from_db()
    assert action.commitment == CommitmentState.PROPOSED
    save_screen(page, "action-plan-coordinator")

    contact_page = new_page()
    login(contact_page, w["contact"])
    contact_page.goto(tab_url(w["case"]))
    item = contact_page.locator(f"#action-{action.pk}")
    expect(item.locator(".respond-form")).to_be_visible()
    check_axe(contact_page, "action plan (actor contact)")
    save_screen(contact_page, "action-plan-contact")
    item.locator("button[value=accept]").click()
    expect(item.locator(".badge--commitment-accepterad")).to_be_visible()
    expect(item.locator(".respond-form")).to_have_count(0)
    action.refresh_from_db()
    assert action.commitment == CommitmentState.ACCEPTED and action.responded_by == w["contact"]
    # The other action (owned by another organisation) offers no answer to this contact.
    expect(contact_page.locator(f"#action-{w['existing'].pk} .respond-form")).to_have_count(0)


def test_two_coordinators_edit_the_same_action(new_page, live_server, plan_world):
    w = plan_world
    action = w["existing"]
    first, second = new_page(), new_page()
    session_login(first, w["coordinator"], live_server.url)
    session_login(second, w["deputy"], live_server.url)
    for page in (first, second):
        page.goto(tab_url(w["case"]))
        page.locator(f"#action-{action.pk}").get_by_role("link", name="Ändra").click()
        expect(page.locator(f"#action-{action.pk} form input[name=title]")).to_be_visible()

    one = first.locator(f"#action-{action.pk}")
    one.locator("input[name=title]").fill("Detaljplan för 1 500 bostäder")
    one.locator("input[name=change_reason]").fill("Fler bostäder")
    one.locator("button[type=submit]").click()
    expect(first.locator(f"#action-{action.pk} h3")).to_have_text("Detaljplan för 1 500 bostäder")

    two = second.locator(f"#action-{action.pk}")
    two.locator("select[name=status]").select_option("forsenad")
    two.locator("input[name=change_reason]").fill("Försenad")
    two.locator("button[type=submit]").click()
    alert = second.locator(f"#action-{action.pk} [role=alert]").first
    expect(alert).to_be_visible()
    expect(second.locator(f"#action-{action.pk}")).to_contain_text("Detaljplan för 1 500 bostäder")
    save_screen(second, "action-plan-stale-edit")
    check_axe(second, "action plan (stale edit refused)")
    action.refresh_from_db()
    assert (
        action.title == "Detaljplan för 1 500 bostäder" and action.status == "pagar" and action.version == 2
    )


def test_calendar_address_page(new_page, live_server, plan_world):
    page = new_page()
    session_login(page, plan_world["coordinator"], live_server.url)
    page.goto(tab_url(plan_world["case"]))
    with page.expect_navigation():
        page.locator(".plan-tools a[href='/kalender/']").click()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    address = page.locator("#feed-url").input_value()
    assert address.endswith(".ics")
    check_axe(page, "calendar address")
    save_screen(page, "action-plan-calendar")
    feed = page.request.get(address)
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text() and "Detaljplan" in feed.text()
    with page.expect_navigation():
        page.locator("button[name=revoke]").click()
    assert page.request.get(address).status == 404
