"""Issue 5, "done when": an assessment round of the routine checklist in a real browser.

The coordinator opens a round for three organisations. Region Västerbotten's actor contact answers
in the app (routine 4: Nej, with a handlingsplan), Skellefteå kommun's contact answers through the
personal link from the invitation, without an account (routine 4: Ja, routine 2: Delvis), and Umeå
kommun answers nothing and is the only one reminded. The matrix shows each answer, flags routine 4
(Ja and Nej), and the readiness figure is 18.5 of 20 = 92.5 %. The Nej becomes an action of the
region's readiness plan. A second round moves routine 4 from Nej to Delvis for the region, and the
trend shows it. axe-core runs on every page on the way.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from checklist.models import Participant, RegionalAction, Round, Value
from checklist.rounds import services
from tests import factories as f

from .helpers import browser_db, check_axe, login, save_screen

pytestmark = [pytest.mark.browser, browser_db]

PLAN_4 = "Inför en gemensam signallogg i Samhandla för alla kommuner"


@pytest.fixture
def world():
    region = f.region("24")
    coordinator = f.coordinator("24", first_name="Sara", last_name="Samordnare", email="sara@rvb.example.se")
    orgs = {
        key: f.OrganisationFactory(name=name, type=kind, level=level, region=region)
        for key, name, kind, level in [
            ("region", "Region Västerbotten", "region", "regional"),
            ("skelleftea", "Skellefteå kommun", "kommun", "lokal"),
            ("umea", "Umeå kommun", "kommun", "lokal"),
        ]
    }
    people = {
        "region": f.PersonFactory(organisation=orgs["region"], name="Rut Region", email="rut@rvb.example.se"),
        "skelleftea": f.PersonFactory(
            organisation=orgs["skelleftea"], name="Kim Kommun", email="kim@sk.example.se"
        ),
        "umea": f.PersonFactory(organisation=orgs["umea"], name="Ulla Umeå", email="ulla@umea.example.se"),
    }
    contact = f.contact(organisation=orgs["region"], first_name="Rut", last_name="Region")
    return {"coordinator": coordinator, "orgs": orgs, "people": people, "contact": contact, "region": region}


def _answer_all(page: Page, values: dict[int, str], plans: dict[int, str]) -> None:
    """Choose an answer for every routine on the sheet (Ja unless ``values`` says otherwise)."""
    for item in page.locator("li.answer-item").all():
        number = int(item.get_attribute("data-routine"))
        value = values.get(number, "ja")
        item.locator(f"input[type=radio][value={value}]").check()
        if number in plans:
            item.locator("textarea[name$=plan_what]").fill(plans[number])
            item.locator("input[name$=plan_who]").fill("Regionens samordnare")


def _link_for(email: str) -> str:
    for message in mail.outbox:
        if message.to == [email]:
            found = re.search(r"https?://[^/\s]+(/checklista/svara/\S+/)", message.body)
            if found:
                return found.group(1)  # the path: the mail names SITE_URL, the test a live server
    raise AssertionError(f"no answer link was mailed to {email}")


def _cell(page: Page, organisation, routine: int):
    row = page.locator(f"table.matrix tbody tr[data-organisation='{organisation.pk}']")
    return row.locator("td.matrix__cell").nth(routine - 1)


def test_a_round_is_answered_compared_acted_on_and_followed_over_time(new_page, world):
    orgs, people = world["orgs"], world["people"]
    deadline = timezone.localdate() + timedelta(days=5)

    # The coordinator opens a round for the three organisations.
    coordinator = login(new_page(), world["coordinator"])
    coordinator.goto("/beredskap/24/omgangar/ny/")
    coordinator.get_by_label(re.compile(r"^(Titel|Title)")).fill("Bedömningsomgång hösten")
    coordinator.get_by_label(re.compile(r"^(Sista svarsdag|Deadline)")).fill(deadline.isoformat())
    chosen = {o.name for o in orgs.values()}
    for box in coordinator.locator("input[name=organisations]").all():
        label = coordinator.locator(f"label[for='{box.get_attribute('id')}']").inner_text().strip()
        box.set_checked(label in chosen)
    check_axe(coordinator, "round form")
    coordinator.get_by_role("button", name=re.compile(r"(bjud in|invite)")).click()
    round1 = Round.objects.get()
    expect(coordinator).to_have_url(re.compile(rf"/omgangar/{round1.pk}/$"))
    expect(coordinator.locator("tr[data-status='not-started']")).to_have_count(3)
    check_axe(coordinator, "round status")
    invited = {m.to[0] for m in mail.outbox}
    assert invited == {"rut@rvb.example.se", "kim@sk.example.se", "ulla@umea.example.se"}

    # Region Västerbotten's actor contact answers in the app: a draft first, then submitted.
    contact = login(new_page(), world["contact"])
    contact.goto("/checklista/")
    contact.get_by_role("link", name=re.compile(r"^(Svara|Svar|Answer)\b")).first.click()
    check_axe(contact, "answer sheet")
    _answer_all(contact, {4: "nej"}, {4: PLAN_4})
    contact.get_by_role("button", name=re.compile(r"^(Spara utkast|Save draft)$")).click()
    participant = Participant.objects.get(round=round1, organisation=orgs["region"])
    assert participant.submitted_at is None and participant.answers.exclude(value="").count() == 10
    contact.get_by_role("button", name=re.compile(r"^(Skicka in svaren|Submit the answers)$")).click()
    participant.refresh_from_db()
    assert participant.submitted_at is not None and participant.submitted_by == world["contact"]

    # Skellefteå kommun's contact answers through the personal link, with no account.
    stranger = new_page()
    stranger.goto(_link_for("kim@sk.example.se"))
    expect(stranger.locator("main")).to_contain_text("Skellefteå kommun")
    check_axe(stranger, "answer link")
    _answer_all(stranger, {2: "delvis"}, {2: "Presentera guiden på kommunens ledningsgrupp"})
    stranger.get_by_role("button", name=re.compile(r"^(Skicka in svaren|Submit the answers)$")).click()
    expect(stranger.locator("[data-link-result='submitted']")).to_be_visible()
    save_screen(stranger, "checklist-answer-link-submitted")
    skelleftea = Participant.objects.get(round=round1, organisation=orgs["skelleftea"])
    assert skelleftea.submitted_by_person == people["skelleftea"]

    # Umeå kommun answers nothing; the reminder goes to it alone.
    mail.outbox.clear()
    coordinator.goto(round1.get_absolute_url())
    expect(coordinator.locator("tr[data-status='submitted']")).to_have_count(2)
    coordinator.get_by_role(
        "button", name=re.compile(r"^(Skicka påminnelser nu|Send reminders now)$")
    ).click()
    assert [m.to for m in mail.outbox] == [["ulla@umea.example.se"]]
    assert "/checklista/svara/" in mail.outbox[0].body

    # The matrix: the answers, the disagreement on routine 4, and the readiness figure.
    coordinator.goto(f"/omgangar/{round1.pk}/matris/")
    expect(_cell(coordinator, orgs["region"], 4)).to_have_attribute("data-answer", "nej")
    expect(_cell(coordinator, orgs["skelleftea"], 4)).to_have_attribute("data-answer", "ja")
    expect(_cell(coordinator, orgs["skelleftea"], 2)).to_have_attribute("data-answer", "delvis")
    expect(_cell(coordinator, orgs["umea"], 1)).to_have_attribute("data-answer", "")
    expect(coordinator.locator("th[data-disagreement='true']")).to_have_count(1)
    expect(coordinator.locator("th[data-disagreement='true']")).to_have_attribute("data-routine", "4")
    expect(coordinator.locator("table.matrix tfoot strong[data-value]")).to_have_attribute(
        "data-value", re.compile(r"^92\.5")
    )
    check_axe(coordinator, "matrix")
    save_screen(coordinator, "checklist-matrix")
    coordinator.goto("/beredskap/24/")
    expect(coordinator.locator("#readiness-figure")).to_have_attribute("data-value", re.compile(r"^92\.5"))
    check_axe(coordinator, "readiness overview")

    # The Nej becomes an action of the region's readiness plan.
    coordinator.goto(f"/omgangar/{round1.pk}/matris/")
    _cell(coordinator, orgs["region"], 4).locator("a.matrix__act").click()
    check_axe(coordinator, "action from a handlingsplan")
    coordinator.get_by_role("button", name=re.compile(r"(beredskapsplan|readiness plan)", re.I)).click()
    action = RegionalAction.objects.get()
    assert action.source_answer.participant == participant and action.source_answer.routine.number == 4
    assert action.owner_organisation == orgs["region"] and action.history.count() == 1
    expect(coordinator.locator("main")).to_contain_text(action.title)

    # A second round: the region now says Delvis on routine 4, Umeå answers at last.
    round2 = services.round_open(
        user=world["coordinator"], region=world["region"], title="Bedömningsomgång våren",
        deadline=deadline + timedelta(days=30), organisations=list(orgs.values()), invite=False,
    )  # fmt: skip
    for key, moved in [("region", {4: Value.PARTLY}), ("skelleftea", {2: Value.YES}), ("umea", {})]:
        p = Participant.objects.get(round=round2, organisation=orgs[key])
        values = {
            a.routine_id: {"value": moved.get(a.routine.number, Value.YES), "plan_what": "Plan",
                           "plan_who": "", "plan_when": None, "comment": ""}
            for a in p.answers.select_related("routine")
        }  # fmt: skip
        services.answer_save(participant=p, values=values, person=people[key], submit=True)

    coordinator.goto("/beredskap/24/utveckling/")
    region_row = coordinator.locator("tr", has=coordinator.locator("th", has_text="Region Västerbotten"))
    moved = region_row.locator("td[data-routine='4']")
    expect(moved).to_have_attribute("data-before", "nej")
    expect(moved).to_have_attribute("data-after", "delvis")
    expect(moved).to_have_attribute("data-movement", "up")
    check_axe(coordinator, "trends")
    save_screen(coordinator, "checklist-trends")
