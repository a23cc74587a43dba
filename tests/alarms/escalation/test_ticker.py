"""``manage.py alarm_ticker``: one round of the periodic work for installations without Celery beat
sweeps the outbox, escalates silent organisations, closes alarms whose time is up and notes the
heartbeat."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from alarms.core.models import Alarm, AlarmKind, Step
from alarms.health.models import PipelineHeartbeat
from alarms.raising.services import alarm_raise
from tests import factories as f

pytestmark = pytest.mark.django_db


def raise_ago(delta: timedelta) -> Alarm:
    return alarm_raise(
        user=f.official("2482"),
        municipality=f.municipality("2482"),
        kind=AlarmKind.DRILL,
        message="Övning",
        now=timezone.now() - delta,
    )


def test_one_round_sweeps_escalates_closes_and_notes_the_heartbeat():
    f.roster_entry("24")
    silent = raise_ago(timedelta(minutes=20))  # its deputy is due
    expired = raise_ago(timedelta(hours=73))  # its time is up
    out = StringIO()

    call_command("alarm_ticker", "--once", stdout=out)

    # Both raises' first messages were never taken by a worker (nothing runs after commit here).
    assert out.getvalue().strip() == "re-queued 2, escalated 2, closed 1"
    assert silent.recipients.get().step == Step.DEPUTY
    assert Alarm.objects.get(pk=silent.pk).is_open
    assert not Alarm.objects.get(pk=expired.pk).is_open
    assert PipelineHeartbeat.objects.get(pk=1).seen_at is not None


def test_a_round_with_nothing_to_do_says_nothing():
    out = StringIO()

    call_command("alarm_ticker", "--once", stdout=out)

    assert out.getvalue() == ""
    assert PipelineHeartbeat.objects.filter(pk=1, seen_at__isnull=False).exists()
