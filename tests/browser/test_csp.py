"""The Content-Security-Policy in a real browser: no page a coordinator or an actor contact visits
asks for anything the policy refuses (inline script or style, eval, another origin), with htmx at work.

The demo data (``seed_demo``) gives every page something to show, and an open drill alarm gives the
status board something to poll. Each page is watched from before its first script: an init script
collects every ``securitypolicyviolation`` event (and every htmx refusal to eval, which the
htmx-config in base.html turns hx-on and the like into) in ``window.__csp``; the browser's console
messages about the policy and script errors are collected too. A positive control at the end makes
a violation on purpose and requires the watch to see it.

The print buttons lost their ``onclick``: the init script stubs ``window.print`` and counts the calls.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from .helpers import browser_db, save_screen, session_login

pytestmark = [pytest.mark.browser, browser_db]

WATCH = r"""
(() => {
  window.__csp = [];
  window.__printed = 0;
  window.print = function () { window.__printed += 1; };
  window.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(`${e.effectiveDirective} refused ${e.blockedURI || "inline"} `
      + `(${e.sourceFile || e.documentURI}:${e.lineNumber}) ${e.sample || ""}`.trim());
  }, true);
  document.addEventListener("htmx:evalDisallowedError", (e) => {
    window.__csp.push("htmx refused to eval for " + (e.target && e.target.outerHTML || "?").slice(0, 160));
  }, true);
})();
"""

PLANT_INLINE_STYLE = (
    """document.querySelector("main").insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')"""
)

# Wait a moment: a violation is reported by an event queued as a task, not at once.
TAKE_VIOLATIONS = "() => new Promise(done => setTimeout(() => done((window.__csp || []).splice(0)), 100))"


class Watch:
    """One user's walk: the pages visited, the htmx interactions made, and what went wrong."""

    def __init__(self, page: Page, who: str):
        self.page, self.who = page, who
        self.walked: list[str] = []
        self.interactions: list[str] = []
        self.problems: list[str] = []
        self.policy = ""
        page.add_init_script(WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{who} {page.url}: script error: {error}"))

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.problems.append(f"{self.who} {self.page.url}: console {message.type}: {message.text}")

    def take(self) -> list[str]:
        return self.page.evaluate(TAKE_VIOLATIONS)

    def collect(self) -> None:
        self.problems += [f"{self.who} {self.page.url}: {v}" for v in self.take()]

    def visit(self, label: str, path: str) -> None:
        self.collect()  # what the page before did, its interactions included
        response = self.page.goto(path)
        assert response is not None and response.status == 200, f"{label}: {path} answered {response.status}"
        self.policy = response.headers.get("content-security-policy", "")
        assert self.policy, f"{label}: {path} came without a Content-Security-Policy"
        self.walked.append(f"{label} ({path})")
        self.collect()

    def did(self, what: str) -> None:
        self.collect()
        self.interactions.append(f"{what} ({self.page.url.split('//', 1)[-1].split('/', 1)[-1]})")

    def printed(self) -> int:
        return self.page.evaluate("window.__printed")


@pytest.fixture
def demo(ssyk):
    """The demo, with an open drill alarm in Skellefteå (the demo's own alarm is closed)."""
    from accounts.models import User
    from actors.models import Person
    from alarms.core.models import Alarm
    from alarms.raising.services import alarm_raise
    from checklist.models import Participant, Round
    from establishments.models import EstablishmentCase
    from tests import factories as f

    call_command("seed_demo", stdout=StringIO())
    coordinator = User.objects.get(username="samordnare")
    contact = User.objects.get(username="kontakt")
    closed_alarm = Alarm.objects.get()  # the demo's drill, two weeks back
    open_alarm = alarm_raise(
        user=coordinator,
        municipality=f.municipality("2482"),
        kind="ovning",
        message="Övning: vi testar larmkedjan. Svara när du sett larmet.",
    )
    open_round = Round.objects.get(closed_at__isnull=True)
    return {
        "coordinator": coordinator,
        "contact": contact,
        "case": EstablishmentCase.objects.get(name__startswith="Nordanvind"),
        "open_alarm": open_alarm,
        "closed_alarm": closed_alarm,
        "round": open_round,
        "participant": Participant.objects.get(
            round=open_round, organisation=Person.objects.get(user=contact).organisation
        ),
    }


def edit_and_cancel(watch: Watch, item_kind: str) -> None:
    """Open the first item of the kind for inline editing (htmx GET) and cancel (htmx GET again)."""
    page = watch.page
    edit = page.locator(f"a[hx-get*='/poster/{item_kind}/'][hx-target='closest .item']").first
    item_id = edit.evaluate("a => a.closest('.item').id")
    edit.click()
    editing = page.locator(f"#{item_id}.item--editing")
    expect(editing.locator("form")).to_be_visible()
    editing.locator("a[hx-get$='?view=1']").click()
    expect(page.locator(f"#{item_id}")).to_be_visible()
    expect(page.locator(f"#{item_id}.item--editing")).to_have_count(0)
    watch.did(f"inline edit and cancel of a {item_kind}")


def coordinator_walk(watch: Watch, d: dict) -> None:
    page, case = watch.page, d["case"]
    c = case.pk

    watch.visit("dashboard", "/")
    watch.visit("case list", "/arenden/")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    watch.did("case list filter")
    watch.visit("case overview", f"/arenden/{c}/")
    expect(page.locator(".moments svg.progress")).to_have_count(5)

    # Moment 1: add an expectation with the form that used hx-on; it empties itself afterwards.
    watch.visit("workspace: goals", f"/arenden/{c}/malbild/")
    form = page.locator("#new-expectation")
    page.locator("details.add", has=form).locator("summary").click()
    form.locator("input[name=kind][value=forvantan]").check()
    form.locator("textarea[name=text]").fill("Bolaget vill se en gemensam plan för bostäder (CSP-test).")
    form.locator("select[name=organisation]").select_option(index=1)
    form.locator("input[name=sharing][value=medlemmar]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("#list-expectation")).to_contain_text("(CSP-test)")
    expect(form.locator("textarea[name=text]")).to_have_value("")
    watch.did("add an expectation inline (htmx POST), the form resets")
    edit_and_cancel(watch, "expectation")

    # Moment 2: the occupation search offers options; its request must not reset the gap form.
    watch.visit("workspace: competence", f"/arenden/{c}/kompetens/")
    page.locator("#add-gap > summary").click()
    gap = page.locator("#new-competencegap")
    gap.locator("input[name=needed]").fill("77")
    gap.locator("input[name=occupation_text]").fill("7411")
    options = gap.locator("[role=listbox] [role=option]")
    expect(options).to_have_count(1)
    options.click()
    expect(gap.locator("input[name=occupation_text]")).to_have_value(re.compile("^7411 "))
    expect(gap.locator("input[name=needed]")).to_have_value("77")
    watch.did("occupation search (htmx GET, combobox), the form keeps what was typed")

    # Moment 3: the actor map, its print button and the form to add an organisation.
    watch.visit("workspace: actor map", f"/aktorer/arenden/{c}/karta/")
    page.locator("button[data-print]").click()
    assert watch.printed() == 1, "the actor map's print button did not call window.print()"
    page.locator("a[hx-target='#new-member-slot']").click()
    expect(page.locator("#new-member-slot form")).to_be_visible()
    watch.did("print button; load the add-an-organisation form (htmx GET)")

    # Moment 4: contact routes and "One way in".
    watch.visit("workspace: contact routes", f"/aktorer/arenden/{c}/kontaktvagar/")
    page.locator("a[hx-target='#new-route-slot']").click()
    expect(page.locator("#new-route-slot form")).to_be_visible()
    watch.did("load the add-a-contact-route form (htmx GET)")
    watch.visit("one way in", f"/aktorer/arenden/{c}/en-vag-in/")
    page.locator("button[data-print]").click()
    assert watch.printed() == 1, "One way in's print button did not call window.print()"
    watch.did("print button")

    # Moment 5 and the journal.
    watch.visit("workspace: action plan", f"/arenden/{c}/handlingsplan/")
    edit_and_cancel(watch, "action")
    watch.visit("workspace: journal", f"/arenden/{c}/journal/")
    watch.visit("case history", f"/arenden/{c}/historik/")

    # Signals: the new-signal form looks for duplicates by htmx when the municipality changes.
    watch.visit("signal list", "/signaler/")
    watch.visit("new signal form", "/signaler/ny/")
    with page.expect_response(lambda r: "/signaler/dubbletter/" in r.url):
        page.locator("#id_municipality").select_option(index=1)
    watch.did("duplicate check (htmx GET on change)")

    # Alarms: the open alarm's status board polls by htmx.
    watch.visit("alarm list", "/larm/")
    with page.expect_response(lambda r: f"/larm/{d['open_alarm'].pk}/status/" in r.url, timeout=15_000):
        watch.visit("alarm status board (open, polling)", f"/larm/{d['open_alarm'].pk}/")
    watch.did("status board poll (htmx every 5 s)")
    watch.visit("alarm status board (closed)", f"/larm/{d['closed_alarm'].pk}/")
    watch.visit("alarm report", f"/larm/{d['closed_alarm'].pk}/rapport/")

    # The routine checklist: readiness, a round, its matrix (Escape hides a pop-up) and print page.
    r = d["round"].pk
    watch.visit("readiness", "/beredskap/")
    watch.visit("my checklist rounds", "/checklista/")
    watch.visit("checklist round", f"/omgangar/{r}/")
    expect(page.locator("svg.progress .progress__bar")).to_have_count(1)
    watch.visit("checklist matrix", f"/omgangar/{r}/matris/")
    page.locator(".matrix .matrix__value[tabindex]").first.focus()  # a cell with a comment or plan
    page.keyboard.press("Escape")
    expect(page.locator(".matrix__cell--quiet")).to_have_count(1)
    watch.did("Escape hides the matrix pop-up (static script)")
    watch.visit("checklist matrix, print page", f"/omgangar/{r}/utskrift/")
    page.locator("button[data-print]").click()
    assert watch.printed() == 1, "the matrix print page's button did not call window.print()"
    watch.did("print button")
    watch.visit("lessons", "/lardomar/")

    # Search and the registry.
    watch.visit("search", "/sok/?q=Nordanvind")
    watch.visit("organisation list", "/aktorer/")
    organisation = page.locator("main table a[href^='/aktorer/']").first.get_attribute("href")
    watch.visit("organisation (its people and roles)", organisation)
    person = page.locator("main a[href^='/aktorer/personer/']").first.get_attribute("href")
    watch.visit("person", person)


def contact_walk(watch: Watch, d: dict) -> None:
    page = watch.page
    watch.visit("start page", "/")
    watch.visit("inbox", "/larm/inkorg/")
    expect(page.locator("main")).to_contain_text("Skellefteå")
    watch.visit("my checklist rounds", "/checklista/")
    p = d["participant"]
    watch.visit("checklist answer page", f"/omgangar/{p.round_id}/svar/{p.pk}/")
    page.locator("input[type=radio][value=delvis]").first.check()  # chosen, not saved
    watch.did("choose an answer (no save)")


def test_no_page_violates_the_content_security_policy(new_page, live_server, demo):
    coordinator = Watch(new_page(width=1366, height=900), "coordinator")
    session_login(coordinator.page, demo["coordinator"], live_server.url)
    coordinator_walk(coordinator, demo)

    contact = Watch(new_page(width=1366, height=900), "actor contact")
    session_login(contact.page, demo["contact"], live_server.url)
    contact_walk(contact, demo)

    for watch in (coordinator, contact):
        watch.collect()
        print(f"\n{watch.who}: {len(watch.walked)} pages: " + "; ".join(watch.walked))
        print(f"{watch.who}: interactions: " + "; ".join(watch.interactions))
    print(f"Content-Security-Policy as served: {coordinator.policy}")

    problems = coordinator.problems + contact.problems
    assert not problems, "Content-Security-Policy violations or script errors:\n" + "\n".join(problems)
    assert "'unsafe-inline'" not in coordinator.policy and "'unsafe-eval'" not in coordinator.policy

    # The positive control: an inline style attribute, put in by hand, is refused and seen.
    page = coordinator.page
    page.evaluate(PLANT_INLINE_STYLE)
    seen = coordinator.take()
    assert any("style-src" in v for v in seen), f"the watch missed a planted inline style: {seen}"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_replaced_progress_bars_look_as_before(new_page, live_server, demo, width):
    """Screenshots of the pages whose style attributes became SVG, wide and narrow, for a human to
    look at (test-artifacts/screens/); and the bars keep their size."""
    page = new_page(width=width, height=900)
    session_login(page, demo["coordinator"], live_server.url)
    case = demo["case"]
    for name, path in [
        ("case-overview", f"/arenden/{case.pk}/"),
        ("competence", f"/arenden/{case.pk}/kompetens/"),
        ("round", f"/omgangar/{demo['round'].pk}/"),
    ]:
        page.goto(path)
        # Some bars sit in closed rows (the competence tab's gaps): open every row to measure them.
        page.evaluate("() => document.querySelectorAll('main details').forEach(d => { d.open = true; })")
        bars = page.locator("svg.progress")
        expect(bars.first).to_be_visible()
        box = bars.first.bounding_box()
        assert box is not None and 7 <= box["height"] <= 9 and box["width"] > 100, (name, box)
        fills = bars.locator(".progress__bar").evaluate_all("els => els.map(e => e.getBBox().width)")
        assert all(0 <= w <= 100 for w in fills), (name, fills)
        save_screen(page, f"csp-{name}-{width}")
        assert re.match(r"^\d+$", bars.first.locator(".progress__bar").get_attribute("width"))
