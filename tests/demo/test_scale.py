"""``seed_demo --scale N``: N more cases, each with the same small world around it, and what a
national installation holds around them (``demo.scale``): every region's bodies, coordinator,
roster and rounds, workspaces, alarms, confidential cases with their grants, and history.

The demo and two scale runs (30 cases, then 20 more) are seeded once for the module, in a
transaction rolled back at its end; each test reads them inside its own (nested) transaction.
"""

from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from accounts import policy
from accounts.models import Confidentiality, RoleName, User
from actors.models import Organisation, Person, Region, Role
from alarms.core.models import Alarm, Recipient, Response
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.rosters.models import Channel, RosterEntry
from checklist.rounds.models import Participant, Round, RoutineAnswer
from competence.models import CompetenceGap, Intervention, LivingNeed
from demo.scale_plan import CONFIDENTIAL
from establishments.access import misfits
from establishments.models import (
    AccessChange,
    CaseMember,
    CaseUserObjectPermission,
    EstablishmentCase,
    PhaseChange,
    Signal,
    SignalUserObjectPermission,
)
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry
from workspace.plan.models import Action, CommitmentState
from workspace.routes.models import ContactRoute, RouteStep

pytestmark = pytest.mark.django_db

FIRST, SECOND = 30, 20
CANDIDATES = EstablishmentCase.candidate_municipalities.through
# Rows per scale case, whatever the case.
PER_CASE = {
    EstablishmentCase: 1,
    Organisation: 2,
    Person: 4,
    Role: 2,
    PhaseChange: 1,
    CANDIDATES: 1,
    Signal: 3,
}
# The fewest historical versions a record of each kind has.
VERSIONS = {EstablishmentCase: 28, Organisation: 3, Person: 4, Role: 2, Signal: 2, CaseMember: 1}
WORKSPACE = (
    Expectation, Milestone, ResourceCommitment, CompetenceGap, Intervention, LivingNeed, ContactRoute,
    RouteStep, Action, JournalEntry, FollowUp,
)  # fmt: skip


def history_total() -> int:
    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


def counts() -> dict:
    numbers = {model: model.objects.count() for model in [*PER_CASE, CaseMember, Alarm]}
    numbers |= {f"history of {m.__name__}": m.history.count() for m in VERSIONS}
    numbers |= {m: m.objects.count() for m in (CaseUserObjectPermission, SignalUserObjectPermission)}
    numbers |= {"rounds": Round.objects.count(), "regions' orgs": Organisation.objects.count(), "history": 0}
    numbers["history"] = history_total()
    return numbers


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo, 30 scale cases, then 20 more: the counts before and after the second run, and
    both runs' output."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        empty = counts()
        demo_alarms = list(Alarm.objects.values_list("pk", flat=True))
        out_first = StringIO()
        call_command("seed_demo", "--scale", str(FIRST), stdout=out_first)
        before = counts()
        out_second = StringIO()
        call_command("seed_demo", "--scale", str(SECOND), stdout=out_second)
        after = counts()
        yield {
            "empty": empty,
            "demo alarms": demo_alarms,
            "before": before,
            "after": after,
            "out": out_first.getvalue() + out_second.getvalue(),
        }
        transaction.set_rollback(True)


def scale_cases():
    return EstablishmentCase.objects.filter(name__startswith="Demoetablering ").order_by("name")


def number(case) -> int:
    return int(case.name.split()[1].rstrip(","))


def test_a_second_run_adds_the_promised_rows_per_case_and_numbers_on(world):
    before, after = world["before"], world["after"]
    for model, per_case in PER_CASE.items():
        assert after[model] - before[model] == SECOND * per_case, model
    numbers = range(FIRST + 1, FIRST + SECOND + 1)
    members = sum(2 + (n % 5 == 0) + 2 * (n % 10 == 0) for n in numbers)
    assert after[CaseMember] - before[CaseMember] == members
    # Every record has several versions, written in the past.
    for model, fewest in VERSIONS.items():
        added = after[f"history of {model.__name__}"] - before[f"history of {model.__name__}"]
        assert added >= fewest * (after[model] - before[model]), model
    assert after["history"] - before["history"] > 100 * SECOND
    assert "(Demoetablering 0001–0030)" in world["out"] and "(Demoetablering 0031–0050)" in world["out"]
    # What a region has once is made once: no new public bodies, rounds or coordinators.
    assert after["rounds"] == before["rounds"]
    assert after[Alarm] - before[Alarm] == SECOND // 10


def test_each_scale_case_has_its_own_small_world(world):
    cases = scale_cases().prefetch_related("signals", "memberships", "candidate_municipalities")
    assert cases.count() == FIRST + SECOND
    for case in cases:
        n = number(case)
        states = sorted(s.state for s in case.signals.all())
        assert states.count(Signal.State.LINKED) == 2, case
        members = {m.organisation_id for m in case.memberships.all()}
        assert case.company_id in members and len(members) == 2 + (n % 5 == 0) + 2 * (n % 10 == 0), case
        assert [m.pk for m in case.candidate_municipalities.all()] == [case.lead_municipality_id]
        assert case.region_id == case.lead_municipality.region_id
        assert case.created_at < case.updated_at and case.phase_started_at == case.created_at
        history = list(case.history.order_by("history_date"))
        assert history[0].history_type == "+" and {h.history_type for h in history[1:]} == {"~"}
        assert history[-1].description == case.description and history[-1].history_date == case.updated_at
    # The third signal of each case: new, under assessment or dismissed (as a duplicate), in turn.
    third = Signal.objects.filter(source_text__startswith="Förfrågan ", source_text__endswith="-2")
    assert Counter(third.values_list("state", flat=True)) == {
        Signal.State.NEW: 16,
        Signal.State.ASSESSING: 17,
        Signal.State.DISMISSED: 17,
    }
    assert all(s.dismissal_reason for s in third.filter(state=Signal.State.DISMISSED))
    # The company's contact holds a role; three in four have a deputy.
    roles = Role.objects.filter(organisation__establishment_cases__in=cases)
    assert roles.count() == FIRST + SECOND
    assert roles.filter(deputy__isnull=False).count() == sum(1 for n in range(1, 51) if n % 4)


def test_most_cases_lie_in_the_demo_regions_and_every_fourth_in_another_region_with_its_coordinator(world):
    regions = Counter(scale_cases().values_list("region__code", flat=True))
    assert regions["24"] + regions["21"] + regions["22"] == FIRST + SECOND - (FIRST + SECOND) // 4
    assert sum(n for code, n in regions.items() if code not in {"24", "21", "22"}) == (FIRST + SECOND) // 4
    for case in scale_cases().exclude(region__code__in=["24", "21", "22"]):
        assert case.coordinator.username == f"samordnare.{case.region.code}"
        assert policy.role_of(case.coordinator) == RoleName.COORDINATOR
        assert not case.coordinator.has_usable_password()
    coordinators = User.objects.filter(
        username__regex=r"^samordnare\.[0-9]{2}$", groups__name=RoleName.COORDINATOR
    )
    assert {u.region.code for u in coordinators} == set(Region.objects.values_list("code", flat=True))
    assert len(set(Region.objects.values_list("code", flat=True))) == 21
    # Every grant and case role fits its holder's role and place.
    assert misfits() == []


def test_every_tenth_case_has_a_full_workspace(world):
    for case in scale_cases():
        items = {model: model.objects.filter(case=case).count() for model in WORKSPACE}
        if number(case) % 10:
            assert not any(items.values()), case
            continue
        assert all(count >= 1 for count in items.values()), (case, items)
        assert CompetenceGap.objects.filter(case=case, occupation__level=4).count() == items[CompetenceGap]
        # The actor map: five members, each with a contact person and a role.
        assert case.memberships.filter(contact__isnull=False).count() == 5
        assert case.memberships.filter(case_role=CaseMember.CaseRole.LEAD).count() == 2
        for action in Action.objects.filter(case=case):
            assert case.memberships.filter(organisation=action.owner_organisation).exists()
            assert action.history.count() == action.version >= 3
    answered = Action.objects.filter(commitment=CommitmentState.ACCEPTED, case__in=scale_cases())
    assert answered.exists() and all(
        a.responded_by.organisation_id == a.owner_organisation_id for a in answered
    )


def test_the_alarms_have_recipients_deliveries_and_answers(world):
    alarms = Alarm.objects.exclude(pk__in=world["demo alarms"])
    assert alarms.count() == FIRST // 10 + SECOND // 10
    states = Counter(alarms.values_list("state", flat=True))
    assert states[Alarm.State.CLOSED] > states[Alarm.State.OPEN] >= 1
    for alarm in alarms:
        recipients = alarm.recipients.all()
        assert recipients.count() == RosterEntry.objects.filter(roster__region=alarm.region).count() >= 3
        deliveries = Delivery.objects.filter(alarm=alarm)
        assert deliveries.count() >= recipients.count()
        assert deliveries.filter(state=Delivery.State.SENT).count() >= 0.9 * deliveries.count()
        assert all(d.person is None or d.person.alarm_channels.exists() for d in deliveries)
        assert recipients.exclude(response=Response.PENDING).exists()
        assert alarm.raised_at < (alarm.closed_at or alarm.closes_at)
    inapp = Delivery.objects.filter(alarm__in=alarms, kind="inapp", state=Delivery.State.SENT)
    assert Notification.objects.filter(delivery__in=inapp).count() == inapp.count() > 0
    # The actor contact's organisation is on the demo regions' rosters: she follows their alarms.
    kontakt = User.objects.get(username="kontakt")
    assert policy.visible_alarms(kontakt, alarms).exists()
    assert Channel.objects.filter(person__user__username__regex=r"^samordnare\.[0-9]{2}$").exists()
    assert Recipient.objects.filter(alarm__in=alarms, next_step_at__isnull=False).count() == 0


def test_every_region_has_rounds_answered_by_part_of_its_organisations(world):
    for region in Region.objects.all():
        rounds = Round.objects.filter(region=region)
        assert rounds.count() >= 4, region
        participants = Participant.objects.filter(round__in=rounds)
        submitted = participants.filter(submitted_at__isnull=False)
        assert 0 < submitted.count() < participants.count(), region
    answers = RoutineAnswer.objects.filter(participant__submitted_at__isnull=False)
    assert not answers.filter(value="").exists()
    assert not answers.filter(value__in=["delvis", "nej"], plan_what="").exists()
    assert Round.objects.filter(closed_at__isnull=True).count() == 21


def test_restricted_and_confidential_cases_are_seen_as_the_policy_says(world):
    samordnare, kontakt, lasare, tjansteman = (
        User.objects.get(username=u) for u in ("samordnare", "kontakt", "lasare", "tjansteman")
    )
    cases = scale_cases()
    restricted = cases.filter(confidentiality=Confidentiality.RESTRICTED)
    confidential = cases.filter(confidentiality=Confidentiality.CONFIDENTIAL)
    assert restricted.exists() and confidential.count() == sum(
        1 for n in range(1, 51) if n % 60 in CONFIDENTIAL
    )
    assert all(c.code_name for c in confidential)
    for case in confidential:
        team = {case.coordinator_id, case.deputy_id}
        granted = set(
            CaseUserObjectPermission.objects.filter(
                content_object=case, permission__codename=policy.CHANGE_CASE
            ).values_list("user_id", flat=True)
        )
        assert granted == team, case
        for signal in case.signals.all():
            assert signal.confidentiality == Confidentiality.CONFIDENTIAL
            holders = set(signal.signaluserobjectpermission_set.values_list("user_id", flat=True))
            assert team <= holders
    by_number = {number(c): c for c in cases}
    hidden, granted_case = by_number[15], by_number[9]
    assert hidden.region.code == granted_case.region.code == "24"
    assert hidden.coordinator.username == granted_case.coordinator.username == "samordnare.24"
    assert AccessChange.objects.filter(case=granted_case, user=samordnare).exists()

    visible = set(policy.visible_cases(samordnare, cases))
    assert hidden not in visible and granted_case in visible and by_number[6] in visible
    expected = {
        c
        for c in cases
        if (c.confidentiality != Confidentiality.CONFIDENTIAL and c.region.code == "24")
        or CaseUserObjectPermission.objects.filter(content_object=c, user=samordnare).exists()
    }
    assert visible == expected and len(visible) >= 10
    # A reader does not see restricted cases; the actor contact sees the cases of her organisation,
    # the confidential ones only where she was granted them (case 25), not case 15.
    assert not set(policy.visible_cases(lasare, restricted))
    seen = set(policy.visible_cases(kontakt, cases))
    assert seen and all(c.memberships.filter(organisation=kontakt.organisation).exists() for c in seen)
    assert by_number[25] in seen and hidden not in seen
    assert any(c.confidentiality == Confidentiality.RESTRICTED for c in seen)
    # The official sees the cases in his municipality.
    assert any(
        c.lead_municipality_id == tjansteman.municipality_id for c in policy.visible_cases(tjansteman, cases)
    )
