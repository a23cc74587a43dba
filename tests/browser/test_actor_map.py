"""Moments 3 and 4 in a browser: edit an actor's role inline, watch the map and its warnings follow,
open "En väg in"; axe-core on both tabs and on En väg in."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Level, OrganisationType
from establishments import services
from tests import factories as f
from workspace.routes.models import ContactRoute, RouteStep

from .helpers import browser_db, check_axe, save_screen, session_login

pytestmark = [pytest.mark.browser, browser_db]


def build():
    coordinator = f.coordinator("24", first_name="Karin", last_name="Samordnare")
    deputy = f.coordinator("24")
    company = f.CompanyFactory(name="Nordanvind Batteri AB", level=Level.INTERNATIONELL)
    kommun = f.OrganisationFactory(name="Skellefteå kommun", level=Level.LOKAL)
    region = f.OrganisationFactory(name="Region Västerbotten", type=OrganisationType.REGION, level="regional")
    af = f.OrganisationFactory(name="Arbetsförmedlingen", type="arbetsformedlingen", level="nationell")
    case = services.case_create(
        user=coordinator,
        name="Nordanvind battericellfabrik",
        company=company,
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=deputy,
        members=[company, kommun, region, af],
    )
    maria = f.RoleFactory(
        organisation=region, person__name="Maria Lundberg", person__phone="070-123 45 67"
    ).person
    erik = f.RoleFactory(organisation=region, person__name="Erik Holmström").person
    f.RoleFactory(organisation=company, person__name="Annika Strömberg")
    route = ContactRoute.objects.create(
        case=case,
        topic="kompetensforsorjning",
        first_contact=maria,
        answers="Utbildningar och platser",
        sharing="etableraren",
        last_verified=timezone.localdate(),
        created_by=coordinator,
        note="Intern anteckning som aldrig ska ut",
    )
    RouteStep.objects.create(
        case=case,
        route=route,
        order=1,
        person=erik,
        handles="Beslut när Maria är borta",
        is_fallback=True,
        sharing="etableraren",
        created_by=coordinator,
    )
    return coordinator, case, company


def test_edit_an_actor_inline_see_the_map_and_open_one_way_in(page, live_server):
    coordinator, case, company = build()
    session_login(page, coordinator, live_server.url)
    page.goto(f"/aktorer/arenden/{case.pk}/karta/")
    warnings = page.locator("#actor-map-overview .message--warning")
    expect(warnings).to_contain_text(re.compile("äga|owning|äger", re.I))
    expect(page.locator("svg.actor-map__svg").first).to_be_visible()
    check_axe(page, "actor map")
    save_screen(page, "actor-map")

    member = page.locator(".item.actor", has_text="Nordanvind Batteri AB")
    member.get_by_role("link", name=re.compile("Ändra|Edit")).click()
    form = page.locator(".item--editing")
    expect(form).to_be_visible()
    form.locator("select[name=case_role]").select_option("ager")
    form.locator("textarea[name=mandate]").fill("Äger etableringen och beslutar om tidplanen.")
    form.locator("select[name=contact]").select_option(label="Annika Strömberg")
    form.locator("select[name=influence]").select_option("5")
    form.locator("select[name=interest]").select_option("5")
    form.locator("input[name=themes][value=mark]").check()
    form.get_by_role("button", name=re.compile("Spara|Save")).click()
    saved = page.locator(".item.actor", has_text="Nordanvind Batteri AB")
    expect(saved).to_contain_text("Äger etableringen och beslutar")
    # the map and the warnings follow: an owner now, and Annika has no deputy
    expect(page.locator("#actor-map-overview [data-warning=owner]")).to_have_count(0)
    expect(page.locator("#actor-map-overview [data-warning=deputy]")).to_contain_text("Annika Strömberg")
    expect(page.locator("#actor-map-overview table")).to_contain_text("Annika Strömberg")
    check_axe(page, "actor map after an edit")
    save_screen(page, "actor-map-edited")

    page.goto(f"/aktorer/arenden/{case.pk}/kontaktvagar/")
    expect(page.locator(".item.route")).to_contain_text("Maria Lundberg")
    check_axe(page, "contact routes")
    page.locator(".item.route").get_by_role("link", name=re.compile("Ändra|Edit")).first.click()
    expect(page.locator(".item--editing")).to_be_visible()
    check_axe(page, "contact routes, editing")
    save_screen(page, "contact-routes")

    page.goto(f"/aktorer/arenden/{case.pk}/kontaktvagar/")
    page.get_by_role("link", name=re.compile("En väg in|One way in")).click()
    expect(page.locator("h1")).to_contain_text(case.name)
    expect(page.locator("main")).to_contain_text("Maria Lundberg")
    expect(page.locator("main")).to_contain_text("Erik Holmström")
    expect(page.locator("main")).not_to_contain_text("Intern anteckning")
    check_axe(page, "one way in")
    save_screen(page, "one-way-in")
    page.emulate_media(media="print")
    save_screen(page, "one-way-in-print")
    page.goto(f"/aktorer/arenden/{case.pk}/karta/")
    save_screen(page, "actor-map-print")


def test_the_demo_case_map_and_routes(page, live_server, ssyk):
    """The battery-factory demo (18 actors, 6 routes) as a newcomer sees it: warnings, axe, screenshots."""
    from demo.actor_map import seed_actor_map_and_routes
    from demo.seeder import DemoSeeder

    seeder = DemoSeeder()
    seeder.seed()
    case = seeder.cases["batteri"]
    if not ContactRoute.objects.filter(case=case).exists():
        seed_actor_map_and_routes(case=case, users=seeder.users, orgs=seeder.orgs, people=seeder.people)
    session_login(page, seeder.users["samordnare"], live_server.url)
    page.goto(f"/aktorer/arenden/{case.pk}/karta/")
    expect(page.locator("[data-warning=deputy]")).to_be_visible()
    expect(page.locator("[data-warning=themes]")).to_be_visible()
    check_axe(page, "demo actor map")
    save_screen(page, "demo-actor-map")
    # Readable: every actor named in full beside the rings and beside the grid, no text in the
    # charts under 12 px at desktop width, and the whole name on hovering a mark.
    names = page.locator("#am-names-level li")
    expect(names).to_have_count(page.locator("#actor-list .item.actor").count())
    expect(page.locator("#am-names-quadrant h3").first).to_be_visible()
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('svg.actor-map__svg text')].map(t => {
            const m = t.getScreenCTM();
            return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        }))"""
    )
    assert smallest >= 12, f"the smallest chart text is {smallest:.1f} px"
    expect(page.locator("svg.actor-map__svg").first.locator("g.am-node title")).to_have_count(names.count())
    # On a phone the page does not scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the actor map is {width} px wide on a 390 px phone"
    check_axe(page, "demo actor map, phone")
    save_screen(page, "demo-actor-map-mobile")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/aktorer/arenden/{case.pk}/kontaktvagar/")
    for key in ("fallback", "stale", "left"):
        expect(page.locator(f"[data-warning={key}]")).to_be_visible()
    check_axe(page, "demo contact routes")
    save_screen(page, "demo-contact-routes")
    page.goto(f"/aktorer/arenden/{case.pk}/en-vag-in/")
    expect(page.locator("main")).not_to_contain_text("Anders Öberg")  # his route is not for the company
    check_axe(page, "demo one way in")
    save_screen(page, "demo-one-way-in")
