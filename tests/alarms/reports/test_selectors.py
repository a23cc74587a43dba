"""The drill comparison: closed alarms of a kind, with the times to compare them by."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alarms.answering.services import alarm_close, recipient_answer
from alarms.core.models import AlarmKind
from alarms.raising.services import alarm_raise
from alarms.reports.selectors import drill_comparison
from tests import factories as f

pytestmark = pytest.mark.django_db


def raise_at(t0, kind=AlarmKind.ESTABLISHMENT, code="2482"):
    return alarm_raise(
        user=f.official(code), municipality=f.municipality(code), kind=kind, message="Larm", now=t0
    )


@pytest.fixture
def t0():
    return timezone.now() - timedelta(hours=1)


def test_drills_are_compared_when_closed(t0):
    f.roster_entry("24")
    coordinator = f.coordinator("24")
    drill = raise_at(t0, kind=AlarmKind.DRILL)
    raise_at(t0, kind=AlarmKind.DRILL)  # still open: not compared
    recipient_answer(
        recipient=drill.recipients.get(),
        response="mobilising",
        user=coordinator,
        now=t0 + timedelta(minutes=4),
    )
    alarm_close(alarm=drill, user=coordinator)

    (compared,) = drill_comparison(coordinator, AlarmKind.DRILL)

    assert compared == drill
    assert compared.first_answer == compared.all_answered == timedelta(minutes=4)
    assert drill_comparison(coordinator, AlarmKind.ESTABLISHMENT) == []
