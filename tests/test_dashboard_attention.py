"""Attention first: every user's start page begins with what waits for them (alarms to answer,
commitments to accept, checklist answers due, overdue actions), each answerable there or one click
away, only what the user may see, and at a cost that does not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alarms.answering.services import recipient_answer
from checklist.rounds.models import Participant
from establishments import services as case_services
from tests import factories as f
from tests.alarms.harness_attention import action, member, raise_alarm
from tests.checklist.harness_rounds import open_round, region_org
from tests.helpers import request_queries
from workspace.plan.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.english]

HOME = reverse("dashboard")
NOTHING = "Nothing waits for you right now."


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def attention(body: str) -> str:
    """The "Waiting for you" section only."""
    start = body.index("data-attention>")
    return body[start : body.index("</section>", start)]


@pytest.fixture
def contact_world():
    """An actor contact of an organisation on region 24's roster, a member of an open case, with
    something of each kind waiting, and the same for another organisation, and a confidential case
    the contact's organisation is a member of without any grant."""
    coordinator = f.coordinator("24")
    org, user = member()
    other_org, other_user = member("Annan aktör")
    case = f.CaseFactory(coordinator=coordinator, deputy=f.coordinator("24"), name="Öppna fallet")
    case.memberships.create(organisation=org)
    case.memberships.create(organisation=other_org)
    secret = case_services.case_create(
        user=coordinator, name="Hemligt namn", code_name="Projekt Nordljus", confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"), coordinator=coordinator, deputy=f.coordinator("24"),
    )  # fmt: skip
    secret.memberships.create(organisation=org)
    alarm = raise_alarm(coordinator, message="Batterifabrik söker mark")
    action(case, org, title="Vårt åtagande", commitment="foreslagen")
    action(case, other_org, title="Deras åtagande", commitment="foreslagen")
    action(secret, org, title="Hemligt åtagande", commitment="foreslagen")
    action(case, org, title="Internt åtagande", commitment="foreslagen", sharing="intern")
    action(case, org, title="Vår sena åtgärd", due_in=-3)
    action(case, org, title="Vår klara åtgärd", due_in=-3, status="klar")
    action(case, other_org, title="Deras sena åtgärd", due_in=-3)
    action(secret, org, title="Hemlig sen åtgärd", due_in=-3)
    return {
        "coordinator": coordinator, "org": org, "user": user, "other_org": other_org,
        "other_user": other_user, "case": case, "secret": secret, "alarm": alarm,
        "recipient": alarm.recipients.get(organisation=org),
    }  # fmt: skip


def test_the_contact_sees_what_waits_first(client, contact_world):
    w = contact_world
    body = page(client, w["user"])
    assert body.index("data-attention>") < body.index('id="h-my-cases"')  # first, the cards below
    section = attention(body)
    assert "1 alarm to answer" in section
    answer = reverse("alarms:answer_here", args=[w["alarm"].pk, w["recipient"].pk])
    assert section.count(f'action="{answer}"') == 2
    assert 'name="response" value="mobilising"' in section and 'name="response" value="declined"' in section
    assert f'name="next" value="{HOME}"' in section
    assert "1 commitment to accept" in section and "Vårt åtagande" in section
    assert "1 action overdue" in section and "Vår sena åtgärd" in section and "3 days late" in section
    assert NOTHING not in section


def test_never_another_organisations_items_nor_a_confidential_cases(client, contact_world):
    section = attention(page(client, contact_world["user"]))
    for text in ("Deras åtagande", "Deras sena åtgärd", "Hemligt åtagande", "Hemlig sen åtgärd",
                 "Hemligt namn", "Projekt Nordljus", "Internt åtagande", "Vår klara åtgärd"):  # fmt: skip
        assert text not in section, text
    other = attention(page(client, contact_world["other_user"]))
    assert "Vårt åtagande" not in other and "Vår sena åtgärd" not in other
    assert "Deras åtagande" in other and "Deras sena åtgärd" in other


def test_internal_items_never_crowd_out_the_ones_the_contact_may_read(client, contact_world):
    """The sharing levels are part of the query, not sifted afterwards: a dozen internal proposals
    and overdue actions that come first still leave room for the shared ones."""
    w = contact_world
    for i in range(12):
        action(w["case"], w["org"], title=f"Internt förslag {i}", commitment="foreslagen", sharing="intern")
        action(w["case"], w["org"], title=f"Intern sen åtgärd {i}", due_in=-30, sharing="intern")
    Action.objects.filter(title__startswith="Internt förslag").update(
        proposed_at=timezone.now() - timedelta(days=1)  # proposed before the shared one
    )
    section = attention(page(client, w["user"]))
    assert "Vårt åtagande" in section and "Vår sena åtgärd" in section
    assert "Internt förslag" not in section and "Intern sen åtgärd" not in section


def test_a_grant_to_the_confidential_case_shows_its_items(client, contact_world):
    from guardian.shortcuts import assign_perm

    assign_perm("establishments.view_establishmentcase", contact_world["user"], contact_world["secret"])
    section = attention(page(client, contact_world["user"]))
    assert "Hemligt åtagande" in section and "Hemlig sen åtgärd" in section


def test_an_answered_alarm_leaves_the_start_page(client, contact_world):
    w = contact_world
    recipient_answer(recipient=w["recipient"], response="mobilising", user=w["user"])
    section = attention(page(client, w["user"]))
    assert "alarm to answer" not in section
    assert "1 commitment to accept" in section


def test_answering_on_the_start_page_confirms_there(client, contact_world):
    w = contact_world
    client.force_login(w["user"])
    answer = reverse("alarms:answer_here", args=[w["alarm"].pk, w["recipient"].pk])
    response = client.post(answer, {"response": "declined", "reason": "Semester", "next": HOME}, follow=True)
    assert response.redirect_chain == [(HOME, 302)]
    body = response.content.decode()
    assert "The answer for Larmade aktören is recorded: Cannot." in body
    assert "alarm to answer" not in attention(body)


def test_a_bad_answer_on_the_start_page_says_why_and_keeps_the_buttons(client, contact_world):
    w = contact_world
    client.force_login(w["user"])
    answer = reverse("alarms:answer_here", args=[w["alarm"].pk, w["recipient"].pk])
    response = client.post(answer, {"response": "declined", "reason": "", "next": HOME}, follow=True)
    body = response.content.decode()
    assert "Say why you cannot, so the coordinator can find someone else." in body
    assert f'action="{answer}"' in attention(body)
    w["recipient"].refresh_from_db()
    assert w["recipient"].response == "pending"


def test_checklist_answers_due(client):
    org = region_org("24", name="Kommunen i omgången")
    user = f.contact(organisation=org)
    other = region_org("24", name="Annan kommun")
    round_ = open_round(organisations=[org, other], title="Omgång till oss", deadline_days=7)
    open_round(organisations=[other], title="Omgång inte till oss")
    section = attention(page(client, user))
    assert "1 checklist to answer" in section and "Omgång till oss" in section
    assert "Omgång inte till oss" not in section
    participant = Participant.objects.get(round=round_, organisation=org)
    assert reverse("checklist:answer", args=[round_.pk, participant.pk]) in section
    assert "in 7 days" in section
    Participant.objects.filter(pk=participant.pk).update(submitted_at=timezone.now())
    assert "checklist to answer" not in attention(page(client, user))


@pytest.mark.parametrize(
    "make_user", [lambda: f.reader("24"), lambda: f.coordinator("21"), lambda: f.official("2180"), f.admin]
)
def test_nothing_of_region_24s_contact_reaches_others(client, contact_world, make_user):
    section = attention(page(client, make_user()))
    assert NOTHING in section
    for text in ("Vårt åtagande", "Vår sena åtgärd", "alarm to answer", "Batterifabrik"):
        assert text not in section


def test_nothing_waiting_is_said_briefly(client):
    section = attention(page(client, f.contact()))
    assert NOTHING in section
    assert "data-attention-kind" not in section


def test_an_official_sees_the_actions_they_own(client):
    official = f.official("2482")
    person = f.PersonFactory(user=official)
    case = f.CaseFactory(coordinator=f.coordinator("24"), deputy=f.coordinator("24"))
    action(case, person.organisation, title="Tjänstemannens åtgärd", due_in=-1, owner_person=person)
    section = attention(page(client, official))
    assert "Tjänstemannens åtgärd" in section and "1 day late" in section


def test_the_start_page_costs_the_same_whatever_the_data(client, contact_world):
    w = contact_world
    client.force_login(w["user"])
    few = request_queries(client, HOME, warm=True)
    for n in range(4):
        raise_alarm(w["coordinator"], message=f"Larm {n}")
        action(w["case"], w["org"], title=f"Åtagande {n}", commitment="foreslagen")
        action(w["case"], w["org"], title=f"Sen {n}", due_in=-n - 1)
    many = request_queries(client, HOME, warm=True)
    assert "5 alarms to answer" in client.get(HOME).content.decode()
    assert len(many) == len(few), "\n".join(many)


def test_the_start_page_of_a_round_participant_costs_the_same_whatever_the_rounds(client):
    org = region_org("24", name="Kommunen")
    user = f.contact(organisation=org)
    open_round(organisations=[org], title="Första")
    client.force_login(user)
    few = request_queries(client, HOME, warm=True)
    for n in range(4):
        open_round(organisations=[org], title=f"Omgång {n}")
    many = request_queries(client, HOME, warm=True)
    assert len(many) == len(few)


def test_a_round_past_its_deadline_says_so(client):
    org = region_org("24", name="Sena kommunen")
    user = f.contact(organisation=org)
    round_ = open_round(organisations=[org], title="Sen omgång")
    type(round_).objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=2))
    section = attention(page(client, user))
    assert "Past the deadline" in section
