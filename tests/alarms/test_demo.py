"""The demo data of the alarm chain: rosters for the three demo regions with findings for the
reachability check, and one finished drill with its answers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from actors.models import Region
from alarms.core.models import Alarm, AlarmKind, Recipient, Response, Step
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.raising import selectors
from alarms.rosters.models import Channel, RosterEntry
from alarms.rosters.selectors import roster_check
from demo.alarms import DRILL_MESSAGE
from demo.data.people import PASSWORD
from tests.factories import region

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture(autouse=True)
def _no_sms_gateway(settings):
    settings.SMS_GATEWAY_URL = ""


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def problems(code: str) -> list[str]:
    return [p for check in roster_check(region(code)) for p in check.problems]


def test_it_makes_rosters_for_the_three_demo_regions():
    seed()
    for code in ("24", "21", "22"):
        entries = RosterEntry.objects.filter(roster__region__code=code)
        assert 5 <= entries.count() <= 10, code
        for entry in entries:
            assert entry.primary.alarm_channels.exists(), entry
    assert not RosterEntry.objects.exclude(roster__region__code__in=["24", "21", "22"]).exists()
    kinds = set(Channel.objects.values_list("kind", flat=True))
    assert kinds == {"email", "inapp", "webhook", "sms"}
    assert (
        Channel.objects.filter(kind="sms").count() == 1
        and Channel.objects.filter(kind="webhook").count() == 1
    )


def test_the_reachability_check_has_real_findings():
    seed()
    found = " | ".join(problems("24"))
    assert "no deputy" in found
    assert "Maja Bergström has no working channel" in found  # SMS only, and SMS is off
    assert "Anders Öberg's role at Skellefteå kommun has ended" in found
    assert "Per-Olof Berg is no longer at Komvux Gävle" in " | ".join(problems("21"))
    assert all(check.reachable for code in ("24", "21", "22") for check in roster_check(region(code)))


def test_the_demo_contact_gets_alarms_in_the_inbox():
    seed()
    entry = RosterEntry.objects.get(roster__region__code="24", organisation__name="Arbetsförmedlingen")
    assert entry.primary.user.username == "kontakt"
    assert list(entry.primary.alarm_channels.values_list("kind", flat=True)) == ["inapp", "email"]
    assert Notification.objects.filter(user__username="kontakt").count() == 1


def test_it_leaves_one_finished_drill_with_answers_and_an_escalation():
    seed()
    alarm = Alarm.objects.get()
    assert alarm.kind == AlarmKind.DRILL and alarm.is_drill
    assert alarm.region.code == "24" and not alarm.is_open
    assert alarm.closed_by.username == "samordnare"
    assert alarm.raised_at < alarm.closed_at < alarm.closes_at
    recipients = list(alarm.recipients.all())
    assert len(recipients) == 8 and all(r.has_answered for r in recipients)
    assert {r.response for r in recipients} == {Response.MOBILISING, Response.DECLINED}
    escalated = [r for r in recipients if r.escalated_at is not None]
    assert len(escalated) == 1 and escalated[0].step == Step.DEPUTY
    assert escalated[0].responded_by_person == escalated[0].deputy
    assert all(alarm.raised_at < r.first_delivered_at < r.responded_at for r in recipients)
    assert set(Delivery.objects.filter(alarm=alarm).values_list("state", flat=True)) == {Delivery.State.SENT}
    assert max(d.sent_at for d in alarm.deliveries.all()) < alarm.closed_at
    metrics = selectors.metrics(alarm, selectors.board(alarm))
    assert metrics.first_answer.total_seconds() == 120
    assert metrics.all_answered.total_seconds() == 13 * 60
    assert alarm.notes.count() == 2
    assert list(alarm.events.values_list("at", flat=True)) == sorted(
        alarm.events.values_list("at", flat=True)
    )


def test_running_it_again_adds_nothing():
    seed()
    counts = (
        RosterEntry.objects.count(),
        Channel.objects.count(),
        Alarm.objects.count(),
        Recipient.objects.count(),
    )
    out = seed()
    assert "finns redan" in out
    assert (
        RosterEntry.objects.count(),
        Channel.objects.count(),
        Alarm.objects.count(),
        Recipient.objects.count(),
    ) == counts


def test_it_works_with_scale():
    seed(scale=3)
    assert RosterEntry.objects.filter(roster__region__code="24").exists()
    seed(scale=2)
    # The hand-written drill alarm is made once; the scale cases bring alarms of their own.
    assert Alarm.objects.filter(message=DRILL_MESSAGE).count() == 1


def test_the_demo_coordinators_see_their_rosters(client):
    seed()
    for username, code in [("samordnare", "24"), ("samordnare.gavleborg", "21"), ("samordnare.vn", "22")]:
        assert client.login(request=HttpRequest(), username=username, password=PASSWORD)
        response = client.get(reverse("alarms:roster", args=[code]))
        assert response.status_code == 200, username
        assert Region.objects.get(code=code).name in response.content.decode()
    assert client.login(request=HttpRequest(), username="kontakt", password=PASSWORD)
    assert client.get(reverse("alarms:my_channels")).status_code == 200
