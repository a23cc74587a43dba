"""Who may answer for which alarmed organisation, as the board offers it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alarms.answering.selectors import answerable
from alarms.core.models import AlarmKind
from alarms.raising.selectors import board
from alarms.raising.services import alarm_raise
from tests import factories as f

pytestmark = pytest.mark.django_db


def raise_at(t0, kind=AlarmKind.ESTABLISHMENT, code="2482"):
    return alarm_raise(
        user=f.official(code), municipality=f.municipality(code), kind=kind, message="Larm", now=t0
    )


@pytest.fixture
def t0():
    return timezone.now() - timedelta(hours=1)


def test_answerable_lists_what_the_user_may_answer_for(t0):
    user = f.contact()
    mine = f.roster_entry("24", organisation=user.organisation)
    f.roster_entry("24")
    alarm = raise_at(t0)
    recipients = board(alarm)

    assert [r.organisation for r in answerable(user, recipients)] == [mine.organisation]
    assert len(answerable(f.coordinator("24"), recipients)) == 2
    assert answerable(f.reader("24"), recipients) == []
