"""services.alarm_close and close_expired: a coordinator closes an alarm, or its time runs out;
after that nothing is sent, escalated or answered."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alarms.answering.services import alarm_close
from alarms.core.models import Alarm, AlarmEvent, AlarmKind, EventKind, Recipient
from alarms.delivery.models import Delivery
from alarms.delivery.services import deliver, sweep_outbox
from alarms.escalation.services import close_expired
from alarms.raising.services import alarm_raise, note_add
from alarms.rosters.services import roster_for
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def alarm():
    f.roster_entry("24", channels=("email", "webhook"))
    f.roster_entry("24", deputy=False)
    return alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="Övning"
    )


def still_open(alarm) -> bool:
    fresh = Alarm.objects.get(pk=alarm.pk)
    return (
        fresh.is_open
        and fresh.closed_at is None
        and not AlarmEvent.objects.filter(alarm=alarm, kind=EventKind.CLOSED).exists()
        and not alarm.deliveries.filter(state=Delivery.State.CANCELLED).exists()
        and not alarm.recipients.filter(next_step_at__isnull=True).exists()
    )


def test_a_coordinator_closes_the_alarm(alarm):
    coordinator = f.coordinator("24")
    sent = alarm.deliveries.filter(kind="email").first()
    deliver(sent.pk)
    now = timezone.now()

    alarm_close(alarm=alarm, user=coordinator, note="  Alla på plats ", now=now)

    fresh = Alarm.objects.get(pk=alarm.pk)
    assert fresh.state == Alarm.State.CLOSED and not fresh.is_open
    assert (fresh.closed_at, fresh.closed_by, fresh.close_note) == (now, coordinator, "Alla på plats")
    states = set(alarm.deliveries.exclude(pk=sent.pk).values_list("state", flat=True))
    assert states == {Delivery.State.CANCELLED}
    assert Delivery.objects.get(pk=sent.pk).state == Delivery.State.SENT
    assert not Recipient.objects.filter(alarm=alarm, next_step_at__isnull=False).exists()
    event = AlarmEvent.objects.get(alarm=alarm, kind=EventKind.CLOSED)
    assert (event.user, event.at, event.text) == (coordinator, now, "Alla på plats")
    assert fresh.history.first().history_user == coordinator


def test_an_administrator_may_close_it(alarm):
    alarm_close(alarm=alarm, user=f.admin())

    assert not Alarm.objects.get(pk=alarm.pk).is_open


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: f.official("2482"),
        lambda: f.reader("24"),
        lambda: f.contact(),
        lambda: f.coordinator("21"),
        lambda: f.coordinator("24", is_active=False),
    ],
    ids=["official", "reader", "contact", "coordinator-elsewhere", "inactive-coordinator"],
)
def test_it_refuses_everyone_but_the_regions_coordinators(alarm, make_user):
    with pytest.raises(PermissionDenied):
        alarm_close(alarm=alarm, user=make_user())
    assert still_open(alarm)


def test_the_official_who_raised_it_may_not_close_it(alarm):
    with pytest.raises(PermissionDenied):
        alarm_close(alarm=alarm, user=alarm.raised_by)
    assert still_open(alarm)


def test_closing_twice_is_refused(alarm):
    coordinator = f.coordinator("24")
    alarm_close(alarm=alarm, user=coordinator, note="Klart")

    with pytest.raises(ValidationError):
        alarm_close(alarm=alarm, user=coordinator, note="Igen")

    fresh = Alarm.objects.get(pk=alarm.pk)
    assert fresh.close_note == "Klart"
    assert AlarmEvent.objects.filter(alarm=alarm, kind=EventKind.CLOSED).count() == 1


def test_nothing_is_sent_after_closing(alarm):
    ids = list(alarm.deliveries.values_list("pk", flat=True))
    alarm_close(alarm=alarm, user=f.coordinator("24"))

    assert not any(deliver(pk) for pk in ids)
    assert sweep_outbox(now=timezone.now() + timedelta(hours=1)) == 0


def test_an_alarm_whose_time_is_up_closes_itself(alarm):
    when = alarm.closes_at
    other = alarm_raise(
        user=f.official("2482"),
        municipality=f.municipality("2482"),
        kind="etablering",
        message="Nyare",
        now=timezone.now() + timedelta(hours=1),
    )

    assert close_expired(now=when) == 1
    fresh = Alarm.objects.get(pk=alarm.pk)
    assert fresh.state == Alarm.State.CLOSED and fresh.closed_by is None and fresh.closed_at == when
    assert not alarm.deliveries.filter(state=Delivery.State.QUEUED).exists()
    event = AlarmEvent.objects.get(alarm=alarm, kind=EventKind.CLOSED)
    assert event.user is None and event.text
    assert Alarm.objects.get(pk=other.pk).is_open


def test_close_expired_leaves_alarms_with_time_left(alarm):
    assert close_expired(now=alarm.closes_at - timedelta(seconds=1)) == 0
    assert still_open(alarm)


def test_close_expired_skips_alarms_already_closed(alarm):
    alarm_close(alarm=alarm, user=f.coordinator("24"))

    assert close_expired(now=alarm.closes_at + timedelta(days=1)) == 0
    assert AlarmEvent.objects.filter(alarm=alarm, kind=EventKind.CLOSED).count() == 1


def test_closes_at_follows_the_rosters_auto_close_hours():
    f.roster_entry("24")
    roster = roster_for(f.region("24"))
    roster.auto_close_hours = 5
    roster.save()
    now = timezone.now()

    alarm = alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind="varsel", message="Varsel", now=now
    )

    assert alarm.closes_at == now + timedelta(hours=5)
    assert close_expired(now=now + timedelta(hours=5)) == 1


def test_the_checklist_takes_no_notes_after_closing(alarm):
    coordinator = f.coordinator("24")
    alarm_close(alarm=alarm, user=coordinator)

    with pytest.raises(ValidationError):
        note_add(user=coordinator, alarm=Alarm.objects.get(pk=alarm.pk), question=1, text="Fakta")
    assert not alarm.notes.exists()
