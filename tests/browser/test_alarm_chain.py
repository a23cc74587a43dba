"""Issue 4, "done when": the alarm chain in a real browser.

A municipal official raises an alarm on a case and confirms it after the reachability check. Three
designated organisations are alarmed: Arbetsförmedlingen's contact answers in the app (after the
inbox shows the notice), Region Västerbotten's primary contact answers with the one-click link from
the e-mail, without logging in, and Skellefteå kommun's primary contact stays silent and is
escalated to the deputy when the escalation step falls due (the beat task, run here in-process).
The official's status board shows every state as it happens, by htmx polling, never reloaded. The
coordinator closes the alarm and reads the report. axe-core runs on every page on the way.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from alarms.core.models import Alarm, Recipient, Response, Step
from alarms.escalation.services import escalate_due
from alarms.rosters.models import Channel, RosterEntry
from alarms.rosters.services import roster_for
from tests import factories as f

from .helpers import browser_db, check_axe, login, save_screen

pytestmark = [pytest.mark.browser, browser_db]

MESSAGE = "Northvolt-liknande batterifabrik vill etablera sig på Hedensbyn. Vi behöver samla alla nu."
POLL = 15_000  # the board polls every 5 s; allow three rounds


def _person(org, name, email, user=None):
    person = f.PersonFactory(organisation=org, name=name, email=email, user=user)
    Channel.objects.create(person=person, kind="email", target=email, position=1)
    if user is not None:
        Channel.objects.create(person=person, kind="inapp", target="", position=2)
    return person


@pytest.fixture
def world():
    region = f.region("24")
    official = f.official("2482", first_name="Olle", last_name="Tjänsteman")
    coordinator = f.coordinator("24", first_name="Sara", last_name="Samordnare", email="sara@rvb.example.se")
    af = f.OrganisationFactory(name="Arbetsförmedlingen", type="arbetsformedlingen", level="nationell")
    rvb = f.OrganisationFactory(name="Region Västerbotten", type="region", level="regional", region=region)
    kommun = f.OrganisationFactory(name="Skellefteå kommun", type="kommun", level="lokal")
    af_contact = f.contact(organisation=af, first_name="Alva", last_name="Kontakt")
    roster = roster_for(region)
    people = [
        (af, ("Alva Kontakt", "alva@af.example.se", af_contact), ("Bo Ersätter", "bo@af.example.se", None)),
        (rvb, ("Rut Region", "rut@rvb.example.se", None), ("Rolf Region", "rolf@rvb.example.se", None)),
        (
            kommun,
            ("Kim Kommun", "kim@skelleftea.example.se", None),
            ("Dana Deputy", "dana@skelleftea.example.se", None),
        ),
    ]
    entries = [(org, _person(org, *primary), _person(org, *deputy)) for org, primary, deputy in people]
    for position, (org, primary, deputy) in enumerate(entries, start=1):
        RosterEntry.objects.create(
            roster=roster, organisation=org, primary=primary, deputy=deputy, position=position
        )
    case = f.CaseFactory(name="Batterifabriken på Hedensbyn", coordinator=coordinator)
    return {"official": official, "coordinator": coordinator, "af_contact": af_contact, "case": case,
            "af": af, "rvb": rvb, "kommun": kommun}  # fmt: skip


def _row(page: Page, organisation: str):
    return page.locator("#alarm-live tr.board-row", has=page.locator("th", has_text=organisation))


def _link_for(email: str) -> str:
    for message in mail.outbox:
        if message.to == [email]:
            found = re.search(r"https?://[^/\s]+(/larm/svara/\S+/)", message.body)
            if found:
                return found.group(1)  # the path: the mail names SITE_URL, the test a live server
    raise AssertionError(f"no answer link was mailed to {email}")


def test_an_alarm_is_raised_answered_escalated_closed_and_reported(new_page, live_server, world):
    # The official raises the alarm from the case page, and confirms after the reachability check.
    board = login(new_page(), world["official"])
    board.goto(world["case"].get_absolute_url())
    board.get_by_role("link", name=re.compile(r"^(Larma|Raise alarm)$")).click()
    expect(board.locator("h1")).to_be_visible()
    board.locator("input[name=kind][value=etablering]").check()
    board.get_by_label(re.compile(r"^(Meddelande|Message)")).fill(MESSAGE)
    check_axe(board, "alarm raise form")
    board.get_by_role("button", name=re.compile(r"^(Fortsätt|Continue)")).click()
    expect(board.locator("tr[data-reachable='true']")).to_have_count(3)
    check_axe(board, "alarm raise confirmation")
    save_screen(board, "alarm-raise-confirm")
    board.get_by_role("button", name=re.compile(r"^(Bekräfta och larma|Confirm and raise the alarm)")).click()

    alarm = Alarm.objects.get()
    expect(board).to_have_url(re.compile(rf"/larm/{alarm.pk}/$"))
    assert alarm.raised_by == world["official"] and alarm.case == world["case"]
    expect(board.locator("#alarm-live tr.board-row")).to_have_count(3)
    for org in ("Arbetsförmedlingen", "Region Västerbotten", "Skellefteå kommun"):
        expect(_row(board, org)).to_have_attribute("data-response", "pending")
    check_axe(board, "alarm status board")
    # Every primary contact got the alarm; the in-app contact has it in the inbox as well.
    assert {tuple(m.to) for m in mail.outbox} == {
        ("alva@af.example.se",),
        ("rut@rvb.example.se",),
        ("kim@skelleftea.example.se",),
    }
    url_before = board.url

    # Arbetsförmedlingen's contact sees the unread alarm in the inbox and answers in the app.
    contact = login(new_page(), world["af_contact"])
    expect(contact.locator("header")).to_contain_text("1")
    contact.goto("/larm/inkorg/")
    check_axe(contact, "inbox")
    contact.get_by_role("button", name=re.compile(r"^(Öppna larmet|Open the alarm)")).first.click()
    expect(contact).to_have_url(re.compile(rf"/larm/{alarm.pk}/$"))
    contact.get_by_label(re.compile(r"^(Vem kommer|Who comes)")).fill("Alva Kontakt, 070-111 22 33")
    contact.get_by_role("button", name=re.compile(r"^(Vi sluter upp|We mobilise)")).first.click()
    expect(_row(contact, "Arbetsförmedlingen")).to_have_attribute("data-response", "mobilising")

    # The official's board shows it without a reload.
    expect(_row(board, "Arbetsförmedlingen")).to_have_attribute("data-response", "mobilising", timeout=POLL)
    expect(_row(board, "Arbetsförmedlingen")).to_contain_text("Alva Kontakt, 070-111 22 33")

    # Region Västerbotten's primary contact answers with the link in the e-mail, not logged in.
    stranger = new_page()
    stranger.goto(_link_for("rut@rvb.example.se"))
    expect(stranger.locator("main")).to_contain_text("Region Västerbotten")
    check_axe(stranger, "answer link")
    stranger.get_by_label(re.compile(r"^(Vem kommer|Who comes)")).fill("Rut Region")
    stranger.get_by_role("button", name=re.compile(r"^(Vi sluter upp|We mobilise)")).click()
    expect(stranger.locator("[data-link-result='answered']")).to_be_visible()
    save_screen(stranger, "alarm-answer-link-done")
    expect(_row(board, "Region Västerbotten")).to_have_attribute("data-response", "mobilising", timeout=POLL)
    # The same link again changes nothing and says so.
    stranger.goto(_link_for("rut@rvb.example.se"))
    expect(stranger.locator("[data-link-result='already-answered']")).to_be_visible()

    # Skellefteå kommun stays silent: when the step falls due, its deputy is alarmed.
    mail.outbox.clear()
    assert escalate_due(now=timezone.now() + timedelta(minutes=alarm.deputy_after_minutes, seconds=5)) == 1
    assert [m.to for m in mail.outbox] == [["dana@skelleftea.example.se"]]
    kommun = Recipient.objects.get(alarm=alarm, organisation=world["kommun"])
    assert kommun.step == Step.DEPUTY and kommun.response == Response.PENDING
    expect(_row(board, "Skellefteå kommun")).to_have_attribute("data-step", str(Step.DEPUTY), timeout=POLL)
    expect(_row(board, "Skellefteå kommun")).to_have_attribute("data-response", "pending")
    expect(board.locator(".alarm-timeline")).to_contain_text(re.compile("Eskalera|Escalated"))
    save_screen(board, "alarm-board-live")
    assert board.url == url_before  # never reloaded: htmx swapped the live part in place

    # The coordinator closes the alarm and reads the report.
    coordinator = login(new_page(), world["coordinator"])
    coordinator.goto(alarm.get_absolute_url())
    coordinator.get_by_role("link", name=re.compile(r"^(Stäng larmet|Close the alarm)$")).click()
    check_axe(coordinator, "close alarm")
    coordinator.get_by_label(re.compile(r"^(Anteckning|Closing note)")).fill("Två av tre sluter upp.")
    coordinator.get_by_role("button", name=re.compile(r"^(Stäng larmet|Close the alarm)$")).click()
    alarm.refresh_from_db()
    assert alarm.state == Alarm.State.CLOSED and alarm.closed_by == world["coordinator"]
    assert not Recipient.objects.filter(alarm=alarm, next_step_at__isnull=False).exists()
    assert escalate_due(now=timezone.now() + timedelta(hours=2)) == 0

    coordinator.get_by_role("link", name=re.compile(r"^(Rapport|Report)$")).first.click()
    expect(coordinator.locator("main")).to_contain_text("Två av tre sluter upp.")
    report_rows = coordinator.locator("main table tbody tr")
    expect(report_rows).to_have_count(3)
    for org in ("Arbetsförmedlingen", "Region Västerbotten", "Skellefteå kommun"):
        expect(coordinator.locator("main table")).to_contain_text(org)
    check_axe(coordinator, "alarm report")
    save_screen(coordinator, "alarm-report")

    # The official's board notices the close as well, and stops polling.
    expect(board.locator("#alarm-live")).not_to_have_attribute("hx-get", re.compile(".+"), timeout=POLL)
