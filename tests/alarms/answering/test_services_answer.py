"""services.recipient_answer: "we mobilise" or "cannot" with a reason, from the app or from the
one-click link; an answer stops every queued message and escalation step for the organisation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alarms.answering.services import AlreadyAnswered, alarm_close, recipient_answer
from alarms.core.models import AlarmEvent, AlarmKind, EventKind, Recipient, Response
from alarms.delivery.models import Delivery
from alarms.escalation.services import escalate_due
from alarms.raising.services import alarm_raise
from alarms.rosters.models import ChannelKind
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs():
    """Two organisations on region 24's roster; ``user`` is the first one's actor contact."""
    user = f.contact()
    mine = f.roster_entry(
        "24", organisation=user.organisation, channels=("email", "inapp"), user_for_primary=user
    )
    other = f.roster_entry("24", channels=("email",))
    alarm = alarm_raise(
        user=f.official("2482"),
        municipality=f.municipality("2482"),
        kind=AlarmKind.ESTABLISHMENT,
        message="Larm",
    )
    return {
        "user": user,
        "alarm": alarm,
        "mine": alarm.recipients.get(organisation=mine.organisation),
        "other": alarm.recipients.get(organisation=other.organisation),
    }


def unchanged(recipient: Recipient) -> bool:
    fresh = Recipient.objects.get(pk=recipient.pk)
    return (
        fresh.response == Response.PENDING
        and fresh.responded_at is None
        and fresh.next_step_at == recipient.next_step_at
        and not fresh.deliveries.exclude(kind=ChannelKind.INAPP).exclude(state=Delivery.State.QUEUED).exists()
        and not AlarmEvent.objects.filter(recipient=recipient).exists()
    )


# --- Mobilising and declining ------------------------------------------------------------------


def test_a_contact_mobilises_their_organisation_and_says_who_comes(two_orgs):
    now = timezone.now()

    answered = recipient_answer(
        recipient=two_orgs["mine"],
        response=Response.MOBILISING,
        who_comes="  Anna och Per ",
        user=two_orgs["user"],
        now=now,
    )

    fresh = Recipient.objects.get(pk=answered.pk)
    assert fresh.response == Response.MOBILISING and fresh.who_comes == "Anna och Per"
    assert (fresh.responded_at, fresh.responded_by_user, fresh.responded_by_person) == (
        now,
        two_orgs["user"],
        None,
    )
    assert fresh.reason == ""
    event = AlarmEvent.objects.get(recipient=fresh)
    assert (event.kind, event.user, event.at, event.text) == (
        EventKind.MOBILISING,
        two_orgs["user"],
        now,
        "Anna och Per",
    )


def test_who_comes_is_optional(two_orgs):
    recipient_answer(recipient=two_orgs["mine"], response=Response.MOBILISING, user=two_orgs["user"])

    assert Recipient.objects.get(pk=two_orgs["mine"].pk).response == Response.MOBILISING


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_needs_a_reason(two_orgs, reason):
    with pytest.raises(ValidationError) as exc:
        recipient_answer(
            recipient=two_orgs["mine"], response=Response.DECLINED, reason=reason, user=two_orgs["user"]
        )

    assert "reason" in exc.value.message_dict
    assert unchanged(two_orgs["mine"])


def test_a_decline_records_the_reason(two_orgs):
    recipient_answer(
        recipient=two_orgs["mine"],
        response=Response.DECLINED,
        reason="Alla på semester",
        who_comes="x",
        user=two_orgs["user"],
    )

    fresh = Recipient.objects.get(pk=two_orgs["mine"].pk)
    assert (fresh.response, fresh.reason, fresh.who_comes) == (Response.DECLINED, "Alla på semester", "")
    assert AlarmEvent.objects.get(recipient=fresh).kind == EventKind.DECLINED


@pytest.mark.parametrize("response", [Response.PENDING, "maybe", ""])
def test_it_refuses_an_answer_that_is_neither(two_orgs, response):
    with pytest.raises(ValidationError):
        recipient_answer(recipient=two_orgs["mine"], response=response, user=two_orgs["user"])
    assert unchanged(two_orgs["mine"])


def test_it_refuses_an_overlong_who_comes_and_changes_nothing(two_orgs):
    with pytest.raises(ValidationError):
        recipient_answer(
            recipient=two_orgs["mine"],
            response=Response.MOBILISING,
            who_comes="x" * 301,
            user=two_orgs["user"],
        )
    assert unchanged(two_orgs["mine"])


# --- An answer stops everything for that organisation ------------------------------------------


def test_an_answer_cancels_every_queued_delivery_of_that_organisation_only(two_orgs):
    mine, other = two_orgs["mine"], two_orgs["other"]

    recipient_answer(recipient=mine, response=Response.MOBILISING, user=two_orgs["user"])

    states = dict(mine.deliveries.values_list("kind", "state"))
    # The in-app message was in the inbox the moment the alarm was raised; the e-mail still queued stops.
    assert states == {"email": Delivery.State.CANCELLED, "inapp": Delivery.State.SENT}
    assert set(other.deliveries.exclude(kind="inapp").values_list("state", flat=True)) == {
        Delivery.State.QUEUED
    }


def test_an_answer_stops_escalation_at_once(two_orgs):
    mine = two_orgs["mine"]

    recipient_answer(recipient=mine, response=Response.DECLINED, reason="Nej", user=two_orgs["user"])

    assert Recipient.objects.get(pk=mine.pk).next_step_at is None
    later = timezone.now() + timedelta(hours=5)
    assert escalate_due(now=later) == 1  # only the other organisation
    assert not AlarmEvent.objects.filter(recipient=mine, kind=EventKind.ESCALATED).exists()
    assert not mine.deliveries.filter(step__gt=0).exists()


def test_an_answer_after_escalation_cancels_the_deputys_queued_messages(two_orgs):
    mine = two_orgs["mine"]
    escalate_due(now=timezone.now() + timedelta(minutes=11))
    assert mine.deliveries.filter(step=1, state=Delivery.State.QUEUED).exists()

    recipient_answer(recipient=mine, response=Response.MOBILISING, user=two_orgs["user"])

    assert not mine.deliveries.filter(state=Delivery.State.QUEUED).exists()


# --- The one-click link works once; the app may change its answer ------------------------------


def test_an_answer_link_used_twice_is_refused_and_changes_nothing(two_orgs):
    other = two_orgs["other"]
    delivery = other.deliveries.get()
    first = timezone.now()
    recipient_answer(
        recipient=other, response=Response.MOBILISING, who_comes="Lisa", person=delivery.person, now=first
    )

    with pytest.raises(AlreadyAnswered) as exc:
        recipient_answer(
            recipient=other, response=Response.DECLINED, reason="Ångrar oss", person=delivery.person
        )

    assert str(other.organisation) in exc.value.messages[0]
    fresh = Recipient.objects.get(pk=other.pk)
    assert (fresh.response, fresh.who_comes, fresh.responded_at) == (Response.MOBILISING, "Lisa", first)
    assert fresh.responded_by_person == delivery.person
    assert AlarmEvent.objects.filter(recipient=other).count() == 1


def test_a_link_after_an_answer_in_the_app_is_refused(two_orgs):
    mine = two_orgs["mine"]
    recipient_answer(recipient=mine, response=Response.MOBILISING, user=two_orgs["user"])

    with pytest.raises(AlreadyAnswered):
        recipient_answer(recipient=mine, response=Response.DECLINED, reason="x", person=mine.primary)


def test_an_answer_in_the_app_may_be_changed_while_the_alarm_is_open(two_orgs):
    mine, user = two_orgs["mine"], two_orgs["user"]
    recipient_answer(recipient=mine, response=Response.MOBILISING, who_comes="Anna", user=user)

    recipient_answer(recipient=mine, response=Response.DECLINED, reason="Anna blev sjuk", user=user)

    fresh = Recipient.objects.get(pk=mine.pk)
    assert (fresh.response, fresh.reason, fresh.who_comes) == (Response.DECLINED, "Anna blev sjuk", "")
    assert list(AlarmEvent.objects.filter(recipient=mine).values_list("kind", flat=True)) == [
        EventKind.MOBILISING,
        EventKind.DECLINED,
    ]


@pytest.mark.parametrize("by", ["user", "person"])
def test_a_closed_alarm_takes_no_answers(two_orgs, by):
    mine = two_orgs["mine"]
    alarm_close(alarm=two_orgs["alarm"], user=f.coordinator("24"))
    who = {"user": two_orgs["user"]} if by == "user" else {"person": mine.primary}

    with pytest.raises(ValidationError):
        recipient_answer(recipient=mine, response=Response.MOBILISING, **who)

    fresh = Recipient.objects.get(pk=mine.pk)
    assert fresh.response == Response.PENDING
    assert not AlarmEvent.objects.filter(recipient=mine).exists()


# --- Who may answer in the app -----------------------------------------------------------------


@pytest.mark.parametrize(
    "make_user",
    [lambda org: f.coordinator("24"), lambda org: f.admin(), lambda org: f.contact(org)],
    ids=["coordinator-of-the-region", "admin", "contact-of-the-organisation"],
)
def test_it_takes_answers_from_the_organisation_and_the_region(two_orgs, make_user):
    user = make_user(two_orgs["mine"].organisation)

    recipient_answer(recipient=two_orgs["mine"], response=Response.MOBILISING, user=user)

    assert Recipient.objects.get(pk=two_orgs["mine"].pk).responded_by_user == user


@pytest.mark.parametrize(
    "make_user",
    [
        lambda org: f.reader("24"),
        lambda org: f.reader("24", organisation=org),
        lambda org: f.contact(),
        lambda org: f.coordinator("21"),
        lambda org: f.official("2482"),
        lambda org: f.contact(org, is_active=False),
    ],
    ids=[
        "reader",
        "reader-of-the-organisation",
        "contact-of-another",
        "coordinator-elsewhere",
        "official",
        "inactive",
    ],
)
def test_it_refuses_anyone_else(two_orgs, make_user):
    user = make_user(two_orgs["mine"].organisation)

    with pytest.raises(PermissionDenied):
        recipient_answer(recipient=two_orgs["mine"], response=Response.MOBILISING, user=user)

    assert unchanged(two_orgs["mine"])
