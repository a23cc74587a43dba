"""The in-app inbox: the list, opening a notice, marking all as read."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alarms.core.models import AlarmKind
from alarms.delivery.services import deliver
from alarms.inbox.models import Notification
from tests import factories as f
from tests.alarms.harness_reports import contact_notification, finished_alarm, grow_roster
from tests.helpers import count_queries
from tests.world import SECRETS

# These tests read the English msgids; tests/alarms/test_swedish_ui.py reads the Swedish UI.
pytestmark = [pytest.mark.django_db, pytest.mark.english]


INBOX = reverse("alarms:inbox")


@pytest.fixture
def alarm():
    grow_roster(1)
    return finished_alarm(f.coordinator("24"), close=False)


def notify(user, alarm, n=1, read=False):
    return Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                alarm=alarm,
                title=f"[ÖVNING] Larm {i}",
                body="Text",
                read_at=timezone.now() if read else None,
            )  # fmt: skip
            for i in range(n)
        ]
    )


def open_url(notification):
    return reverse("alarms:notification_open", args=[notification.pk])


def test_unread_notices_say_so_in_words(client, alarm):
    user = f.contact()
    notify(user, alarm, read=True)
    notify(user, alarm)
    client.force_login(user)
    body = client.get(INBOX).content.decode()
    assert body.count(">Unread<") == 1
    assert body.count("inbox__item--unread") == 1


def test_it_lists_only_the_users_own_notices(client, alarm):
    user, other = f.contact(), f.contact()
    notify(other, alarm, n=2)
    client.force_login(user)
    assert list(client.get(INBOX).context["page"]) == []


def test_a_drill_is_marked_in_the_inbox(client, alarm):
    user = f.contact()
    notify(user, alarm)
    client.force_login(user)
    assert 'data-drill="true"' in client.get(INBOX).content.decode()


def test_it_pages_by_fifty(client, alarm):
    user = f.contact()
    notify(user, alarm, n=51)
    client.force_login(user)
    assert len(client.get(INBOX).context["page"]) == 50
    assert len(client.get(INBOX, {"page": 2}).context["page"]) == 1


def test_a_bogus_page_number_shows_a_page(client, alarm):
    user = f.contact()
    notify(user, alarm, n=3)
    client.force_login(user)
    for page in ("abc", "-1", "9999"):
        assert client.get(INBOX, {"page": page}).status_code == 200


def test_opening_a_notice_reads_it_and_leads_to_the_alarm(client, alarm):
    user = f.contact()
    [notice] = notify(user, alarm)
    client.force_login(user)
    response = client.post(open_url(notice))
    assert response.status_code == 302 and response["Location"] == alarm.get_absolute_url()
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_opening_needs_post(client, alarm):
    user = f.contact()
    [notice] = notify(user, alarm)
    client.force_login(user)
    assert client.get(open_url(notice)).status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


def test_someone_elses_notice_is_not_found_and_stays_unread(client, alarm):
    owner, other = f.contact(), f.contact()
    [notice] = notify(owner, alarm)
    client.force_login(other)
    assert client.post(open_url(notice)).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_an_unknown_notice_is_not_found(client, alarm):
    client.force_login(f.contact())
    assert client.post(reverse("alarms:notification_open", args=[999999])).status_code == 404


def test_read_all_reads_only_the_users_own(client, alarm):
    user, other = f.contact(), f.contact()
    notify(user, alarm, n=3)
    notify(other, alarm, n=2)
    client.force_login(user)
    response = client.post(reverse("alarms:inbox_read_all"))
    assert response.status_code == 302 and response["Location"] == INBOX
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 2


def test_read_all_needs_post(client, alarm):
    user = f.contact()
    notify(user, alarm)
    client.force_login(user)
    assert client.get(reverse("alarms:inbox_read_all")).status_code == 405
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 1


def test_a_delivered_notice_on_a_confidential_case_does_not_name_the_case(client, aw):
    """The stored message text names the case by its code name; the inbox shows the alarm's own
    message instead, so a recipient who may not see the case never reads its name here."""
    w = aw
    from alarms.delivery.models import Delivery

    delivery = Delivery.objects.get(
        alarm=w["alarm_confidential"], person=w["alarm_primary"], kind="inapp", step=0, round=0
    )
    deliver(delivery.pk)
    contact_notification(w)
    client.force_login(w["contact"])
    body = client.get(INBOX).content.decode()
    assert "Stort ärende" in body  # the notice is there
    assert not any(secret in body for secret in SECRETS)


def test_the_queries_do_not_grow_with_the_notices(client):
    user = f.contact()
    grow_roster(1)
    coordinator = f.coordinator("24")
    first = finished_alarm(coordinator, close=False)
    notify(user, first, n=3)
    client.force_login(user)
    small = count_queries(client, INBOX, warm=True)
    for _ in range(3):  # notices of several alarms, drills and not
        a = finished_alarm(coordinator, close=False, kind=AlarmKind.ESTABLISHMENT)
        notify(user, a, n=19)
    assert Notification.objects.filter(user=user).count() == 60
    assert count_queries(client, INBOX, warm=True) == small
