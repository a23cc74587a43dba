"""services.escalate_due: silence climbs primary → deputy → the region's coordinators, the whole
chain repeated at most ``max_repeats`` times; answered or closed alarms never escalate."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext

from alarms.answering.services import alarm_close, recipient_answer
from alarms.core.models import AlarmEvent, AlarmKind, EventKind, Recipient, Step
from alarms.delivery.models import Delivery
from alarms.escalation.services import escalate_due
from alarms.inbox.models import Notification
from alarms.raising.services import alarm_raise
from alarms.rosters.models import Roster
from alarms.rosters.services import roster_for
from tests import factories as f

pytestmark = pytest.mark.django_db

N, M = 10, 5  # deputy after N minutes; coordinators M minutes after that


def set_policy(max_repeats=1, region="24"):
    roster = roster_for(f.region(region))
    Roster.objects.filter(pk=roster.pk).update(
        deputy_after_minutes=N, coordinator_after_minutes=M, max_repeats=max_repeats
    )


def raise_at(t0, kind=AlarmKind.ESTABLISHMENT):
    return alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind=kind, message="Larm", now=t0
    )


def minutes(t0, n):
    return t0 + timedelta(minutes=n)


@pytest.fixture
def t0():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def entry():
    set_policy()
    return f.roster_entry("24", channels=("email", "webhook"))


def recipient_of(alarm) -> Recipient:
    return Recipient.objects.get(alarm=alarm)


def events(alarm, kind):
    return list(AlarmEvent.objects.filter(alarm=alarm, kind=kind).order_by("at", "pk"))


# --- Step by step ------------------------------------------------------------------------------


def test_nothing_escalates_before_it_is_due(entry, t0):
    alarm = raise_at(t0)

    assert escalate_due(now=minutes(t0, N) - timedelta(seconds=1)) == 0

    recipient = recipient_of(alarm)
    assert recipient.step == Step.PRIMARY and recipient.escalated_at is None
    assert alarm.deliveries.count() == 2 and not events(alarm, EventKind.ESCALATED)


def test_a_silent_primary_is_followed_by_the_deputy(entry, t0):
    alarm = raise_at(t0)

    assert escalate_due(now=minutes(t0, N)) == 1

    recipient = recipient_of(alarm)
    assert (recipient.step, recipient.round) == (Step.DEPUTY, 0)
    assert recipient.escalated_at == minutes(t0, N)
    assert recipient.next_step_at == minutes(t0, N + M)
    to_deputy = alarm.deliveries.filter(step=Step.DEPUTY)
    assert sorted(to_deputy.values_list("kind", flat=True)) == ["email", "webhook"]
    assert {d.person for d in to_deputy} == {entry.deputy}
    assert all(d.state == Delivery.State.QUEUED and d.round == 0 for d in to_deputy)
    (event,) = events(alarm, EventKind.ESCALATED)
    assert event.recipient == recipient and event.at == minutes(t0, N)
    assert entry.deputy.name in event.text


def test_the_deputys_messages_are_sent_after_commit(entry, t0, django_capture_on_commit_callbacks):
    alarm = raise_at(t0)

    with django_capture_on_commit_callbacks(execute=True):
        escalate_due(now=minutes(t0, N))

    assert [m.to for m in mail.outbox] == [[entry.deputy.email]]
    assert alarm.deliveries.get(step=Step.DEPUTY, kind="email").state == Delivery.State.SENT


def test_escalating_twice_at_the_same_time_escalates_once(entry, t0):
    alarm = raise_at(t0)

    assert escalate_due(now=minutes(t0, N)) == 1
    assert escalate_due(now=minutes(t0, N)) == 0

    assert alarm.deliveries.filter(step=Step.DEPUTY).count() == 2
    assert len(events(alarm, EventKind.ESCALATED)) == 1


def test_after_the_deputy_the_regions_coordinators_are_alarmed(entry, t0):
    plain = f.coordinator("24", email="samordnare@example.se")  # no person: e-mail and in-app
    linked = f.coordinator("24", email="linked@example.se")
    person = f.PersonFactory(user=linked)
    channel = f.ChannelFactory(person=person, kind="webhook", target="https://hooks.example.se/samordnare")
    f.coordinator("24", is_active=False)
    f.coordinator("21")
    alarm = raise_at(t0)
    escalate_due(now=minutes(t0, N))

    assert escalate_due(now=minutes(t0, N + M)) == 1

    recipient = recipient_of(alarm)
    assert (recipient.step, recipient.round) == (Step.COORDINATOR, 0)
    assert recipient.next_step_at == minutes(t0, N + M + N)
    to_coordinators = alarm.deliveries.filter(step=Step.COORDINATOR)
    # A linked person's channels carry the user only for the inbox; the person names the coordinator.
    assert sorted((d.user_id or d.person.user_id, d.kind, d.target) for d in to_coordinators) == sorted(
        [
            (plain.pk, "email", "samordnare@example.se"),
            (plain.pk, "inapp", ""),
            (linked.pk, "webhook", channel.target),
        ]
    )
    assert to_coordinators.get(kind="webhook").person == person
    assert "(2)" in events(alarm, EventKind.ESCALATED)[-1].text


def test_the_coordinators_messages_reach_their_inbox_and_mail(entry, t0, django_capture_on_commit_callbacks):
    coordinator = f.coordinator("24", email="samordnare@example.se")
    alarm = raise_at(t0)
    escalate_due(now=minutes(t0, N))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        escalate_due(now=minutes(t0, N + M))

    assert [m.to for m in mail.outbox] == [["samordnare@example.se"]]
    assert str(entry.organisation) in mail.outbox[0].subject
    notification = Notification.objects.get(user=coordinator)
    assert notification.alarm == alarm


def test_a_coordinator_without_an_email_address_gets_the_inbox_only(entry, t0):
    coordinator = f.coordinator("24", email="")
    alarm = raise_at(t0)

    escalate_due(now=minutes(t0, N))
    escalate_due(now=minutes(t0, N + M))

    assert list(alarm.deliveries.filter(user=coordinator).values_list("kind", flat=True)) == ["inapp"]


def test_the_whole_chain_repeats_at_most_max_repeats_times_then_stops(entry, t0):
    f.coordinator("24")
    alarm = raise_at(t0)
    steps = []
    now = t0
    for _i in range(12):
        recipient = recipient_of(alarm)
        if recipient.next_step_at is None:
            break
        now = recipient.next_step_at
        escalate_due(now=now)
        recipient.refresh_from_db()
        steps.append((recipient.step, recipient.round))

    assert steps == [
        (Step.DEPUTY, 0),
        (Step.COORDINATOR, 0),
        (Step.DEPUTY, 1),  # the repeat: primary and deputy again
        (Step.COORDINATOR, 1),
        (Step.COORDINATOR, 1),  # exhausted
    ]
    assert len(events(alarm, EventKind.ESCALATED)) == 4
    (exhausted,) = events(alarm, EventKind.EXHAUSTED)
    assert exhausted.at == now
    repeat = alarm.deliveries.filter(round=1).exclude(step=Step.COORDINATOR)
    assert sorted((d.person_id, d.step) for d in repeat) == sorted(
        [(entry.primary_id, Step.PRIMARY)] * 2 + [(entry.deputy_id, Step.DEPUTY)] * 2
    )
    count = alarm.deliveries.count()
    assert escalate_due(now=now + timedelta(days=1)) == 0
    assert alarm.deliveries.count() == count


def test_with_no_repeats_the_chain_ends_after_the_coordinators(t0):
    set_policy(max_repeats=0)
    f.roster_entry("24")
    alarm = raise_at(t0)
    escalate_due(now=minutes(t0, N))
    escalate_due(now=minutes(t0, N + M))

    escalate_due(now=minutes(t0, N + M + N))

    assert recipient_of(alarm).next_step_at is None
    assert len(events(alarm, EventKind.EXHAUSTED)) == 1
    assert not alarm.deliveries.filter(round=1).exists()


# --- Shortcuts and stops -----------------------------------------------------------------------


def test_without_a_deputy_it_goes_straight_to_the_coordinators(t0):
    set_policy()
    f.roster_entry("24", deputy=False)
    coordinator = f.coordinator("24")
    alarm = raise_at(t0)

    escalate_due(now=minutes(t0, N))

    recipient = recipient_of(alarm)
    assert recipient.step == Step.COORDINATOR
    assert set(alarm.deliveries.filter(step=Step.COORDINATOR).values_list("user", flat=True)) == {
        coordinator.pk
    }
    assert not alarm.deliveries.filter(step=Step.DEPUTY).exists()


def test_an_unreachable_deputy_is_skipped(t0):
    set_policy()
    entry = f.roster_entry("24")
    entry.deputy.alarm_channels.update(is_enabled=False)
    f.coordinator("24")
    alarm = raise_at(t0)

    escalate_due(now=minutes(t0, N))

    assert recipient_of(alarm).step == Step.COORDINATOR
    assert not alarm.deliveries.filter(person=entry.deputy).exists()


def test_the_repeat_skips_an_unreachable_deputy(t0):
    set_policy()
    entry = f.roster_entry("24")
    f.coordinator("24")
    alarm = raise_at(t0)
    escalate_due(now=minutes(t0, N))
    escalate_due(now=minutes(t0, N + M))
    entry.deputy.alarm_channels.update(is_enabled=False)

    escalate_due(now=minutes(t0, N + M + N))

    recipient = recipient_of(alarm)
    assert (recipient.step, recipient.round) == (Step.PRIMARY, 1)
    assert set(alarm.deliveries.filter(round=1).values_list("person", flat=True)) == {entry.primary_id}


def test_an_organisation_that_answered_is_never_escalated(entry, t0):
    alarm = raise_at(t0)
    recipient_answer(recipient=recipient_of(alarm), response="mobilising", user=f.coordinator("24"))

    assert escalate_due(now=minutes(t0, 1000)) == 0

    assert not alarm.deliveries.exclude(step=Step.PRIMARY).exists()
    assert not events(alarm, EventKind.ESCALATED)


def test_an_answer_between_steps_stops_the_chain(entry, t0):
    alarm = raise_at(t0)
    escalate_due(now=minutes(t0, N))
    recipient_answer(
        recipient=recipient_of(alarm), response="declined", reason="Ingen kan", user=f.coordinator("24")
    )

    assert escalate_due(now=minutes(t0, N + M)) == 0
    assert not alarm.deliveries.filter(step=Step.COORDINATOR).exists()


def test_a_closed_alarm_never_escalates(entry, t0):
    alarm = raise_at(t0)
    alarm_close(alarm=alarm, user=f.coordinator("24"), now=minutes(t0, 1))

    assert escalate_due(now=minutes(t0, 1000)) == 0
    assert not events(alarm, EventKind.ESCALATED)


def test_an_alarm_closed_without_clearing_its_steps_still_never_escalates(entry, t0):
    """Belt and braces: the state, not only the cleared step time, stops escalation."""
    alarm = raise_at(t0)
    type(alarm).objects.filter(pk=alarm.pk).update(state="closed")

    assert escalate_due(now=minutes(t0, 1000)) == 0


def test_it_escalates_each_silent_organisation_on_its_own(t0):
    set_policy()
    silent, answering = f.roster_entry("24"), f.roster_entry("24")
    alarm = raise_at(t0)
    recipient_answer(
        recipient=alarm.recipients.get(organisation=answering.organisation),
        response="mobilising",
        user=f.contact(answering.organisation),
    )

    assert escalate_due(now=minutes(t0, N)) == 1

    escalated = alarm.recipients.get(organisation=silent.organisation)
    assert escalated.step == Step.DEPUTY
    assert alarm.recipients.get(organisation=answering.organisation).step == Step.PRIMARY


def test_the_policy_snapshot_of_the_alarm_decides_the_timing(entry, t0):
    alarm = raise_at(t0)
    Roster.objects.update(deputy_after_minutes=1, coordinator_after_minutes=1)

    escalate_due(now=minutes(t0, N))

    assert recipient_of(alarm).next_step_at == minutes(t0, N + M)


def test_a_drill_escalates_like_an_alarm_and_stays_marked(entry, t0, django_capture_on_commit_callbacks):
    alarm = raise_at(t0, kind=AlarmKind.DRILL)

    with django_capture_on_commit_callbacks(execute=True):
        escalate_due(now=minutes(t0, N))

    assert recipient_of(alarm).step == Step.DEPUTY
    drill = gettext("THIS IS A DRILL.")
    assert mail.outbox and all(drill in m.body for m in mail.outbox)
