"""The pages of the action plan answer, and show what they should."""

import pytest
from django.urls import reverse

from workspace.plan import services as plan_services
from workspace.plan.models import CommitmentState

pytestmark = pytest.mark.django_db


def test_tab_shows_actions_grouped_by_theme(client, plan):
    client.force_login(plan.coordinator)
    response = client.get(reverse("workspace:action_plan", kwargs={"case_pk": plan.case.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Starta YH-utbildning i processteknik" in body
    assert 'id="theme-kompetensforsorjning"' in body
    assert "Arbetsförmedlingen" in body


def test_contact_sees_accept_buttons_only_when_proposed(client, plan):
    url = reverse("workspace:action_plan", kwargs={"case_pk": plan.case.pk})
    client.force_login(plan.contact)
    assert 'value="accept"' not in client.get(url).content.decode()
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    body = client.get(url).content.decode()
    assert 'value="accept"' in body
    client.force_login(plan.contact_kommun)
    assert 'value="accept"' not in client.get(url).content.decode()
    plan.action.refresh_from_db()
    assert plan.action.commitment == CommitmentState.PROPOSED
