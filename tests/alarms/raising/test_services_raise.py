"""services.alarm_raise: who may raise, what is refused, and what one raise writes (alarm, one
recipient per roster entry, one outbox row per working channel of each primary contact)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.test import override_settings
from django.utils import timezone

from alarms.core.models import Alarm, AlarmEvent, AlarmKind, EventKind, Recipient, Step
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.raising.services import alarm_raise
from alarms.rosters.models import ChannelKind, Roster
from alarms.rosters.services import roster_for, roster_policy_save
from establishments import services as case_services
from tests import factories as f

pytestmark = pytest.mark.django_db


def raise_alarm(user, code="2482", kind=AlarmKind.ESTABLISHMENT, message="Batterifabrik söker mark", **kw):
    return alarm_raise(user=user, municipality=f.municipality(code), kind=kind, message=message, **kw)


def nothing_written():
    return (
        Alarm.objects.count(),
        Recipient.objects.count(),
        Delivery.objects.count(),
        AlarmEvent.objects.count(),
    ) == (0, 0, 0, 0)


@pytest.fixture
def roster24():
    return [f.roster_entry("24"), f.roster_entry("24", deputy=False)]


# --- Who may raise -----------------------------------------------------------------------------


def test_an_official_raises_for_their_own_municipality(roster24):
    official = f.official("2482")

    alarm = raise_alarm(official, "2482")

    assert alarm.region.code == "24" and alarm.municipality.code == "2482"
    assert alarm.raised_by == official and alarm.is_open


def test_it_refuses_an_official_of_another_municipality(roster24):
    with pytest.raises(PermissionDenied):
        raise_alarm(f.official("2480"), "2482")
    assert nothing_written()


def test_a_coordinator_raises_anywhere_in_their_region(roster24):
    alarm = raise_alarm(f.coordinator("24"), "2480")

    assert alarm.municipality.code == "2480"


def test_it_refuses_a_coordinator_of_another_region(roster24):
    with pytest.raises(PermissionDenied):
        raise_alarm(f.coordinator("21"), "2482")
    assert nothing_written()


def test_an_administrator_raises_anywhere(roster24):
    assert raise_alarm(f.admin(), "2482").pk


@pytest.mark.parametrize("make_user", [lambda: f.reader("24"), lambda: f.contact()])
def test_it_refuses_readers_and_actor_contacts(roster24, make_user):
    with pytest.raises(PermissionDenied):
        raise_alarm(make_user(), "2482")
    assert nothing_written()


def test_it_refuses_a_deactivated_official(roster24):
    official = f.official("2482", is_active=False)

    with pytest.raises(PermissionDenied):
        raise_alarm(official, "2482")
    assert nothing_written()


def test_it_refuses_a_case_the_user_cannot_see(roster24):
    coordinator, deputy = f.coordinator("24"), f.coordinator("24")
    case = case_services.case_create(
        user=coordinator,
        name="Datahallen",
        code_name="Projekt Nordljus",
        company=f.CompanyFactory(),
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=deputy,
    )

    with pytest.raises(PermissionDenied):
        raise_alarm(f.official("2482"), "2482", case=case)
    assert nothing_written()
    assert raise_alarm(coordinator, "2482", case=case).case == case  # granted: allowed


def test_it_refuses_a_signal_the_user_cannot_see(roster24):
    signal = f.SignalFactory(municipality=f.municipality("2180"))

    with pytest.raises(PermissionDenied):
        raise_alarm(f.official("2482"), "2482", signal=signal)
    assert nothing_written()


def test_it_raises_on_a_visible_signal(roster24):
    signal = f.SignalFactory(municipality=f.municipality("2482"))

    assert raise_alarm(f.official("2482"), "2482", signal=signal).signal == signal


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("message", ["", "   \n "])
def test_it_refuses_an_empty_message(roster24, message):
    with pytest.raises(ValidationError) as exc:
        raise_alarm(f.official("2482"), message=message)
    assert "message" in exc.value.message_dict
    assert nothing_written()


def test_it_refuses_a_message_that_is_too_long(roster24):
    with pytest.raises(ValidationError):
        raise_alarm(f.official("2482"), message="x" * 1001)
    assert nothing_written()


def test_it_refuses_an_unknown_kind(roster24):
    with pytest.raises(ValidationError) as exc:
        raise_alarm(f.official("2482"), kind="brand")
    assert "kind" in exc.value.message_dict
    assert nothing_written()


def test_it_refuses_a_region_without_a_roster():
    official = f.official("2180")

    with pytest.raises(ValidationError) as exc:
        raise_alarm(official, "2180")
    assert "Gävleborg" in exc.value.messages[0]
    assert nothing_written()
    assert Roster.objects.count() == 0  # asking did not create an empty roster either


def test_it_refuses_a_roster_with_no_entries():
    roster_for(f.region("21"))

    with pytest.raises(ValidationError):
        raise_alarm(f.official("2180"), "2180")
    assert nothing_written()


def test_a_failure_midway_writes_nothing_at_all(roster24):
    """The alarm, its recipients and its outbox are one transaction: all or nothing."""
    with (
        mock.patch.object(AlarmEvent.objects, "create", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        raise_alarm(f.official("2482"))
    assert nothing_written()


# --- What a raise writes -----------------------------------------------------------------------


def test_it_writes_one_recipient_per_roster_entry_with_the_policy_snapshot():
    a, b = f.roster_entry("24"), f.roster_entry("24", deputy=False)
    f.roster_entry("21")  # another region's roster is not alarmed
    roster = roster_for(f.region("24"))
    Roster.objects.filter(pk=roster.pk).update(
        deputy_after_minutes=5, coordinator_after_minutes=7, max_repeats=3, auto_close_hours=24
    )
    now = timezone.now()

    alarm = raise_alarm(f.official("2482"), now=now)

    recipients = list(alarm.recipients.order_by("position"))
    assert [(r.organisation, r.primary, r.deputy) for r in recipients] == [
        (a.organisation, a.primary, a.deputy),
        (b.organisation, b.primary, None),
    ]
    assert [r.position for r in recipients] == [1, 2]
    assert all(r.next_step_at == now + timedelta(minutes=5) for r in recipients)
    assert all(r.step == Step.PRIMARY and r.round == 0 and r.escalated_at is None for r in recipients)
    assert all(r.response == "pending" and r.first_delivered_at is None for r in recipients)
    assert (alarm.deputy_after_minutes, alarm.coordinator_after_minutes, alarm.max_repeats) == (5, 7, 3)
    assert alarm.closes_at == now + timedelta(hours=24)


def test_a_later_policy_change_does_not_move_a_raised_alarm(roster24):
    alarm = raise_alarm(f.official("2482"))
    roster = roster_for(f.region("24"))
    roster.deputy_after_minutes = 1
    roster_policy_save(user=f.coordinator("24"), roster=roster)

    alarm.refresh_from_db()
    assert alarm.deputy_after_minutes == 10


def test_it_follows_the_roster_order():
    second, first = f.roster_entry("24"), f.roster_entry("24")
    second.position, first.position = 2, 1
    second.save()
    first.save()

    alarm = raise_alarm(f.official("2482"))

    assert [r.organisation for r in alarm.recipients.order_by("position")] == [
        first.organisation,
        second.organisation,
    ]


def test_it_writes_one_delivery_per_working_channel_of_the_primary_only():
    user = f.contact()
    entry = f.roster_entry(
        "24", organisation=user.organisation, channels=("email", "webhook", "inapp"), user_for_primary=user
    )

    alarm = raise_alarm(f.official("2482"))

    deliveries = list(alarm.deliveries.order_by("pk"))
    assert sorted(d.kind for d in deliveries) == ["email", "inapp", "webhook"]
    assert {d.person for d in deliveries} == {entry.primary}  # the deputy waits for escalation
    assert all(d.step == Step.PRIMARY and d.round == 0 for d in deliveries)
    # E-mail and webhook wait for a worker; the in-app message is in the inbox already.
    assert {d.kind: d.state for d in deliveries} == {
        "email": Delivery.State.QUEUED,
        "webhook": Delivery.State.QUEUED,
        "inapp": Delivery.State.SENT,
    }
    assert all(d.channel.person == entry.primary and d.target == d.channel.target for d in deliveries)
    assert alarm.deliveries.get(kind="inapp").user == user
    assert alarm.deliveries.get(kind="email").user is None
    assert len({d.key for d in deliveries}) == 3


def test_it_skips_channels_that_cannot_carry_the_alarm():
    entry = f.roster_entry("24", channels=("email",))
    primary = entry.primary
    working = primary.alarm_channels.get()
    f.ChannelFactory(person=primary, kind="email", target="off@example.se", is_enabled=False)
    f.ChannelFactory(person=primary, kind="sms", target="+46701234567")  # no gateway configured
    f.ChannelFactory(person=primary, kind="inapp", target="")  # no user account
    f.ChannelFactory(
        person=primary,
        kind="webhook",
        target="https://hooks.example.se/broken",
        last_failure_at=timezone.now(),
        last_failure="HTTP 404 from the receiver",
    )

    alarm = raise_alarm(f.official("2482"))

    assert [d.channel for d in alarm.deliveries.all()] == [working]


def test_it_skips_the_inbox_of_a_person_whose_account_is_deactivated():
    user = f.contact(is_active=False)
    f.roster_entry("24", organisation=user.organisation, channels=("email", "inapp"), user_for_primary=user)

    alarm = raise_alarm(f.official("2482"))

    assert [d.kind for d in alarm.deliveries.all()] == [ChannelKind.EMAIL]


@override_settings(SMS_GATEWAY_URL="https://sms.example.se/a1/sms")
def test_it_sends_sms_when_a_gateway_is_configured():
    f.roster_entry("24", channels=("sms",))

    alarm = raise_alarm(f.official("2482"))

    assert [d.kind for d in alarm.deliveries.all()] == [ChannelKind.SMS]


def test_an_organisation_whose_primary_cannot_be_reached_goes_to_the_deputy_at_once():
    entry = f.roster_entry("24", channels=("email",))
    entry.primary.alarm_channels.update(is_enabled=False)

    alarm = raise_alarm(f.official("2482"))

    recipient = alarm.recipients.get()
    assert recipient.step == Step.DEPUTY and recipient.escalated_at == alarm.raised_at
    assert set(recipient.deliveries.values_list("person", flat=True)) == {entry.deputy.pk}
    assert recipient.next_step_at == alarm.raised_at + timedelta(minutes=alarm.coordinator_after_minutes)
    assert alarm.events.filter(kind="escalated", recipient=recipient).exists()


def test_an_organisation_nobody_of_which_can_be_reached_goes_to_the_coordinators_at_once():
    entry = f.roster_entry("24", deputy=False, channels=("email",))
    entry.primary.alarm_channels.update(is_enabled=False)
    coordinator = f.coordinator("24", email="samordnare@example.se")

    alarm = raise_alarm(f.official("2482"))

    recipient = alarm.recipients.get()
    assert recipient.step == Step.COORDINATOR
    assert set(recipient.deliveries.values_list("user", flat=True)) == {coordinator.pk}
    assert recipient.next_step_at == alarm.raised_at + timedelta(minutes=alarm.deputy_after_minutes)


def test_nothing_leaves_before_the_raise_commits_and_the_inbox_has_it_at_once(
    django_capture_on_commit_callbacks,
):
    user = f.contact()
    f.roster_entry("24", organisation=user.organisation, channels=("email", "inapp"), user_for_primary=user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alarm = raise_alarm(f.official("2482"))

        assert mail.outbox == []
        # The in-app message needs no broker: written in the raise's own transaction.
        assert Notification.objects.filter(user=user, alarm=alarm).count() == 1
        assert dict(alarm.deliveries.values_list("kind", "state")) == {
            "email": Delivery.State.QUEUED,
            "inapp": Delivery.State.SENT,
        }
    assert len(callbacks) == 1

    callbacks[0]()

    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=user, alarm=alarm).count() == 1
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_it_publishes_every_delivery_after_commit(django_capture_on_commit_callbacks):
    for _i in range(3):
        f.roster_entry("24", channels=("email", "webhook"))

    with (
        mock.patch("alarms.tasks.deliver_batch.apply_async", autospec=True) as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        alarm = raise_alarm(f.official("2482"))
        assert apply_async.call_count == 0

    published = [pk for call in apply_async.call_args_list for pk in call.kwargs["args"][0]]
    assert sorted(published) == sorted(alarm.deliveries.values_list("pk", flat=True))
    assert len(published) == 6


def test_the_raise_is_recorded_with_who_and_when(roster24):
    official = f.official("2482")
    now = timezone.now() - timedelta(seconds=5)

    alarm = raise_alarm(official, now=now)

    event = alarm.events.get()
    assert (event.kind, event.user, event.at) == (EventKind.RAISED, official, now)
    assert "2" in event.text  # how many organisations were alarmed
    assert (alarm.raised_by, alarm.raised_at) == (official, now)
    history = alarm.history.get()
    assert history.history_user == official
    assert history.history_type == "+"
    assert history.history_change_reason


def test_a_drill_is_a_drill(roster24):
    alarm = raise_alarm(f.coordinator("24"), kind=AlarmKind.DRILL, message="Övning")

    assert alarm.is_drill
    assert not raise_alarm(f.coordinator("24")).is_drill


def test_the_message_is_stored_trimmed(roster24):
    alarm = raise_alarm(f.official("2482"), message="  Batterifabrik  \n")

    assert alarm.message == "Batterifabrik"


def test_a_drill_case_raises_drill_alarms_only():
    f.roster_entry("24")
    coordinator = f.coordinator("24")
    case = f.CaseFactory(coordinator=coordinator)
    type(case).objects.filter(pk=case.pk).update(is_drill=True)
    case.refresh_from_db()

    with pytest.raises(ValidationError):
        alarm_raise(
            user=coordinator, municipality=case.lead_municipality, kind="etablering", message="x", case=case
        )
    assert not Alarm.objects.exists()
    alarm = alarm_raise(
        user=coordinator, municipality=case.lead_municipality, kind="ovning", message="x", case=case
    )
    assert alarm.is_drill
