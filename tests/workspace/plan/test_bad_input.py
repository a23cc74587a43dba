"""Bad input gets a clear message and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from workspace.core.versioning import StaleEdit
from workspace.plan import services as plan_services
from workspace.plan.models import Action, CommitmentState

from .conftest import make_action, url

pytestmark = pytest.mark.django_db


VALID = {"theme": "mark", "title": "Ny detaljplan", "status": "planerad", "sharing": "medlemmar"}


@pytest.mark.parametrize("due", ["imorgon", "2026-13-45", "31/12/2026", "<script>"])
def test_a_garbage_due_date_is_refused(client, plan, due):
    client.force_login(plan.coordinator)
    count = Action.objects.count()
    response = client.post(url("action_create", plan.case), {**VALID, "due_date": due})
    assert response.status_code == 200
    assert "ÅÅÅÅ-MM-DD" in response.content.decode() or "YYYY-MM-DD" in response.content.decode()
    assert Action.objects.count() == count


def test_an_empty_title_and_unknown_theme_are_refused(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(url("action_create", plan.case), {**VALID, "title": "", "theme": "nonsens"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"title", "theme"}
    assert not Action.objects.filter(theme="nonsens").exists()


def test_a_person_of_another_organisation_is_refused(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(
        url("action_create", plan.case),
        {**VALID, "owner_organisation": plan.af.pk, "owner_person": plan.kommun_person.pk},
    )
    assert "owner_person" in response.context["form"].errors
    assert not Action.objects.filter(title="Ny detaljplan").exists()


def test_an_owner_outside_the_case_is_not_offered(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(
        url("action_create", plan.case), {**VALID, "owner_organisation": plan.outsider_org.pk}
    )
    assert "owner_organisation" in response.context["form"].errors
    with pytest.raises(ValidationError):
        make_action(plan.case, plan.coordinator, owner_organisation=plan.outsider_org)


def test_decline_without_reason_is_refused(client, plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    client.force_login(plan.contact)
    response = client.post(
        url("action_respond", plan.case, plan.action),
        {"decision": "decline", "version": 2},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Ange varför" in response.content.decode() or "Say why" in response.content.decode()
    plan.action.refresh_from_db()
    assert plan.action.commitment == CommitmentState.PROPOSED and plan.action.version == 2


def test_accepting_twice_is_refused_and_keeps_the_first_answer(client, plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    client.force_login(plan.contact)
    client.post(url("action_respond", plan.case, plan.action), {"decision": "accept", "version": 2})
    plan.action.refresh_from_db()
    first = (plan.action.responded_at, plan.action.version)
    response = client.post(
        url("action_respond", plan.case, plan.action),
        {"decision": "decline", "reason": "Ångrar", "version": 3},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    plan.action.refresh_from_db()
    assert plan.action.commitment == CommitmentState.ACCEPTED
    assert (plan.action.responded_at, plan.action.version) == first
    with pytest.raises(ValidationError):
        plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=3)


def test_a_stale_answer_is_refused(client, plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    plan.action.title = "Ändrad titel"
    plan_services.action_save(
        user=plan.coordinator, action=plan.action, expected_version=2, reason="Ny titel"
    )
    client.force_login(plan.contact)
    response = client.post(
        url("action_respond", plan.case, plan.action),
        {"decision": "accept", "version": 2},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    plan.action.refresh_from_db()
    assert plan.action.commitment == CommitmentState.PROPOSED
    with pytest.raises(StaleEdit):
        plan_services.action_respond(user=plan.contact, action=plan.action, accept=True, expected_version=1)


def test_a_garbage_version_or_decision_is_refused(client, plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    client.force_login(plan.contact)
    for data in ({"decision": "accept", "version": "x"}, {"decision": "maybe", "version": 2}, {}):
        response = client.post(url("action_respond", plan.case, plan.action), data, HTTP_HX_REQUEST="true")
        assert response.status_code == 400
    plan.action.refresh_from_db()
    assert plan.action.commitment == CommitmentState.PROPOSED


def test_an_internal_action_cannot_be_proposed(client, plan):
    internal = make_action(plan.case, plan.coordinator, sharing="intern", owner_organisation=plan.af)
    client.force_login(plan.coordinator)
    response = client.post(url("action_propose", plan.case, internal), {"version": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    internal.refresh_from_db()
    assert internal.commitment == CommitmentState.NONE


def test_an_action_without_owner_cannot_be_proposed(client, plan):
    orphan = make_action(plan.case, plan.coordinator)
    client.force_login(plan.coordinator)
    response = client.post(url("action_propose", plan.case, orphan), {"version": 1})
    assert response.status_code == 302
    orphan.refresh_from_db()
    assert orphan.commitment == CommitmentState.NONE


def test_handing_a_committed_action_to_another_organisation_withdraws_the_commitment(plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    plan_services.action_respond(user=plan.contact, action=plan.action, accept=True, expected_version=2)
    plan.action.refresh_from_db()
    plan.action.owner_organisation = plan.kommun
    plan.action.owner_person = None
    plan_services.action_save(
        user=plan.coordinator, action=plan.action, expected_version=3, reason="Ny ägare"
    )
    plan.action.refresh_from_db()
    assert plan.action.commitment == CommitmentState.NONE and plan.action.responded_by is None
