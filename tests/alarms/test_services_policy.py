"""accounts.policy, section "The alarm chain": who follows, raises, answers, closes and annotates
which alarm, and who keeps the roster."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import policy
from alarms.core.models import Alarm, AlarmKind
from alarms.raising.services import alarm_raise
from establishments import services as case_services
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    """Region 24's roster alarms ``org24``; region 21's roster alarms ``org21``.

    Alarms: ``skelleftea`` (2482) and ``umea`` (2480) in region 24, ``gavle`` (2180) in region 21."""
    org24, org21 = f.OrganisationFactory(name="Aktör 24"), f.OrganisationFactory(name="Aktör 21")
    f.roster_entry("24", organisation=org24)
    f.roster_entry("21", organisation=org21)
    by = {"2482": f.official("2482"), "2480": f.official("2480"), "2180": f.official("2180")}

    def raise_in(code):
        return alarm_raise(
            user=by[code], municipality=f.municipality(code), kind=AlarmKind.DRILL, message="Övning"
        )

    return {
        "org24": org24,
        "org21": org21,
        "officials": by,
        "skelleftea": raise_in("2482"),
        "umea": raise_in("2480"),
        "gavle": raise_in("2180"),
    }


def visible(user, w) -> set[str]:
    names = {w[k].pk: k for k in ("skelleftea", "umea", "gavle")}
    return {names[pk] for pk in policy.visible_alarms(user, Alarm.objects.all()).values_list("pk", flat=True)}


# --- visible_alarms ----------------------------------------------------------------------------


def test_an_administrator_sees_every_alarm(w):
    assert visible(f.admin(), w) == {"skelleftea", "umea", "gavle"}


def test_a_coordinator_sees_their_regions_alarms(w):
    assert visible(f.coordinator("24"), w) == {"skelleftea", "umea"}
    assert visible(f.coordinator("21"), w) == {"gavle"}


def test_a_coordinator_also_sees_alarms_that_reached_their_organisation(w):
    assert visible(f.coordinator("24", organisation=w["org21"]), w) == {"skelleftea", "umea", "gavle"}


def test_an_official_sees_their_municipalitys_alarms(w):
    assert visible(w["officials"]["2482"], w) == {"skelleftea"}
    assert visible(f.official("2482"), w) == {"skelleftea"}
    assert visible(w["officials"]["2480"], w) == {"umea"}


def test_an_official_also_sees_alarms_that_reached_their_organisation(w):
    assert visible(f.official("2482", organisation=w["org21"]), w) == {"skelleftea", "gavle"}


def test_a_reader_sees_their_regions_alarms(w):
    assert visible(f.reader("24"), w) == {"skelleftea", "umea"}
    assert visible(f.reader("21"), w) == {"gavle"}


def test_an_actor_contact_sees_only_alarms_that_reached_their_organisation(w):
    assert visible(f.contact(w["org24"]), w) == {"skelleftea", "umea"}
    assert visible(f.contact(w["org21"]), w) == {"gavle"}
    assert visible(f.contact(), w) == set()


def test_an_organisation_added_to_the_roster_later_does_not_see_earlier_alarms(w):
    newcomer = f.OrganisationFactory()
    f.roster_entry("24", organisation=newcomer)

    assert visible(f.contact(newcomer), w) == set()


@pytest.mark.parametrize(
    "make_user",
    [
        lambda w: f.coordinator("24", is_active=False),
        lambda w: f.contact(w["org24"], is_active=False),
        lambda w: f.admin(is_active=False),
        lambda w: f.UserFactory(region=f.region("24")),  # no role
        lambda w: AnonymousUser(),
    ],
    ids=["inactive-coordinator", "inactive-contact", "inactive-admin", "no-role", "anonymous"],
)
def test_users_without_an_active_role_see_no_alarms(w, make_user):
    assert visible(make_user(w), w) == set()


def test_can_view_alarm_agrees_with_visible_alarms(w):
    users = [f.admin(), f.coordinator("24"), f.reader("21"), f.contact(w["org24"]), w["officials"]["2180"]]
    for user in users:
        for key in ("skelleftea", "umea", "gavle"):
            assert policy.can_view_alarm(user, w[key]) == (key in visible(user, w))


# --- Closing, answering, annotating ------------------------------------------------------------


def test_only_the_regions_coordinators_and_admins_close(w):
    alarm = w["skelleftea"]

    assert policy.can_close_alarm(f.coordinator("24"), alarm)
    assert policy.can_close_alarm(f.admin(), alarm)
    for user in [
        f.coordinator("21"),
        w["officials"]["2482"],
        f.reader("24"),
        f.contact(w["org24"]),
        f.coordinator("24", is_active=False),
    ]:
        assert not policy.can_close_alarm(user, alarm)


def test_who_answers_for_an_organisation(w):
    recipient = w["skelleftea"].recipients.get(organisation=w["org24"])

    assert policy.can_answer_alarm(f.contact(w["org24"]), recipient)
    assert policy.can_answer_alarm(f.coordinator("24"), recipient)
    assert policy.can_answer_alarm(f.admin(), recipient)
    assert policy.can_answer_alarm(f.official("2482", organisation=w["org24"]), recipient)
    for user in [
        f.contact(w["org21"]),
        f.contact(),
        f.reader("24"),
        f.reader("24", organisation=w["org24"]),
        f.coordinator("21"),
        w["officials"]["2482"],
        f.contact(w["org24"], is_active=False),
    ]:
        assert not policy.can_answer_alarm(user, recipient)


def test_who_adds_to_the_first_response_checklist(w):
    alarm = w["skelleftea"]

    for user in [f.contact(w["org24"]), f.coordinator("24"), w["officials"]["2482"], f.admin()]:
        assert policy.can_add_alarm_note(user, alarm)
    for user in [f.reader("24"), f.contact(w["org21"]), f.coordinator("21"), w["officials"]["2480"]]:
        assert not policy.can_add_alarm_note(user, alarm)


def test_the_case_of_an_alarm_stays_as_confidential_as_the_case(w):
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
    alarm = alarm_raise(
        user=coordinator, municipality=f.municipality("2482"), kind="etablering", message="x", case=case
    )

    assert policy.can_see_alarm_case(coordinator, alarm) and policy.can_see_alarm_case(deputy, alarm)
    for user in [
        f.coordinator("24"),
        f.admin(),
        w["officials"]["2482"],
        f.reader("24"),
        f.contact(w["org24"]),
    ]:
        assert policy.can_view_alarm(user, alarm)
        assert not policy.can_see_alarm_case(user, alarm)


def test_an_alarm_without_a_case_or_signal_has_no_case_to_see(w):
    assert not policy.can_see_alarm_case(f.admin(), w["skelleftea"])


def test_the_signal_of_an_alarm_is_seen_by_those_who_see_the_signal(w):
    official = w["officials"]["2482"]
    signal = f.SignalFactory(municipality=f.municipality("2482"))
    alarm = alarm_raise(
        user=official, municipality=f.municipality("2482"), kind="etablering", message="x", signal=signal
    )

    assert policy.can_see_alarm_case(official, alarm)
    assert policy.can_see_alarm_case(f.coordinator("24"), alarm)
    assert not policy.can_see_alarm_case(f.contact(w["org24"]), alarm)
    assert not policy.can_see_alarm_case(f.reader("24"), alarm)


# --- Raising and the roster --------------------------------------------------------------------


def test_who_raises_where():
    skelleftea, gavle = f.municipality("2482"), f.municipality("2180")

    assert policy.can_raise_alarm(f.official("2482"), skelleftea)
    assert not policy.can_raise_alarm(f.official("2482"), f.municipality("2480"))
    assert policy.can_raise_alarm(f.coordinator("24"), skelleftea)
    assert not policy.can_raise_alarm(f.coordinator("24"), gavle)
    assert policy.can_raise_alarm(f.admin(), gavle)
    for user in [f.reader("24"), f.contact(), f.official("2482", is_active=False), AnonymousUser()]:
        assert not policy.can_raise_alarm(user, skelleftea)


def test_who_sees_and_keeps_the_roster():
    region24 = f.region("24")

    for user in [f.admin(), f.coordinator("24"), f.official("2482")]:
        assert policy.can_view_roster(user, region24)
    for user in [f.coordinator("21"), f.official("2180"), f.reader("24"), f.contact()]:
        assert not policy.can_view_roster(user, region24)
    for user in [f.admin(), f.coordinator("24")]:
        assert policy.can_edit_roster(user, region24)
    for user in [f.coordinator("21"), f.official("2482"), f.reader("24"), f.contact()]:
        assert not policy.can_edit_roster(user, region24)


def test_who_edits_a_persons_channels():
    user = f.reader("24")
    person = f.PersonFactory(user=user)

    assert policy.can_edit_channels(user, person)  # their own preferences, whatever the role
    assert policy.can_edit_channels(f.coordinator("24"), person, roster_regions=[f.region("24").pk])
    assert policy.can_edit_channels(f.admin(), person)
    # Another region's coordinator, and a coordinator for a person on no roster of theirs.
    assert not policy.can_edit_channels(f.coordinator("21"), person, roster_regions=[f.region("24").pk])
    assert not policy.can_edit_channels(f.coordinator("24"), person)
    for other in [f.official("2482"), f.reader("24"), f.contact(person.organisation), AnonymousUser()]:
        assert not policy.can_edit_channels(other, person, roster_regions=[f.region("24").pk])
    user.is_active = False
    assert not policy.can_edit_channels(user, person)
