"""Issue 3, "done when": a case walked through the guide's five moments in a real browser.

A coordinator fills every moment through the UI only (htmx inline forms, no shortcuts): moment 1
expectations, fears, engagement, a milestone and a committed resource; moment 2 a competence gap
found by searching SSYK, an intervention covering part of it and a living-environment need;
moment 3 the company's role, mandate, contact and deputy on the actor map; moment 4 a contact route
with a fallback and "En väg in"; moment 5 an action proposed to Arbetsförmedlingen; and a journal
meeting with a follow-up. Arbetsförmedlingen's actor contact then logs in (second browser context)
and accepts the commitment. Back as the coordinator: the overview's progress per moment and what is
still missing, and the history of the action (who accepted, when, why) and of an edited expectation
(old and new text). axe-core runs on every tab visited, one of them with an inline edit form open.

Locators accept the English msgids and the Swedish UI alike (the catalogue is being completed), and
the "missing" sentences are compared with the app's own msgids rendered in Swedish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Locator, Page, expect

from actors.models import Level, OrganisationType
from competence.models import CompetenceGap, Intervention, LivingNeed
from establishments import services
from establishments.models import CaseMember
from tests import factories as f
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry
from workspace.plan.models import Action, CommitmentState
from workspace.routes.models import ContactRoute, RouteStep

from .helpers import browser_db, check_axe, login, save_screen

pytestmark = [pytest.mark.browser, browser_db]

ADD = re.compile(r"^(Lägg till|Add)$")
SAVE = re.compile(r"^(Spara|Save)$")
EDIT = re.compile(r"^(Ändra|Redigera|Edit)\b")
HISTORY = re.compile(r"^(Historik|History)\b")
DONE = re.compile(r"^(Klart|Done): (alla|all) \d+ (kontroller uppfyllda|checks met)$")

OLD_EXPECTATION = "Bolaget förväntar sig 300 utbildade processoperatörer före första produktion."
NEW_EXPECTATION = "Bolaget förväntar sig 450 utbildade elektriker och operatörer före första produktion."
FEAR = "Att bostäderna inte räcker för de som flyttar hit."
ACTION_TITLE = "Matcha arbetssökande mot elektrikertjänsterna"
ACTION_REASON = "Målet skärpt efter styrgruppsmötet"
EXPECTATION_REASON = "Bolaget har räknat om behovet"


@dataclass
class Case:
    coordinator: object
    deputy: object
    contact: object
    case: object
    company: object
    af: object
    annika: object
    johan: object
    fatima: object
    erik: object


def build() -> Case:
    """Skellefteå (2482), Region Västerbotten's coordinators (24), two member organisations with
    people in them, and Arbetsförmedlingen's actor contact user."""
    coordinator = f.coordinator("24", first_name="Karin", last_name="Samordnare")
    deputy = f.coordinator("24", first_name="Dagny", last_name="Ersättare")
    company = f.CompanyFactory(name="Nordanvind Batteri AB", level=Level.INTERNATIONELL)
    af = f.OrganisationFactory(
        name="Arbetsförmedlingen", type=OrganisationType.ARBETSFORMEDLINGEN, level=Level.NATIONELL
    )
    # People with a current role in their organisation (without one, a contact counts as left).
    annika = f.RoleFactory(organisation=company, person__name="Annika Strömberg", title="HR-chef").person
    johan = f.RoleFactory(organisation=company, person__name="Johan Berg", title="Platschef").person
    fatima = f.RoleFactory(
        organisation=af,
        person__name="Fatima Karimi",
        person__phone="010-486 00 00",
        title="Arbetsgivarkontakt",
    ).person
    erik = f.RoleFactory(organisation=af, person__name="Erik Holm", title="Sektionschef").person
    contact = f.contact(organisation=af, first_name="Fatima", last_name="Karimi")
    case = services.case_create(
        user=coordinator,
        name="Nordanvind battericellfabrik",
        company=company,
        sector="Batterier",
        lead_municipality=f.municipality("2482"),
        members=[company, af],
        target_jobs=3000,
        coordinator=coordinator,
        deputy=deputy,
    )
    return Case(coordinator, deputy, contact, case, company, af, annika, johan, fatima, erik)


# --- helpers ---------------------------------------------------------------------------------------


def open_tab(page: Page, number: int) -> None:
    """Click the numbered tab of the case workspace (its accessible name starts with the number)."""
    nav = page.get_by_role("navigation").filter(has=page.locator(".tabs__number"))
    with page.expect_navigation():
        nav.get_by_role("link", name=re.compile(rf"^{number}\s")).click()
    expect(nav.locator("a[aria-current=page]")).to_contain_text(str(number))


def open_tab_named(page: Page, name: re.Pattern) -> None:
    nav = page.get_by_role("navigation").filter(has=page.locator(".tabs__number"))
    with page.expect_navigation():
        nav.get_by_role("link", name=name).click()
    expect(nav.locator("a[aria-current=page]")).to_have_text(name)


def open_add(page: Page, form_id: str) -> Locator:
    """Open the <details> holding the create form ``#new-<model>`` and return the form's container."""
    form = page.locator(f"#{form_id}")
    page.locator("details.add", has=form).locator("summary").click()
    expect(form).to_be_visible()
    return form


def watch_htmx_targets(page: Page) -> Page:
    """Record every htmx request that found no element for its hx-target (htmx then sends nothing)."""
    page.add_init_script(
        "window.__targetErrors = [];"
        "document.addEventListener('htmx:targetError',"
        " e => window.__targetErrors.push(String(e.detail.target)));"
    )
    return page


def assert_htmx_targets_found(page: Page, what: str) -> None:
    missing = page.evaluate("window.__targetErrors || []")
    assert not missing, f"{what}: htmx found no element for hx-target {missing}, so nothing was sent"


def sv(msgid: str, *args) -> str:
    """The app's own sentence as the Swedish UI shows it (the msgid until it is translated)."""
    with translation.override("sv"):
        return ngettext(msgid, *args) if args else gettext(msgid)


# --- moment 1 --------------------------------------------------------------------------------------


def add_expectation(page: Page, *, kind: str, text: str, organisation) -> None:
    form = page.locator("#new-expectation")
    form.locator(f"input[name=kind][value={kind}]").check()
    form.locator("textarea[name=text]").fill(text)
    form.locator("select[name=organisation]").select_option(str(organisation.pk))
    form.locator("input[name=sharing][value=medlemmar]").check()
    form.get_by_role("button", name=ADD).click()
    expect(page.locator("#list-expectation")).to_contain_text(text)
    expect(form.locator("textarea[name=text]")).to_have_value("")  # reset, ready for the next


def moment_goals(page: Page, w: Case) -> None:
    open_tab(page, 1)
    check_axe(page, "moment 1, empty")
    open_add(page, "new-expectation")
    add_expectation(page, kind="forvantan", text=OLD_EXPECTATION, organisation=w.company)
    add_expectation(page, kind="farhaga", text=FEAR, organisation=w.af)

    # Arbetsförmedlingen should be engaged but is not yet: the select saves itself (htmx, on change).
    af_member = CaseMember.objects.get(case=w.case, organisation=w.af)
    select = page.locator(f"#engagement-{af_member.pk}")
    with page.expect_response(re.compile(r"/engagemang/$")):
        select.select_option("bor_engageras")
    expect(page.locator(f"#member-{af_member.pk} select")).to_have_value("bor_engageras")

    form = open_add(page, "new-milestone")
    form.locator("select[name=kind]").select_option("byggstart")
    form.locator("input[name=title]").fill("Byggstart cellfabrik, etapp 1")
    form.locator("input[name=date]").fill(date(timezone.localdate().year + 1, 5, 4).isoformat())
    form.get_by_role("button", name=ADD).click()
    expect(page.locator("#list-milestone")).to_contain_text("Byggstart cellfabrik, etapp 1")

    form = open_add(page, "new-resourcecommitment")
    form.locator("select[name=organisation]").select_option(str(w.company.pk))
    form.locator("input[name=description]").fill("Rekryteringsteam på plats i Skellefteå")
    form.locator("input[name=people]").fill("3")
    form.locator("input[name=amount_sek]").fill("2500000")
    form.get_by_role("button", name=ADD).click()
    expect(page.locator("#list-resourcecommitment")).to_contain_text("Rekryteringsteam på plats")

    # Edit the expectation inline, with a reason: axe runs with the edit form open.
    expectation = Expectation.objects.get(case=w.case, kind="forvantan")
    item = page.locator(f"#expectation-{expectation.pk}")
    item.get_by_role("link", name=EDIT).click()
    editing = page.locator(f"#expectation-{expectation.pk}.item--editing")
    expect(editing).to_be_visible()
    check_axe(page, "moment 1, an expectation being edited inline")
    editing.locator("textarea[name=text]").fill(NEW_EXPECTATION)
    editing.locator("input[name=change_reason]").fill(EXPECTATION_REASON)
    editing.get_by_role("button", name=SAVE).click()
    expect(page.locator(f"#expectation-{expectation.pk}.item--editing")).to_have_count(0)
    expect(page.locator(f"#expectation-{expectation.pk}")).to_contain_text(NEW_EXPECTATION)

    page.reload()  # the "should be engaged" warning is drawn with the page
    expect(page.locator(".message--warning")).to_contain_text("Arbetsförmedlingen")
    save_screen(page, "five-moments-1-goals")
    check_axe(page, "moment 1, filled")


# --- moment 2 --------------------------------------------------------------------------------------


def moment_competence(page: Page, w: Case) -> None:
    open_tab(page, 2)
    check_axe(page, "moment 2, empty")
    # "Add a competence gap" is the primary button at the top of the list; with no gaps yet its form
    # is already open.
    add_gap = page.locator("details#add-gap")
    expect(add_gap).to_have_attribute("open", "")
    expect(add_gap.locator("> summary.button--primary")).to_be_visible()
    form = page.locator("#new-competencegap")
    expect(form).to_be_visible()
    search = form.get_by_role("combobox", name=re.compile(r"^(Yrke|Occupation) "))
    search.fill("Elektriker")  # by name: the server offers the matching occupations
    expect(form.get_by_role("option", name=re.compile("^7411"))).to_be_visible()
    expect(form.get_by_role("option", name=re.compile("^7412"))).to_be_visible()
    search.fill("7411")  # by code: one left, chosen with the keyboard
    expect(form.locator("[role=listbox] [role=option]")).to_have_count(1)
    search.press("ArrowDown")
    search.press("Enter")
    expect(search).to_have_value(re.compile("^7411 "))
    year = timezone.localdate().year + 1
    form.locator("input[name=year]").fill(str(year))
    form.locator("input[name=needed]").fill("120")
    form.locator("input[name=regional_supply]").fill("40")
    form.locator("select[name=source]").select_option("arbetsformedlingen")
    form.locator("input[name=confidence][value=medel]").check()
    with page.expect_navigation():  # the form posts to the tab, which lands on the new gap's row
        form.get_by_role("button", name=ADD).click()
    gap = CompetenceGap.objects.get(case=w.case)
    expect(page).to_have_url(re.compile(rf"/#gap-{gap.pk}$"))
    expect(page.locator(".message--success")).to_contain_text(f"{gap.occupation.name}, {year}")
    expect(page.locator(".occupation-group h3")).to_contain_text("7411")
    row = page.locator(f"details#gap-{gap.pk}")
    expect(row).to_be_visible()
    expect(row.locator("summary")).to_contain_text(str(year))
    # The new row is the page's target, which highlights it.
    assert page.evaluate("document.querySelector(':target')?.id") == f"gap-{gap.pk}"
    if row.get_attribute("open") is None:  # the row opens on its figures, coverage, interventions
        row.locator("summary").click()
    expect(row.locator(".gap")).to_be_visible()
    expect(row.locator(".gap")).to_contain_text("80")  # 120 needed − 40 supplied

    form = open_add(page, "new-intervention")
    form.locator("select[name=gap]").select_option(index=1)
    form.locator("select[name=kind]").select_option("komvux")
    form.locator("input[name=title]").fill("Regionalt yrkesvux, elteknik")
    form.locator("input[name=organisation_text]").fill(w.af.name)  # a search-as-you-type field
    form.locator("[role=listbox] [role=option]").filter(has_text=w.af.name).first.click()
    form.locator("input[name=places_per_year]").fill("50")
    form.locator("input[name=start]").fill(f"{year}-08-15")
    with page.expect_navigation():
        form.get_by_role("button", name=ADD).click()
    expect(page.locator(".intervention")).to_contain_text("Regionalt yrkesvux, elteknik")
    coverage = page.locator(".coverage").first
    expect(coverage.locator(".badge--warn")).to_contain_text("30")  # 50 of 80 covered

    form = open_add(page, "new-livingneed")
    form.locator("select[name=kind]").select_option("bostader")
    form.locator("textarea[name=description]").fill("Hyresrätter för 400 inflyttande familjer.")
    form.locator("input[name=organisation_text]").fill(w.company.name)
    form.locator("[role=listbox] [role=option]").filter(has_text=w.company.name).first.click()
    form.get_by_role("button", name=ADD).click()  # added inline
    expect(page.locator("#list-livingneed")).to_contain_text("Hyresrätter för 400")
    save_screen(page, "five-moments-2-competence")
    check_axe(page, "moment 2, filled")


# --- moments 3 and 4 -------------------------------------------------------------------------------


def moment_actor_map(page: Page, w: Case) -> None:
    open_tab(page, 3)
    warnings = page.locator("#actor-map-overview")
    expect(warnings.locator("[data-warning=owner]")).to_be_visible()
    check_axe(page, "moment 3, before")

    member = page.locator(".item.actor", has_text=w.company.name)
    member.get_by_role("link", name=EDIT).click()
    form = page.locator(".item.actor.item--editing, .item--editing").first
    expect(form.locator("select[name=case_role]")).to_be_visible()
    check_axe(page, "moment 3, an actor being edited inline")
    form.locator("select[name=case_role]").select_option("ager")
    form.locator("textarea[name=mandate]").fill("Äger etableringen och beslutar om tidplan och rekrytering.")
    form.locator("select[name=contact]").select_option(str(w.annika.pk))
    form.locator("select[name=deputy_contact]").select_option(str(w.johan.pk))
    form.locator("input[name=themes][value=kompetensforsorjning]").check()
    form.locator("select[name=influence]").select_option("5")
    form.locator("select[name=interest]").select_option("5")
    form.locator("input[name=change_reason]").fill("Bolaget bekräftar sin roll")
    form.get_by_role("button", name=SAVE).click()
    saved = page.locator(".item.actor:not(.item--editing)", has_text=w.company.name)
    expect(saved).to_contain_text("Äger etableringen och beslutar")
    expect(saved).to_contain_text("Johan Berg")
    # The map's warnings follow: an owner now, and only Arbetsförmedlingen lacks a mandate.
    expect(warnings.locator("[data-warning=owner]")).to_have_count(0)
    expect(warnings.locator("[data-warning=deputy]")).to_have_count(0)
    expect(warnings.locator("[data-warning=mandate]")).to_contain_text("Arbetsförmedlingen")
    expect(warnings.locator("[data-warning=mandate]")).not_to_contain_text(w.company.name)
    save_screen(page, "five-moments-3-actor-map")
    check_axe(page, "moment 3, filled")


def moment_contact_routes(page: Page, w: Case) -> None:
    open_tab(page, 4)
    check_axe(page, "moment 4, empty")
    page.get_by_role("link", name=re.compile(r"^(Lägg till en kontaktväg|Add a contact route)")).click()
    form = page.locator("#new-contactroute")
    expect(form).to_be_visible()
    form.locator("select[name=topic]").select_option("kompetensforsorjning")
    form.locator("select[name=first_contact]").select_option(str(w.fatima.pk))
    form.locator("textarea[name=answers]").fill("Rekrytering, matchning och arbetsmarknadsutbildningar")
    form.locator("input[name=last_verified]").fill(timezone.localdate().isoformat())
    form.locator("input[name=sharing][value=etableraren]").check()
    form.locator("textarea[name=note]").fill("Intern anteckning: budgeten är inte beslutad")
    form.get_by_role("button", name=ADD).click()
    assert_htmx_targets_found(page, "adding a contact route")
    route = page.locator(".item.route", has_text="Fatima Karimi")
    expect(route).to_be_visible()
    expect(page.locator("#route-warnings [data-warning=fallback]")).to_be_visible()

    route.get_by_role("link", name=re.compile(r"^(Lägg till ett steg|Add a step)")).click()
    step = route.locator("#new-routestep")
    expect(step).to_be_visible()
    step.locator("select[name=person]").select_option(str(w.erik.pk))
    step.locator("input[name=handles]").fill("Beslut om insatser när Fatima är borta")
    step.locator("input[name=is_fallback]").check()
    step.locator("input[name=sharing][value=etableraren]").check()
    step.get_by_role("button", name=ADD).click()
    assert_htmx_targets_found(page, "adding a step to the route")
    expect(page.locator(".step--fallback")).to_contain_text("Erik Holm")
    # Every warning gone: a fallback, verified today, nobody has left.
    expect(page.locator("#route-warnings [data-warning]")).to_have_count(0)
    expect(page.locator("#route-warnings .message--success")).to_be_visible()
    save_screen(page, "five-moments-4-contact-routes")
    check_axe(page, "moment 4, filled")

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"En väg in|One way in")).click()
    main = page.locator("main")
    expect(main).to_contain_text("Fatima Karimi")
    expect(main).to_contain_text("010-486 00 00")
    expect(main).to_contain_text("Erik Holm")
    expect(main).not_to_contain_text("Intern anteckning")
    save_screen(page, "five-moments-4-one-way-in")
    check_axe(page, "En väg in")
    page.go_back()


# --- moment 5 and the journal ----------------------------------------------------------------------


def moment_action_plan(page: Page, w: Case) -> Action:
    open_tab(page, 5)
    check_axe(page, "moment 5, empty")
    form = open_add(page, "new-action")
    form.locator("select[name=theme]").select_option("kompetensforsorjning")
    form.locator("input[name=title]").fill(ACTION_TITLE)
    form.locator("textarea[name=current_state]").fill("Bolaget annonserar själv.")
    form.locator("textarea[name=target_state]").fill("200 matchade före byggstart.")
    form.locator("select[name=owner_organisation]").select_option(str(w.af.pk))
    form.locator("select[name=owner_person]").select_option(str(w.fatima.pk))
    form.locator("input[name=due_date]").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    form.locator("input[name=gaps]").first.check()
    form.locator("input[name=living_needs]").first.check()
    form.locator("input[name=sharing][value=medlemmar]").check()
    with page.expect_navigation():  # a new action reloads the tab, under its theme
        form.get_by_role("button", name=ADD).click()
    action = Action.objects.get(case=w.case, title=ACTION_TITLE)
    item = page.locator(f"#action-{action.pk}")
    expect(item).to_contain_text("200 matchade före byggstart.")

    # Sharpen the target inline, with a reason (axe with the form open), then propose it.
    item.get_by_role("link", name=EDIT).click()
    editing = page.locator(f"#action-{action.pk}.item--editing")
    expect(editing).to_be_visible()
    check_axe(page, "moment 5, an action being edited inline")
    editing.locator("textarea[name=target_state]").fill("300 matchade före byggstart.")
    editing.locator("input[name=change_reason]").fill(ACTION_REASON)
    editing.get_by_role("button", name=SAVE).click()
    item = page.locator(f"#action-{action.pk}:not(.item--editing)")
    expect(item).to_contain_text("300 matchade före byggstart.")

    item.get_by_role("button", name=re.compile(r"^(Föreslå|Propose).*Arbetsförmedlingen")).click()
    expect(item.locator(".badge--commitment-foreslagen")).to_be_visible()
    save_screen(page, "five-moments-5-action-plan-proposed")
    check_axe(page, "moment 5, proposed")
    action.refresh_from_db()
    assert action.commitment == CommitmentState.PROPOSED and action.proposed_by == w.coordinator
    return action


def journal(page: Page, w: Case) -> None:
    open_tab_named(page, re.compile(r"^Journal$"))
    check_axe(page, "journal, empty")
    form = page.locator("#new-journalentry")
    form.locator("input[name=kind][value=mote]").check()
    form.locator("input[name=date]").fill(timezone.localdate().isoformat())
    form.locator("input[name=title]").fill("Styrgrupp med bolaget och Arbetsförmedlingen")
    form.locator("textarea[name=participants]").fill("Karin Samordnare, Annika Strömberg, Fatima Karimi")
    form.locator("textarea[name=notes]").fill("Rekryteringsbehovet gicks igenom.")
    form.get_by_role("button", name=ADD).click()
    expect(page.locator("#list-journalentry")).to_contain_text("Styrgrupp med bolaget")

    page.reload()  # the follow-up form appears once there is an entry to follow up
    form = open_add(page, "new-followup")
    form.locator("select[name=entry]").select_option(index=1)
    form.locator("input[name=text]").fill("Skicka rekryteringsprognosen till bolaget")
    form.locator("select[name=owner]").select_option(str(w.af.pk))
    form.locator("select[name=owner_person]").select_option(str(w.fatima.pk))
    form.locator("input[name=due]").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    form.get_by_role("button", name=ADD).click()
    assert_htmx_targets_found(page, "adding a follow-up")
    # A follow-up reloads the page (it belongs under its entry).
    expect(page.locator("#list-journalentry")).to_contain_text("Skicka rekryteringsprognosen")
    save_screen(page, "five-moments-journal")
    check_axe(page, "journal, filled")


# --- the actor contact -----------------------------------------------------------------------------


def contact_accepts(page: Page, w: Case, action: Action) -> None:
    watch_htmx_targets(page)
    login(page, w.contact)  # through the real form at /logga-in/
    page.goto(f"/arenden/{w.case.pk}/")
    open_tab(page, 5)
    item = page.locator(f"#action-{action.pk}")
    respond = item.locator(".respond-form")
    expect(respond).to_be_visible()
    check_axe(page, "moment 5, as the actor contact")
    save_screen(page, "five-moments-5-contact")
    respond.get_by_role("button", name=re.compile(r"^(Acceptera|Accept)\b")).click()
    expect(item.locator(".badge--commitment-accepterad")).to_be_visible()
    expect(item.locator(".respond-form")).to_have_count(0)
    expect(item).to_contain_text("Fatima Karimi")


# --- the test --------------------------------------------------------------------------------------


def test_a_case_walks_through_the_five_moments(new_page, live_server, ssyk):
    w = build()
    page = watch_htmx_targets(new_page())
    login(page, w.coordinator)
    page.goto("/arenden/")
    with page.expect_navigation():
        page.get_by_role("link", name=w.case.name).first.click()
    expect(page.locator("h1")).to_contain_text(w.case.name)
    check_axe(page, "case overview, empty")

    moment_goals(page, w)
    moment_competence(page, w)
    moment_actor_map(page, w)
    moment_contact_routes(page, w)
    action = moment_action_plan(page, w)
    journal(page, w)

    contact_accepts(new_page(), w, action)

    # Back as the coordinator: the overview's progress, moment by moment.
    page.goto(f"/arenden/{w.case.pk}/")
    moments = page.locator(".moments__item")
    expect(moments).to_have_count(5)
    expected = {
        # moment: (shown, percent, sentences that must be among its unmet checks)
        1: (
            r"4 (av|of) 5",
            80,
            [
                sv(
                    "%(n)d actor should be engaged but is not",
                    "%(n)d actors should be engaged but are not",
                    1,
                )
                % {"n": 1}
            ],
        ),
        2: (
            r"4 (av|of) 5",
            80,
            [
                sv(
                    "%(n)d gap only partly covered (%(people)s people uncovered)",
                    "%(n)d gaps only partly covered (%(people)s people uncovered)",
                    1,
                )
                % {"n": 1, "people": 30}
            ],
        ),
        3: (r"2 (av|of) 4", 50, ["Arbetsförmedlingen"]),
        4: (DONE.pattern, 100, []),
        5: (DONE.pattern, 100, []),
    }
    for number, (shown, percent, missing) in expected.items():
        row = moments.nth(number - 1)
        unmet = row.locator(".checks__item--unmet")
        expect(row.locator(".moments__head a")).to_contain_text(str(number))
        expect(row.locator(".moments__head .small")).to_have_text(re.compile(shown))
        expect(row.locator(".progress")).to_have_attribute("aria-label", re.compile(rf"^{percent}\D"))
        expect(row.locator(".progress__bar")).to_have_attribute("width", str(percent))
        # The checks behind the figure, in a disclosure: met ones marked, unmet ones linked.
        row.locator("details.checks > summary").click()
        expect(row.locator(".checks__item").first).to_be_visible()
        if missing:
            for text in missing:
                expect(row.locator("details.checks")).to_contain_text(text)
            expect(unmet.locator("a").first).to_have_attribute("href", re.compile(r"^/.+#"))
        else:
            expect(unmet).to_have_count(0)
    # Moment 1 lacks nothing but the engagement; moment 3 still lacks Arbetsförmedlingen's mandate
    # and ten of the eleven blueprint themes.
    expect(moments.nth(0).locator(".checks__item--unmet")).to_have_count(1)
    expect(moments.nth(2).locator(".checks__item--unmet")).to_have_count(2)
    expect(moments.nth(2).locator(".checks__item--unmet").nth(1)).to_contain_text("10")
    save_screen(page, "five-moments-overview")
    check_axe(page, "case overview, filled")

    # The action's history: who accepted, when, and the coordinator's change reason.
    open_tab(page, 5)
    with page.expect_navigation():
        page.locator(f"#action-{action.pk}").get_by_role("link", name=HISTORY).click()
    entries = page.locator(".history__entry")
    accepted = entries.first  # newest first
    expect(accepted).to_contain_text(str(w.contact))
    expect(accepted.locator(".history__reason")).to_have_text(sv("Commitment accepted"))
    expect(accepted.locator("time")).to_have_attribute(
        "datetime", re.compile(rf"^{timezone.localdate().isoformat()}T")
    )
    expect(accepted.locator("tr", has_text=re.compile(sv("answered by"), re.I))).to_contain_text(
        str(w.contact)
    )
    expect(entries.filter(has_text=sv("Commitment proposed"))).to_contain_text(str(w.coordinator))
    edited = entries.filter(has_text=ACTION_REASON)
    expect(edited).to_contain_text("200 matchade före byggstart.")
    expect(edited).to_contain_text("300 matchade före byggstart.")
    save_screen(page, "five-moments-action-history")
    check_axe(page, "action history")

    # The edited expectation's history: the old and the new text, and why.
    expectation = Expectation.objects.get(case=w.case, kind="forvantan")
    page.goto(f"/arenden/{w.case.pk}/")
    open_tab(page, 1)
    with page.expect_navigation():
        page.locator(f"#expectation-{expectation.pk}").get_by_role("link", name=HISTORY).click()
    change = page.locator(".history__entry", has_text=EXPECTATION_REASON)
    expect(change).to_have_count(1)
    row = change.locator("tbody tr").filter(has_text=OLD_EXPECTATION)
    expect(row.locator("td").nth(0)).to_have_text(OLD_EXPECTATION)
    expect(row.locator("td").nth(1)).to_have_text(NEW_EXPECTATION)
    expect(change).to_contain_text(str(w.coordinator))
    save_screen(page, "five-moments-expectation-history")
    check_axe(page, "expectation history")

    # And the database agrees.
    case = w.case
    assert Expectation.objects.filter(case=case, kind="forvantan", text=NEW_EXPECTATION).count() == 1
    assert Expectation.objects.filter(case=case, kind="farhaga", organisation=w.af).count() == 1
    assert CaseMember.objects.get(case=case, organisation=w.af).engagement == "bor_engageras"
    assert Milestone.objects.filter(case=case, kind="byggstart").count() == 1
    assert ResourceCommitment.objects.get(case=case).amount_sek == 2_500_000
    gap = CompetenceGap.objects.get(case=case)
    assert (gap.occupation.code, gap.needed, gap.regional_supply) == ("7411", 120, 40)
    assert Intervention.objects.get(case=case).gap == gap
    assert LivingNeed.objects.get(case=case).organisation == w.company
    owner = CaseMember.objects.get(case=case, organisation=w.company)
    assert (owner.case_role, owner.contact, owner.deputy_contact) == ("ager", w.annika, w.johan)
    assert owner.themes == ["kompetensforsorjning"] and owner.mandate
    route = ContactRoute.objects.get(case=case)
    assert (route.first_contact, route.sharing) == (w.fatima, "etableraren")
    assert RouteStep.objects.get(route=route).is_fallback
    entry = JournalEntry.objects.get(case=case)
    assert FollowUp.objects.get(entry=entry).owner == w.af
    action.refresh_from_db()
    assert action.commitment == CommitmentState.ACCEPTED
    assert action.responded_by == w.contact and action.responded_at is not None
    assert action.proposed_by == w.coordinator
    assert list(action.gaps.all()) == [gap] and action.living_needs.count() == 1
    assert action.target_state == "300 matchade före byggstart."
