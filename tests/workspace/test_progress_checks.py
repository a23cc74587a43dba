"""Every moment's "X of Y" is a list of checks: each names what it checks, links to where it is put
right, and an empty case earns no credit for checks about items it has none of."""

from datetime import date
from io import StringIO

import pytest
from django.urls import resolve

from establishments.models import EstablishmentCase
from establishments.slots import CASE_TABS, Check, Progress
from tests import factories as f
from workspace.core.services import item_save
from workspace.goals.models import Expectation, Milestone, ResourceCommitment

pytestmark = [pytest.mark.django_db, pytest.mark.english]

MOMENTS = {"goals": 5, "competence": 5, "actor_map": 4, "contact_routes": 5, "action_plan": 5}


def progress_of(key, user, case) -> Progress:
    tab = next(t for t in CASE_TABS.values() if t.key == key)
    return tab.progress(user=user, case=case)


@pytest.fixture
def empty():
    coordinator = f.coordinator("24")
    return coordinator, f.CaseFactory(coordinator=coordinator, deputy=f.coordinator("24"))


def assert_links_resolve(progress: Progress, case):
    for check in progress.checks:
        path, _hash, anchor = check.url.partition("#")
        match = resolve(path)
        assert match.kwargs.get("case_pk") == case.pk, check
        assert check.url.count("#") <= 1


def test_every_moment_is_registered_with_checks():
    assert {t.key for t in CASE_TABS.values() if t.progress} == set(MOMENTS)


@pytest.mark.parametrize("key", MOMENTS)
def test_an_empty_case_meets_no_check(empty, key):
    coordinator, case = empty
    progress = progress_of(key, coordinator, case)
    assert (progress.done, progress.total) == (0, MOMENTS[key])
    assert not progress.complete and progress.percent == 0
    assert all(not c.met and c.label and c.detail for c in progress.checks)
    # No "0 actions without an owner": nothing missing is counted as zero.
    assert not any(text.startswith("0 ") for text in progress.missing), progress.missing
    assert_links_resolve(progress, case)


def test_an_empty_plan_gets_no_credit_for_owners_or_dates(empty):
    coordinator, case = empty
    progress = progress_of("action_plan", coordinator, case)
    labels = {str(c.label): c for c in progress.checks}
    owners = labels["Every action has an owner"]
    assert not owners.met and owners.detail == "no actions yet" and owners.url.endswith("#plan-actions")
    assert progress.missing == ["no actions yet"]  # said once, not once per check


def test_a_failing_action_check_links_to_the_first_failing_action(empty):
    from workspace.plan.models import Action
    from workspace.plan.services import action_save

    coordinator, case = empty
    action = action_save(user=coordinator, action=Action(case=case, theme="mark", title="Utan ägare"))
    progress = progress_of("action_plan", coordinator, case)
    owners = next(c for c in progress.checks if str(c.label) == "Every action has an owner")
    assert not owners.met and owners.url.endswith(f"#action-{action.pk}")
    assert owners.detail == "1 action without an owner"
    assert progress.checks[0].met  # the plan has an action


def test_a_complete_moment_1(empty):
    coordinator, case = empty
    org = f.OrganisationFactory()
    case.memberships.create(organisation=org)
    for kind in ("forvantan", "farhaga"):
        item_save(user=coordinator, item=Expectation(case=case, kind=kind, text="Text"))
    item_save(user=coordinator, item=Milestone(case=case, title="Byggstart", date=date(2027, 5, 1)))
    item_save(
        user=coordinator, item=ResourceCommitment(case=case, organisation=org, description="En projektledare")
    )
    progress = progress_of("goals", coordinator, case)
    assert progress.complete and (progress.done, progress.total) == (5, 5) and progress.missing == []
    assert_links_resolve(progress, case)


def test_an_actor_map_without_contacts_has_no_deputy_credit(empty):
    coordinator, case = empty
    case.memberships.create(organisation=f.OrganisationFactory(), mandate="Mark", case_role="ager")
    progress = progress_of("actor_map", coordinator, case)
    deputy = next(c for c in progress.checks if str(c.label) == "Every contact person has a deputy")
    assert not deputy.met and deputy.detail == "No contact persons are named yet."


def test_progress_is_derived_from_its_checks():
    progress = Progress(
        [
            Check("A", True, "/a/"),
            Check("B", False, "/b/", "b is missing"),
            Check("C", False, "/c/", "b is missing"),
            Check("D", False, "/d/"),
        ]
    )
    assert (progress.done, progress.total, progress.percent) == (1, 4, 25)
    assert progress.missing == ["b is missing", "D"]
    assert [c.label for c in progress.unmet] == ["B", "C", "D"]
    assert not Progress([]).complete and Progress([]).percent == 0


# --- The overview reads what the moments share once ----------------------------------------------


def _as_said(moments) -> list:
    return [
        (m["number"], [(str(c.label), c.met, c.url, str(c.detail)) for c in m["progress"].checks])
        for m in moments
    ]


@pytest.mark.parametrize("username", ["samordnare", "kontakt", "lasare"])
def test_the_overview_shares_its_reads_and_says_the_same(username):
    """With ``CaseReads`` (the overview) every moment's checks read the case's facts in one query and
    its actors once: the same checks, the same words and links, in fewer queries."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from accounts import policy
    from establishments.selectors import CaseReads
    from establishments.slots import case_moments
    from tests.helpers import queries_of

    call_command("seed_demo", stdout=StringIO())
    user = get_user_model().objects.get(username=username)
    cases = list(policy.visible_cases(user, EstablishmentCase.objects.filter(is_drill=False)))
    assert cases
    compared = 0
    for case in cases:
        policy.forget(user)
        alone = case_moments(user=user, case=case)
        shared = case_moments(user=user, case=case, reads=CaseReads(case, user))
        assert _as_said(shared) == _as_said(alone), case
        compared += sum(m["progress"].total for m in alone)
        policy.role_of(user)  # the role is read with the request's user, not by the checks
        separate = queries_of(lambda case=case: case_moments(user=user, case=case))
        together = queries_of(
            lambda case=case: case_moments(user=user, case=case, reads=CaseReads(case, user))
        )
        assert together == separate - 3, (separate, together)  # two facts queries and the actors
    assert compared > 20
