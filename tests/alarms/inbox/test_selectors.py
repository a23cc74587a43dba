"""The inbox and its unread count, as delivery leaves them and opening the alarm reads them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alarms.core.models import AlarmKind
from alarms.delivery.services import deliver
from alarms.inbox.selectors import inbox, unread_count
from alarms.inbox.services import notifications_read_for_alarm
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


def test_the_inbox_and_its_unread_count(t0):
    user = f.contact()
    f.roster_entry("24", organisation=user.organisation, channels=("inapp",), user_for_primary=user)
    alarm = raise_at(t0)
    deliver(alarm.deliveries.get().pk)

    assert unread_count(user) == 1 and list(inbox(user))[0].alarm == alarm
    notifications_read_for_alarm(user=user, alarm=alarm)
    assert unread_count(user) == 0
