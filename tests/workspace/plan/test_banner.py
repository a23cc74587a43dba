"""The plan's banner follows a commitment without a reload: the htmx answer re-sends it out of band."""

import re

import pytest

from workspace.plan import services as plan_services

from .conftest import make_action, url

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def banner(html: str) -> str:
    match = re.search(r'<div id="plan-banner"[^>]*>(.*?)</div>\s*$', html, re.S)
    assert match, html
    return match.group(0)


def test_proposing_sends_the_banner_with_the_new_count(client, plan):
    other = make_action(plan.case, plan.coordinator, title="Bostäder", owner_organisation=plan.kommun)
    plan_services.action_propose(user=plan.coordinator, action=other, expected_version=1)
    client.force_login(plan.coordinator)
    page = client.get(url("action_plan", plan.case)).content.decode()
    assert 'id="plan-banner"' in page and "1 commitment is not accepted." in page

    response = client.post(
        url("action_propose", plan.case, plan.action), {"version": 1}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    oob = banner(html)
    assert 'hx-swap-oob="innerHTML"' in oob and 'role="status"' in oob
    assert "2 commitments are not accepted." in oob
    assert f'id="action-{plan.action.pk}"' in html  # the item itself, swapped in place


def test_answering_clears_the_banner(client, plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    client.force_login(plan.contact)
    response = client.post(
        url("action_respond", plan.case, plan.action),
        {"version": 2, "decision": "accept", "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    oob = banner(response.content.decode())
    assert "not accepted" not in oob and "waits for your organisation" not in oob


def test_a_refused_proposal_sends_the_unchanged_banner(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(
        url("action_propose", plan.case, plan.action), {"version": 99}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "not accepted" not in banner(response.content.decode())
    plan.action.refresh_from_db()
    assert plan.action.commitment == "ej_foreslagen"


def test_a_reader_may_not_propose(client, plan):
    client.force_login(plan.reader)
    response = client.post(
        url("action_propose", plan.case, plan.action), {"version": 1}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code in (403, 404)
    plan.action.refresh_from_db()
    assert plan.action.commitment == "ej_foreslagen"
