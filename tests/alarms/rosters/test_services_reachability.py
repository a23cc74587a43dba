"""alarms.reachability: the one rule for "can this person be alarmed now", used by the roster
page, the confirmation before raising and the raise itself."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from alarms.raising.services import alarm_raise
from alarms.rosters.models import Channel
from alarms.rosters.reachability import channel_problem, check_entry
from alarms.rosters.selectors import roster_check, roster_entries
from tests import factories as f
from tests.helpers import queries_of

pytestmark = pytest.mark.django_db


def checked(entry):
    """The check as the roster page runs it: on the prefetched roster."""
    (result,) = [c for c in roster_check(entry.roster.region) if c.entry.pk == entry.pk]
    return result


def test_a_well_kept_entry_has_no_problems():
    entry = f.roster_entry("24")

    result = checked(entry)

    assert result.ok and result.reachable and result.problems == []
    assert result.primary.reachable and result.deputy.reachable
    assert result.primary.channels == list(entry.primary.alarm_channels.all())


def test_it_flags_a_person_with_no_working_channel():
    entry = f.roster_entry("24")
    entry.primary.alarm_channels.update(is_enabled=False)

    result = checked(entry)

    assert not result.ok and not result.primary.reachable
    assert _("%(name)s has no working channel") % {"name": entry.primary.name} in result.problems
    assert result.reachable  # the deputy still can be


def test_it_flags_a_person_with_no_channel_at_all():
    entry = f.roster_entry("24", channels=())

    result = checked(entry)

    assert not result.reachable
    assert result.problems == [
        _("%(name)s has no working channel") % {"name": entry.primary.name},
        _("%(name)s has no working channel") % {"name": entry.deputy.name},
    ]


def test_it_flags_an_organisation_without_a_deputy():
    entry = f.roster_entry("24", deputy=False)

    result = checked(entry)

    assert result.deputy is None
    assert result.problems == [_("no deputy")]
    assert not result.ok and result.reachable


def test_it_flags_a_role_that_has_ended():
    entry = f.roster_entry("24")
    yesterday = timezone.localdate() - timedelta(days=1)
    f.RoleFactory(
        person=entry.primary, organisation=entry.organisation, valid_from=date(2020, 1, 1), valid_to=yesterday
    )

    result = checked(entry)

    ended = _("%(name)s's role at %(organisation)s has ended")
    assert result.problems == [ended % {"name": entry.primary.name, "organisation": entry.organisation}]
    assert not result.ok


def test_a_role_that_continues_is_no_problem():
    entry = f.roster_entry("24")
    f.RoleFactory(person=entry.primary, organisation=entry.organisation, valid_to=None)
    f.RoleFactory(
        person=entry.primary,
        organisation=entry.organisation,
        valid_from=date(2020, 1, 1),
        valid_to=date(2021, 1, 1),
        title="Tidigare roll",
    )
    f.RoleFactory(
        person=entry.primary, organisation=entry.organisation, valid_to=timezone.localdate()
    )  # last day

    assert checked(entry).ok


def test_it_flags_a_person_who_moved_to_another_organisation():
    entry = f.roster_entry("24")
    elsewhere = f.OrganisationFactory(name="Nya arbetsgivaren")
    entry.deputy.organisation = elsewhere
    entry.deputy.save()

    result = checked(entry)

    moved = _("%(name)s is no longer at %(organisation)s")
    assert result.problems == [moved % {"name": entry.deputy.name, "organisation": entry.organisation}]
    assert not result.deputy.reachable
    assert result.primary.reachable


def test_check_entry_runs_no_queries_on_the_prefetched_roster(django_assert_num_queries):
    for _i in range(3):
        entry = f.roster_entry("24", channels=("email", "inapp", "webhook"), user_for_primary=f.contact())
    f.RoleFactory(person=entry.primary, organisation=entry.organisation)
    entries = roster_entries(f.region("24"))

    with django_assert_num_queries(0):
        results = [check_entry(e) for e in entries]

    assert len(results) == 3


def test_the_roster_check_takes_the_same_queries_at_any_size():
    def count(region):
        return queries_of(lambda: roster_check(f.region(region)))

    for _i in range(3):
        f.roster_entry("24", user_for_primary=f.contact(), channels=("email", "inapp"))
    for _i in range(30):
        f.roster_entry("21", user_for_primary=f.contact(), channels=("email", "inapp"))

    assert count("24") == count("21")


# --- channel_problem ---------------------------------------------------------------------------


def channel(kind="email", target="a@example.se", user=None, **kw):
    return Channel.objects.create(person=f.PersonFactory(user=user), kind=kind, target=target, **kw)


def test_a_working_channel_has_no_problem():
    assert channel_problem(channel()) is None


def test_a_switched_off_channel_is_a_problem():
    assert channel_problem(channel(is_enabled=False)) == _("switched off")


def test_sms_without_a_gateway_is_a_problem():
    sms = channel("sms", "+46701234567")

    assert channel_problem(sms) == _("SMS is not configured on this installation")
    with override_settings(SMS_GATEWAY_URL="https://sms.example.se"):
        assert channel_problem(sms) is None


def test_the_inbox_of_a_person_without_an_active_account_is_a_problem():
    no_account = _("the person has no active user account")
    assert channel_problem(channel("inapp", "")) == no_account
    assert channel_problem(channel("inapp", "", user=f.contact(is_active=False))) == no_account
    assert channel_problem(channel("inapp", "", user=f.contact())) is None


def test_a_channel_without_an_address_is_a_problem():
    assert channel_problem(channel("webhook", "")) == _("no address")


def test_a_channel_whose_last_delivery_failed_is_a_problem():
    failed = channel(last_failure_at=timezone.now(), last_failure="HTTP 404 from the receiver")

    assert channel_problem(failed) == _("last delivery failed: %(error)s") % {
        "error": "HTTP 404 from the receiver"
    }


def test_the_raise_skips_exactly_what_the_check_flags():
    user = f.contact(is_active=False)
    entry = f.roster_entry("24", channels=("email", "sms", "webhook"), user_for_primary=user)
    Channel.objects.create(person=entry.primary, kind="inapp", target="")
    Channel.objects.filter(person=entry.primary, kind="webhook").update(is_enabled=False)
    working = checked(entry).primary.channels

    alarm = alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind="ovning", message="x"
    )

    assert [d.channel for d in alarm.deliveries.all()] == working
    assert [c.kind for c in working] == ["email"]
