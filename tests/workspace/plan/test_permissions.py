"""Who may see, propose and answer actions; refused users change nothing."""

import pytest
from django.urls import reverse

from accounts import policy
from tests import factories as f
from workspace.plan import services as plan_services
from workspace.plan.models import Action, CommitmentState

from .conftest import make_action, url

pytestmark = pytest.mark.django_db


def snapshot(action):
    action.refresh_from_db()
    return (action.version, action.commitment, action.title, action.history.count())


def test_anonymous_is_sent_to_login(client, plan):
    for name, action in [
        ("action_plan", None),
        ("action_create", None),
        ("action_edit", plan.action),
        ("action_history", plan.action),
        ("action_propose", plan.action),
        ("action_respond", plan.action),
        ("action_delete", plan.action),
        ("action_plan_export", None),
    ]:
        for method in (client.get, client.post):
            response = method(url(name, plan.case, action))
            assert response.status_code in (302, 405), name
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("workspace:calendar_feed_settings")).status_code == 302


@pytest.mark.parametrize("who", ["coordinator", "deputy", "official"])
def test_case_staff_may_create_and_propose(client, plan, who):
    client.force_login(getattr(plan, who))
    response = client.post(
        url("action_create", plan.case),
        {
            "theme": "bostader",
            "title": "Bygg 200 lägenheter",
            "status": "planerad",
            "sharing": "medlemmar",
            "owner_organisation": plan.kommun.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Bygg 200 lägenheter")
    response = client.post(url("action_propose", plan.case, action), {"version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.commitment == CommitmentState.PROPOSED
    assert action.proposed_by == getattr(plan, who)


@pytest.mark.parametrize(
    "who,status", [("reader", 403), ("contact", 403), ("other_region", 404), ("contact_outsider", 404)]
)
def test_others_may_not_create_edit_or_propose(client, plan, who, status):
    client.force_login(getattr(plan, who))
    before = snapshot(plan.action), Action.objects.count()
    assert client.post(url("action_create", plan.case), {"theme": "mark", "title": "X"}).status_code == status
    assert (
        client.post(
            url("action_edit", plan.action.case, plan.action), {"theme": "mark", "title": "X", "version": 1}
        ).status_code
        == status
    )
    assert client.post(url("action_propose", plan.case, plan.action), {"version": 1}).status_code == status
    assert client.post(url("action_delete", plan.case, plan.action), {"version": 1}).status_code == status
    assert (snapshot(plan.action), Action.objects.count()) == before


def test_only_the_owning_organisations_contact_may_answer(client, plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    before = snapshot(plan.action)
    for who, status in [
        ("contact_kommun", 403),
        ("contact_outsider", 404),
        ("coordinator", 403),
        ("reader", 403),
        ("other_region", 404),
        ("official", 403),
    ]:
        client.force_login(getattr(plan, who))
        response = client.post(
            url("action_respond", plan.case, plan.action), {"decision": "accept", "version": 2}
        )
        assert response.status_code == status, who
    assert snapshot(plan.action) == before
    client.force_login(plan.contact)
    response = client.post(
        url("action_respond", plan.case, plan.action), {"decision": "accept", "version": 2}
    )
    assert response.status_code == 302
    plan.action.refresh_from_db()
    assert plan.action.commitment == CommitmentState.ACCEPTED
    assert plan.action.responded_by == plan.contact and plan.action.responded_at is not None
    assert plan.action.history.first().history_change_reason == "Commitment accepted"


def test_a_confidential_cases_plan_is_hidden_from_those_not_granted(client, plan):
    action = make_action(
        plan.confidential, plan.coordinator, owner_organisation=plan.af, title="Hemlig åtgärd"
    )
    plan_services.action_propose(user=plan.coordinator, action=action, expected_version=1)
    for who in ("contact", "official", "reader", "other_region"):
        client.force_login(getattr(plan, who))
        for name, a in [("action_plan", None), ("action_history", action), ("action_plan_export", None)]:
            response = client.get(url(name, plan.confidential, a))
            assert response.status_code == 404, (who, name)
            assert "Hemlig" not in response.content.decode()
        response = client.post(
            url("action_respond", plan.confidential, action), {"decision": "accept", "version": 2}
        )
        assert response.status_code == 404
    action.refresh_from_db()
    assert action.commitment == CommitmentState.PROPOSED
    colleague = f.coordinator("24")
    client.force_login(colleague)
    assert client.get(url("action_plan", plan.confidential)).status_code == 404
    client.force_login(plan.coordinator)
    assert "Hemlig åtgärd" in client.get(url("action_plan", plan.confidential)).content.decode()


def test_internal_actions_are_not_shown_to_contacts_and_readers(client, plan):
    internal = make_action(plan.case, plan.coordinator, title="Intern bedömning av bolaget", sharing="intern")
    for who in ("contact", "reader"):
        client.force_login(getattr(plan, who))
        body = client.get(url("action_plan", plan.case)).content.decode()
        assert "Intern bedömning" not in body
        assert "Starta YH-utbildning" in body
        assert client.get(url("action_history", plan.case, internal)).status_code == 404
    client.force_login(plan.official)
    assert "Intern bedömning" in client.get(url("action_plan", plan.case)).content.decode()


def test_reader_sees_the_tab_but_no_edit_controls(client, plan):
    client.force_login(plan.reader)
    body = client.get(url("action_plan", plan.case)).content.decode()
    assert "Starta YH-utbildning" in body
    assert url("action_create", plan.case) not in body
    assert f'href="{url("action_edit", plan.case, plan.action)}"' not in body


def test_policy_refuses_an_internal_or_foreign_action(plan):
    assert policy.can_respond_to_commitment(plan.contact, plan.action)
    assert not policy.can_respond_to_commitment(plan.contact_kommun, plan.action)
    assert not policy.can_respond_to_commitment(plan.contact_outsider, plan.action)
    plan.action.sharing = "intern"
    assert not policy.can_respond_to_commitment(plan.contact, plan.action)
    plan.contact.is_active = False
    plan.action.sharing = "medlemmar"
    assert not policy.can_respond_to_commitment(plan.contact, plan.action)


def test_history_page_names_who_and_why(client, plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    plan_services.action_respond(
        user=plan.contact, action=plan.action, accept=False, reason="Ingen budget", expected_version=2
    )
    client.force_login(plan.coordinator)
    body = client.get(url("action_history", plan.case, plan.action)).content.decode()
    assert "Ingen budget" in body
    assert str(plan.contact) in body
