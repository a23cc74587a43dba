"""The action plan's progress names what is missing, over what the user may see."""

from datetime import timedelta

import pytest

from competence.models import CompetenceGap, Occupation
from establishments.models import CaseMember
from workspace.plan import services as plan_services
from workspace.plan.selectors import action_plan_progress

from .conftest import make_action

pytestmark = pytest.mark.django_db


def test_an_empty_plan_is_not_done(plan):
    plan.action.delete()
    progress = action_plan_progress(user=plan.coordinator, case=plan.case)
    assert progress.done < progress.total
    assert any("åtgärder" in m or "actions" in m for m in progress.missing)


def test_progress_lists_owners_commitments_overdue_and_uncovered(plan):
    make_action(plan.case, plan.coordinator, title="Utan ägare", due_date=plan.today + timedelta(days=3))
    make_action(
        plan.case,
        plan.coordinator,
        title="Sen",
        owner_organisation=plan.kommun,
        due_date=plan.today - timedelta(days=1),
    )
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    CaseMember.objects.filter(case=plan.case, organisation=plan.kommun).update(themes=["bostader", "mark"])
    CompetenceGap.objects.create(
        case=plan.case,
        occupation=Occupation.objects.filter(level=4).first(),
        year=2027,
        needed=10,
        source="etableraren",
        created_by=plan.coordinator,
    )
    progress = action_plan_progress(user=plan.coordinator, case=plan.case)
    text = " | ".join(progress.missing)
    for number in ("1 ", "2 "):
        assert number in text
    assert len(progress.missing) == 5, progress.missing  # owner, commitment, overdue, themes, gaps
    assert progress.done == progress.total - 5


def test_a_complete_plan_is_done(plan):
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    plan_services.action_respond(user=plan.contact, action=plan.action, accept=True, expected_version=2)
    progress = action_plan_progress(user=plan.coordinator, case=plan.case)
    assert progress.complete, progress.missing


def test_contacts_progress_ignores_internal_actions(plan):
    make_action(plan.case, plan.coordinator, title="Intern", sharing="intern")  # no owner, no date
    plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    plan_services.action_respond(user=plan.contact, action=plan.action, accept=True, expected_version=2)
    assert action_plan_progress(user=plan.contact, case=plan.case).complete
    assert not action_plan_progress(user=plan.coordinator, case=plan.case).complete
