"""The four main tasks, walked as a person would, counting every interaction.

A. A municipal official logs a signal (start page -> receipt).
B. A regional coordinator triages that signal and opens a case from it (start page -> the case).
C. An actor contact answers an alarm on a phone (start page -> answer recorded).
D. An actor contact answers a checklist round on a phone (start page -> answers submitted).

Every step goes through ``Walk``, which counts it: a tap or click (navigation links included), a
field filled, an option chosen in a select or a box checked. Something the page already has right
(a preselected municipality, a member taken from the signal) is not touched and does not count.
Page loads, logging in, scrolling and waiting do not count. Each test asserts the count the UI
needs today, and that it is no more than the count before the rework of the start page, the phone
header and the forms (``BEFORE_*``; A may add its one new required field, the subject), so a change
that adds or saves steps shows up here; when the UI changes on purpose, adapt the steps and the
number (and say why in the commit).

``Walk`` also notes how far down the page each step's target sits, in screens of the viewport
(``@2`` = the second screenful), and the height of the key screens. Printed with ``pytest -s``.
Screenshots of the key screens at phone width go to test-artifacts/screens/main-tasks/ (or to
``$MAIN_TASKS_SHOTS``).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from alarms.core.models import Recipient, Response
from alarms.raising.services import alarm_raise
from alarms.rosters.models import Channel, RosterEntry
from alarms.rosters.services import roster_for
from checklist.models import Participant
from checklist.rounds import services as round_services
from establishments.models import EstablishmentCase, Signal
from tests import factories as f

from .helpers import SCREENS, browser_db, check_axe, login

pytestmark = [pytest.mark.browser, browser_db]

PHONE = (390, 844)  # an iPhone 12-15
DESKTOP = (1366, 900)
SHOTS = Path(os.environ.get("MAIN_TASKS_SHOTS") or SCREENS / "main-tasks")

# What the UI needed before the rework ("Waiting for you" first on the start page, answer buttons
# on the alarm's card, the folding phone header, checkbox lists in the case form, the signal's
# subject): A via the form's old fields, B with Ctrl+click list boxes, C through the inbox and the
# alarm's page, D through "Beredskap" and the list of rounds. Kept as the ceiling for today's counts.
BEFORE_SIGNAL_STEPS = 8
BEFORE_CASE_STEPS = 10
BEFORE_ALARM_STEPS = 4
BEFORE_ROUND_STEPS = 17
# The one step added on purpose: the signal's subject (what, how big, where), now required so that
# lists, e-mails and a case's name never show a caller's name. A's ceiling is BEFORE + this.
SIGNAL_SUBJECT_STEP = 1

# What the UI needs today (see each test's steps).
SIGNAL_STEPS = 9
CASE_STEPS = 9
ALARM_STEPS = 1
ROUND_STEPS = 16


@dataclass
class Walk:
    """Performs a task's steps on ``page`` and counts them."""

    page: Page
    task: str
    steps: list[str] = field(default_factory=list)
    screens: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def width(self) -> int:
        return self.page.viewport_size["width"]

    def _where(self, target: Locator) -> str:
        """Which screenful of the page the target is on (1 = visible without scrolling)."""
        top = target.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
        return f"@{math.floor(top / self.page.viewport_size['height']) + 1}"

    def _step(self, what: str, target: Locator) -> None:
        self.steps.append(f"{what} {self._where(target)}")

    def tap(self, what: str, target: Locator) -> None:
        """A click or tap: a link, a button, a radio button."""
        self._step(what, target)
        target.click()

    def fill(self, what: str, target: Locator, value: str) -> None:
        """A field typed into (one interaction, however long the text)."""
        self._step(what, target)
        target.fill(value)

    def check(self, what: str, target: Locator) -> None:
        self._step(what, target)
        target.check()

    def select(self, what: str, target: Locator, *labels: str) -> None:
        """Options chosen in a select: one interaction per option (a multiple select counts each)."""
        where = self._where(target)
        for label in labels:
            self.steps.append(f"{what}: {label} {where}")
        target.select_option(label=list(labels))

    def screen(self, name: str) -> None:
        """Notes the page's height in screens; saves a screenshot at phone width; and runs axe-core
        on the page at both widths (no serious or critical violation on any page walked)."""
        height = self.page.evaluate("() => document.documentElement.scrollHeight")
        self.screens.append(f"{name}: {height / self.page.viewport_size['height']:.1f} screens")
        if self.width == PHONE[0]:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"{self.task}-{name}-{self.width}.png"), full_page=True)
        walked = dict(self.page.viewport_size)
        for width, height in (PHONE, DESKTOP):
            self.page.set_viewport_size({"width": width, "height": height})
            check_axe(self.page, f"{self.task} {name} at {width}px")
        self.page.set_viewport_size(walked)

    def report(self) -> str:
        lines = [f"{self.task} at {self.width}px: {self.count} interactions"]
        lines += [f"  {i}. {s}" for i, s in enumerate(self.steps, start=1)]
        lines += [f"  [{s}]" for s in self.screens]
        return "\n".join(lines)

    def assert_count(self, expected: int, *, before: int) -> None:
        """Today's count, and no more steps than before the rework."""
        print(self.report())
        assert self.count == expected, self.report()
        assert self.count <= before, f"more steps than before the rework ({before}):\n{self.report()}"


# --- A. An official logs a signal. -----------------------------------------------------------


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_official_logs_a_signal(new_page, size):
    official = f.official("2482", first_name="Olof", last_name="Tjänsteman")  # Skellefteå
    f.coordinator("24")
    page = login(new_page(width=size[0], height=size[1]), official)
    walk = Walk(page, "a-signal")
    walk.screen("start")

    # On a phone the header keeps "Log a signal" outside the folded menu: one tap, as at a desk.
    walk.tap("open the signal form", page.get_by_role("link", name="Registrera en signal").first)
    expect(page).to_have_url(re.compile(r"/signaler/ny/$"))
    walk.screen("form")
    # Already right, so not touched: the municipality (the official's own), received now, open.
    expect(page.get_by_label("Kommun")).to_have_value(str(official.municipality_id))
    walk.fill(
        "subject (what, how big, where)",
        page.get_by_label(re.compile(r"^Rubrik\b")),
        "Batterifabrik, cirka 1 200 jobb, Skellefteå",
    )
    walk.fill(
        "what is known",
        page.get_by_label("Det vi vet"),
        "Vd ringde: söker 40 hektar mark för en cellfabrik, cirka 1 200 jobb.",
    )
    walk.check("channel: e-mail", page.get_by_role("radio", name="E-post"))
    walk.fill(
        "company or sender (free text)",
        page.get_by_label("Företag eller avsändare (fritext)"),
        "Nordisk Batteri AB",
    )
    walk.fill("jobs", page.get_by_label("Antal jobb"), "1200")
    walk.fill("land (ha)", page.get_by_label("Mark (ha)"), "40")
    walk.fill("sector", page.get_by_label("Bransch"), "Batterier")
    walk.tap("submit", page.get_by_role("button", name="Registrera signalen"))

    expect(page).to_have_url(re.compile(r"/signaler/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Batterifabrik")
    expect(page.locator("main")).to_contain_text(re.compile("registrerad|is logged", re.I))
    walk.screen("receipt")
    signal = Signal.objects.get()
    assert (signal.channel, signal.municipality_id, signal.jobs) == ("epost", official.municipality_id, 1200)
    assert (signal.subject, signal.source_text) == (
        "Batterifabrik, cirka 1 200 jobb, Skellefteå",
        "Nordisk Batteri AB",
    )
    walk.assert_count(SIGNAL_STEPS, before=BEFORE_SIGNAL_STEPS + SIGNAL_SUBJECT_STEP)


# --- B. A coordinator opens a case from the signal. --------------------------------------------


# The case's member organisations (none preselected: the signal's sender is free text).
MEMBERS = {
    "Region Västerbotten": ("region", "regional"),
    "Skellefteå kommun": ("kommun", "lokal"),
    "Arbetsförmedlingen": ("arbetsformedlingen", "nationell"),
    "Teknikcollege Västerbotten": ("utbildning", "regional"),
}


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_b_coordinator_opens_a_case_from_the_signal(new_page, size):
    official = f.official("2482", first_name="Olof", last_name="Tjänsteman")
    coordinator = f.coordinator("24", first_name="Karin", last_name="Samordnare")
    deputy = f.coordinator("24", first_name="Dagny", last_name="Ersättare")
    # The region's earlier case had the same partners: the case form offers them one tick away
    # (selectors.member_suggestions); any other organisation is typed and chosen (test_search_field).
    earlier = f.CaseFactory(name="Tidigare etablering", coordinator=coordinator)
    for name, (kind, level) in MEMBERS.items():
        earlier.memberships.create(organisation=f.OrganisationFactory(name=name, type=kind, level=level))
    signal = f.SignalFactory(
        logged_by=official,
        municipality=official.municipality,
        subject="Batterifabrik, cirka 1 200 jobb, Skellefteå",
        source_text="Nordisk Batteri AB",
        summary="Vd ringde: söker 40 hektar mark för en cellfabrik, cirka 1 200 jobb.",
        sector="Batterier",
        jobs=1200,
        land_hectares=40,
    )
    page = login(new_page(width=size[0], height=size[1]), coordinator)
    walk = Walk(page, "b-case")
    walk.screen("start")

    new_signals = page.get_by_role("region", name="Nya signaler")
    walk.tap("open the new signal", new_signals.get_by_role("link", name=signal.subject))
    expect(page).to_have_url(re.compile(rf"/signaler/{signal.pk}/$"))
    walk.screen("signal")
    walk.tap("open a case from it", page.get_by_role("link", name="Öppna ett ärende från signalen"))
    expect(page).to_have_url(re.compile(rf"/arenden/nytt/\?signal={signal.pk}$"))
    walk.screen("case-form")
    # Taken from the signal, so not touched: name (the subject), sector, lead municipality, Skellefteå
    # among the candidates, target, coordinator. (Members: a free-text sender preselects none.)
    expect(page.get_by_role("textbox", name=re.compile(r"^Namn\b"))).to_have_value(signal.subject)
    expect(page.get_by_label("Ansvarig samordnare")).to_have_value(str(coordinator.pk))
    expect(page.locator("#id_lead_municipality")).to_have_value(str(official.municipality_id))
    candidates = page.get_by_role("group", name=re.compile(r"^Tänkbara kommuner"))
    expect(candidates.get_by_role("checkbox", name="Skellefteå", exact=True)).to_be_checked()
    members = page.get_by_role("group", name=re.compile(r"^Deltagande organisationer"))
    expect(members.get_by_role("checkbox", checked=True)).to_have_count(0)
    walk.select("deputy", page.get_by_label("Ersättare för samordnaren"), str(deputy))
    norsjo = candidates.get_by_role("checkbox", name="Norsjö", exact=True)
    walk.check("candidate municipality: Norsjö", norsjo)
    for name in MEMBERS:
        walk.check(f"member organisation: {name}", members.get_by_role("checkbox", name=name, exact=True))
    walk.tap("submit", page.get_by_role("button", name="Öppna ärendet"))

    case = EstablishmentCase.objects.exclude(pk=earlier.pk).get()
    expect(page).to_have_url(re.compile(rf"/arenden/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(signal.subject)
    walk.screen("case")
    signal.refresh_from_db()
    assert signal.case == case and case.deputy == deputy and case.members.count() == 4
    assert {m.name for m in case.candidate_municipalities.all()} == {"Skellefteå", "Norsjö"}
    walk.assert_count(CASE_STEPS, before=BEFORE_CASE_STEPS)


# --- C. An actor contact answers an alarm on a phone. ------------------------------------------


def test_c_contact_answers_an_alarm_on_a_phone(new_page):
    region = f.region("24")
    official = f.official("2482")
    af = f.OrganisationFactory(name="Arbetsförmedlingen", type="arbetsformedlingen", level="nationell")
    kommun = f.OrganisationFactory(name="Skellefteå kommun", type="kommun", level="lokal")
    contact = f.contact(organisation=af, first_name="Alva", last_name="Kontakt")
    roster = roster_for(region)
    for position, (org, name, email, user) in enumerate(
        [
            (af, "Alva Kontakt", "alva@af.example.se", contact),
            (kommun, "Kim Kommun", "kim@skelleftea.example.se", None),
        ],
        start=1,
    ):
        person = f.PersonFactory(organisation=org, name=name, email=email, user=user)
        Channel.objects.create(person=person, kind="email", target=email, position=1)
        if user is not None:
            Channel.objects.create(person=person, kind="inapp", target="", position=2)
        RosterEntry.objects.create(roster=roster, organisation=org, primary=person, position=position)
    alarm = alarm_raise(
        user=official,
        municipality=f.municipality("2482"),
        kind="etablering",
        message="Batterifabrik vill etablera sig på Hedensbyn. Vi behöver samla alla i dag kl. 13.",
    )
    recipient = Recipient.objects.get(alarm=alarm, organisation=af)
    page = login(new_page(width=PHONE[0], height=PHONE[1]), contact)
    walk = Walk(page, "c-alarm")
    # "Waiting for you" comes first: the alarm's card, with the answer buttons on it.
    card = page.locator(f"[data-attention] li.attention__item--alarm#alarm-{alarm.pk}")
    expect(card).to_contain_text("Batterifabrik vill etablera sig")
    walk.screen("start")

    mobilise = card.locator("button[data-answer=mobilising]")
    expect(mobilise).to_contain_text("Vi sluter upp")
    box = mobilise.bounding_box()
    walk.tap("we mobilise (on the start page's card)", mobilise)
    # The answer is on the first screen: seen and tapped without scrolling.
    assert walk.steps[0].endswith("@1"), walk.report()
    assert box is not None and box["y"] + box["height"] <= PHONE[1], f"below the first screen: {box}"

    expect(page).to_have_url(re.compile(r"/$"))
    answered = "Svaret för Arbetsförmedlingen är registrerat: Vi sluter upp."
    expect(page.locator(".messages")).to_contain_text(answered)
    expect(page.locator(f"#alarm-{alarm.pk}")).to_have_count(0)
    walk.screen("answered")
    recipient.refresh_from_db()
    assert recipient.response == Response.MOBILISING
    walk.assert_count(ALARM_STEPS, before=BEFORE_ALARM_STEPS)


# --- D. An actor contact answers a checklist round on a phone. ---------------------------------

# The round's answers: Ja everywhere but two, which need an action plan (what and who).
NOT_YES = {
    2: ("delvis", "Presentera guiden för ledningsgruppen"),
    4: ("nej", "Inför en gemensam signallogg"),
}


def test_d_contact_answers_a_checklist_round_on_a_phone(new_page):
    region = f.region("24")
    coordinator = f.coordinator("24")
    af = f.OrganisationFactory(name="Arbetsförmedlingen", type="arbetsformedlingen", level="nationell")
    kommun = f.OrganisationFactory(name="Skellefteå kommun", type="kommun", level="lokal", region=region)
    f.PersonFactory(organisation=af, name="Alva Kontakt", email="alva@af.example.se")
    f.PersonFactory(organisation=kommun, name="Kim Kommun", email="kim@skelleftea.example.se")
    contact = f.contact(organisation=af, first_name="Alva", last_name="Kontakt")
    the_round = round_services.round_open(
        user=coordinator,
        region=region,
        title="Bedömningsomgång hösten",
        deadline=timezone.localdate() + timedelta(days=14),
        organisations=[af, kommun],
        invite=False,
    )
    page = login(new_page(width=PHONE[0], height=PHONE[1]), contact)
    walk = Walk(page, "d-round")
    rounds = page.locator("[data-attention] [data-attention-kind=rounds]")
    expect(rounds).to_contain_text("Bedömningsomgång hösten")
    walk.screen("start")

    # "Waiting for you" lists the round with a button straight to the organisation's answer page.
    walk.tap("answer the round (on the start page)", rounds.get_by_role("link", name=re.compile(r"^Svara\b")))
    participant = Participant.objects.get(round=the_round, organisation=af)
    expect(page).to_have_url(re.compile(rf"/omgangar/{the_round.pk}/svar/{participant.pk}/$"))
    walk.screen("sheet")
    items = page.locator("li.answer-item")
    expect(items).to_have_count(10)
    for item in items.all():
        number = int(item.get_attribute("data-routine"))
        value, plan = NOT_YES.get(number, ("ja", ""))
        walk.tap(f"routine {number}: {value}", item.locator(f"input[type=radio][value={value}]"))
        if plan:
            walk.fill(f"routine {number}: what will be done", item.get_by_label("Vad som ska göras"), plan)
            walk.fill(f"routine {number}: who does it", item.get_by_label("Vem som gör det"), "Sektionschef")
    walk.tap("submit", page.get_by_role("button", name="Skicka in svaren"))

    expect(page.locator("main")).to_contain_text(re.compile("Inskickat|Submitted"))
    walk.screen("submitted")
    participant.refresh_from_db()
    assert participant.submitted_at is not None and participant.submitted_by == contact
    walk.assert_count(ROUND_STEPS, before=BEFORE_ROUND_STEPS)
