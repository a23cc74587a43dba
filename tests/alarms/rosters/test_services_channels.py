"""The standing structure's services: a person's channels (channel_save, channel_move,
channel_delete) and the roster (roster_entry_save, roster_entry_delete, roster_policy_save)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alarms.raising.services import alarm_raise
from alarms.rosters.models import Channel, Roster, RosterEntry
from alarms.rosters.services import (
    channel_delete,
    channel_move,
    channel_save,
    roster_entry_delete,
    roster_entry_save,
    roster_for,
    roster_policy_save,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def save(user, person, kind="email", target="anna@example.se", **kw) -> Channel:
    return channel_save(user=user, channel=Channel(person=person, kind=kind, target=target, **kw))


@pytest.fixture
def person():
    return f.PersonFactory(organisation=f.OrganisationFactory(region=f.region("24")))


@pytest.fixture
def coordinator():
    return f.coordinator("24")


# --- channel_save: validation ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, target",
    [
        ("email", "anna@example.se"),
        ("webhook", "https://hooks.slack.com/services/T0/B0/xyz"),
        ("webhook", "https://teams.example.se/hook"),
        ("sms", "+46 70 123 45 67"),
        ("sms", "070-123 45 67"),
    ],
)
def test_it_saves_a_valid_channel(coordinator, person, kind, target):
    channel = save(coordinator, person, kind, target)

    assert channel.pk and channel.is_enabled
    assert channel.history.get().history_user == coordinator


@pytest.mark.parametrize(
    "kind, target",
    [
        ("email", "anna.example.se"),
        ("email", "anna@"),
        ("webhook", "ftp://hooks.example.se/x"),
        ("webhook", "hooks.example.se"),
        ("webhook", "javascript:alert(1)"),
        ("sms", "12"),
        ("sms", "inte ett nummer"),
        ("email", ""),
        ("webhook", ""),
        ("sms", ""),
    ],
)
def test_it_refuses_a_bad_address_and_saves_nothing(coordinator, person, kind, target):
    with pytest.raises(ValidationError) as exc:
        save(coordinator, person, kind, target)

    assert "target" in exc.value.message_dict
    assert not Channel.objects.exists()


@pytest.mark.parametrize("typed", ["070-123 45 67", "+46 70 123 45 67", "0046701234567"])
def test_an_sms_number_is_stored_as_the_gateway_wants_it(coordinator, person, typed):
    channel = save(coordinator, person, "sms", typed)

    assert channel.target == "+46701234567"


def test_the_same_number_written_differently_is_the_same_channel(coordinator, person):
    save(coordinator, person, "sms", "070-123 45 67")

    with pytest.raises(ValidationError):
        save(coordinator, person, "sms", "+46701234567")
    assert Channel.objects.count() == 1


def test_it_refuses_an_unknown_kind(coordinator, person):
    with pytest.raises(ValidationError):
        save(coordinator, person, "pigeon", "loft 3")
    assert not Channel.objects.exists()


def test_the_inbox_needs_a_user_account(coordinator, person):
    with pytest.raises(ValidationError) as exc:
        save(coordinator, person, "inapp", "")

    assert "kind" in exc.value.message_dict
    assert not Channel.objects.exists()


def test_the_inbox_has_no_address(coordinator):
    person = f.PersonFactory(user=f.contact(), organisation=f.OrganisationFactory(region=f.region("24")))

    channel = save(coordinator, person, "inapp", "something typed anyway")

    assert channel.target == ""


def test_the_same_channel_twice_is_refused(coordinator, person):
    save(coordinator, person, "email", "anna@example.se")

    with pytest.raises(ValidationError):
        save(coordinator, person, "email", "anna@example.se")
    assert Channel.objects.count() == 1


def test_new_channels_go_last(coordinator, person):
    first = save(coordinator, person, "email", "a@example.se")
    second = save(coordinator, person, "webhook", "https://hooks.example.se/a")

    assert (first.position, second.position) == (1, 2)


def test_correcting_a_channel_forgets_its_last_failure(coordinator, person):
    channel = save(coordinator, person, "email", "fel@example.se")
    Channel.objects.filter(pk=channel.pk).update(last_failure_at=timezone.now(), last_failure="refused")
    channel.refresh_from_db()

    channel.target = "ratt@example.se"
    channel_save(user=coordinator, channel=channel)

    channel.refresh_from_db()
    assert (channel.target, channel.last_failure, channel.last_failure_at) == ("ratt@example.se", "", None)


# --- channel_save: who ---------------------------------------------------------------------------


def test_a_person_edits_their_own_channels():
    user = f.contact()
    person = f.PersonFactory(organisation=user.organisation, user=user)

    assert save(user, person).pk


def test_an_administrator_edits_anyones_channels(person):
    assert save(f.admin(), person).pk


@pytest.mark.parametrize(
    "make_user",
    [
        lambda person: f.official("2482"),
        lambda person: f.reader("24"),
        lambda person: f.contact(person.organisation),  # a colleague, not the person
        lambda person: f.coordinator("24", is_active=False),
    ],
    ids=["official", "reader", "colleague", "inactive-coordinator"],
)
def test_it_refuses_others(person, make_user):
    user = make_user(person)

    with pytest.raises(PermissionDenied):
        save(user, person)
    assert not Channel.objects.exists()


def test_it_refuses_to_delete_anothers_channel(person):
    channel = f.ChannelFactory(person=person)

    with pytest.raises(PermissionDenied):
        channel_delete(user=f.contact(), channel=channel)
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_a_person_deletes_their_own_channel():
    user = f.contact()
    channel = f.ChannelFactory(person=f.PersonFactory(organisation=user.organisation, user=user))

    channel_delete(user=user, channel=channel)

    assert not Channel.objects.filter(pk=channel.pk).exists()


# --- channel_move --------------------------------------------------------------------------------


@pytest.fixture
def three(coordinator, person):
    return [
        save(coordinator, person, "email", "a@example.se"),
        save(coordinator, person, "email", "b@example.se"),
        save(coordinator, person, "webhook", "https://hooks.example.se/c"),
    ]


def order(person):
    return list(
        Channel.objects.filter(person=person).order_by("position", "pk").values_list("target", flat=True)
    )


def test_moving_a_channel_up_swaps_it_with_the_one_before(coordinator, person, three):
    channel_move(user=coordinator, channel=three[2], up=True)

    assert order(person) == ["a@example.se", "https://hooks.example.se/c", "b@example.se"]
    assert list(
        Channel.objects.filter(person=person).order_by("position").values_list("position", flat=True)
    ) == [
        1,
        2,
        3,
    ]


def test_moving_a_channel_down_swaps_it_with_the_one_after(coordinator, person, three):
    channel_move(user=coordinator, channel=three[0], up=False)

    assert order(person) == ["b@example.se", "a@example.se", "https://hooks.example.se/c"]


def test_moving_past_either_end_changes_nothing(coordinator, person, three):
    channel_move(user=coordinator, channel=three[0], up=True)
    channel_move(user=coordinator, channel=three[2], up=False)

    assert order(person) == ["a@example.se", "b@example.se", "https://hooks.example.se/c"]


def test_moving_repairs_duplicate_positions(coordinator, person, three):
    Channel.objects.filter(person=person).update(position=0)

    channel_move(user=coordinator, channel=three[1], up=True)

    assert order(person) == ["b@example.se", "a@example.se", "https://hooks.example.se/c"]


def test_the_raise_follows_the_persons_order(coordinator, three):
    person = three[0].person
    channel_move(user=coordinator, channel=three[2], up=True)
    channel_move(user=coordinator, channel=three[1], up=True)
    RosterEntry.objects.create(
        roster=roster_for(f.region("24")), organisation=person.organisation, primary=person
    )

    alarm = alarm_raise(user=coordinator, municipality=f.municipality("2482"), kind="ovning", message="x")

    assert list(alarm.deliveries.order_by("pk").values_list("target", flat=True)) == order(person)


def test_it_refuses_to_move_anothers_channel(person, three):
    with pytest.raises(PermissionDenied):
        channel_move(user=f.reader("24"), channel=three[2], up=True)
    assert order(person) == ["a@example.se", "b@example.se", "https://hooks.example.se/c"]


# --- The roster ----------------------------------------------------------------------------------


def entry_for(region_code="24", primary=None, deputy=None, organisation=None):
    organisation = organisation or (primary.organisation if primary else f.OrganisationFactory())
    return RosterEntry(
        roster=roster_for(f.region(region_code)),
        organisation=organisation,
        primary=primary or f.PersonFactory(organisation=organisation),
        deputy=deputy,
    )


def test_a_coordinator_puts_an_organisation_on_their_regions_roster(coordinator):
    organisation = f.OrganisationFactory()
    primary, deputy = f.PersonFactory(organisation=organisation), f.PersonFactory(organisation=organisation)

    entry = roster_entry_save(user=coordinator, entry=entry_for(primary=primary, deputy=deputy))

    assert entry.pk and entry.position == 1
    assert entry.history.get().history_user == coordinator
    second = roster_entry_save(user=coordinator, entry=entry_for())
    assert second.position == 2


def test_it_refuses_a_primary_contact_of_another_organisation(coordinator):
    organisation = f.OrganisationFactory()

    with pytest.raises(ValidationError) as exc:
        roster_entry_save(
            user=coordinator, entry=entry_for(organisation=organisation, primary=f.PersonFactory())
        )

    assert "primary" in exc.value.message_dict
    assert not RosterEntry.objects.exists()


def test_it_refuses_a_deputy_of_another_organisation(coordinator):
    with pytest.raises(ValidationError) as exc:
        roster_entry_save(user=coordinator, entry=entry_for(deputy=f.PersonFactory()))

    assert "deputy" in exc.value.message_dict
    assert not RosterEntry.objects.exists()


def test_the_deputy_must_be_someone_else(coordinator):
    primary = f.PersonFactory()

    with pytest.raises(ValidationError):
        roster_entry_save(user=coordinator, entry=entry_for(primary=primary, deputy=primary))
    assert not RosterEntry.objects.exists()


def test_an_organisation_is_on_a_roster_once(coordinator):
    first = roster_entry_save(user=coordinator, entry=entry_for())

    with pytest.raises(ValidationError):
        roster_entry_save(user=coordinator, entry=entry_for(organisation=first.organisation))
    assert RosterEntry.objects.count() == 1


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: f.coordinator("21"),
        lambda: f.official("2482"),
        lambda: f.reader("24"),
        lambda: f.contact(),
        lambda: f.coordinator("24", is_active=False),
    ],
    ids=["coordinator-elsewhere", "official", "reader", "contact", "inactive"],
)
def test_only_the_regions_coordinators_and_admins_edit_the_roster(make_user):
    user = make_user()
    entry = entry_for()

    with pytest.raises(PermissionDenied):
        roster_entry_save(user=user, entry=entry)
    assert not RosterEntry.objects.exists()

    saved = roster_entry_save(user=f.admin(), entry=entry)
    with pytest.raises(PermissionDenied):
        roster_entry_delete(user=user, entry=saved)
    assert RosterEntry.objects.filter(pk=saved.pk).exists()

    roster = Roster.objects.get(pk=saved.roster_id)
    roster.deputy_after_minutes = 1
    with pytest.raises(PermissionDenied):
        roster_policy_save(user=user, roster=roster)
    assert Roster.objects.get(pk=roster.pk).deputy_after_minutes == 10


def test_a_coordinator_removes_an_entry(coordinator):
    entry = roster_entry_save(user=coordinator, entry=entry_for())

    roster_entry_delete(user=coordinator, entry=entry)

    assert not RosterEntry.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("deputy_after_minutes", 0),
        ("coordinator_after_minutes", 1441),
        ("max_repeats", 11),
        ("auto_close_hours", 0),
    ],
)
def test_the_policy_is_bounded(coordinator, field, value):
    roster = roster_for(f.region("24"))
    setattr(roster, field, value)

    with pytest.raises(ValidationError) as exc:
        roster_policy_save(user=coordinator, roster=roster)

    assert field in exc.value.message_dict
    assert getattr(Roster.objects.get(pk=roster.pk), field) != value


def test_a_coordinator_changes_the_policy(coordinator):
    roster = roster_for(f.region("24"))
    roster.deputy_after_minutes, roster.max_repeats = 3, 0

    roster_policy_save(user=coordinator, roster=roster)

    fresh = Roster.objects.get(pk=roster.pk)
    assert (fresh.deputy_after_minutes, fresh.max_repeats) == (3, 0)
    assert fresh.history.first().history_user == coordinator


def test_a_roster_starts_with_the_default_policy():
    roster = roster_for(f.region("21"))

    assert (roster.deputy_after_minutes, roster.coordinator_after_minutes, roster.max_repeats) == (10, 10, 2)
    assert roster.auto_close_hours == 72
    assert roster_for(f.region("21")) == roster


@pytest.mark.parametrize(
    "target",
    ["http://teams.example.se/hook", "https://127.0.0.1/x", "https://localhost/x", "https://u:p@x.se/"],
)
def test_the_service_applies_the_egress_guard_too(coordinator, person, target):
    """Not only the form: a channel saved any other way (the demo, an import) meets the same guard."""
    with pytest.raises(ValidationError):
        save(coordinator, person, "webhook", target)
    assert not person.alarm_channels.exists()
