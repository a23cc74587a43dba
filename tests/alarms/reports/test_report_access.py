"""The access harness's checks on this area's rows (tests/alarms/harness_reports.py), run here too so
the rows are known to work before they are wired into tests/test_access_harness.py."""

import pytest
from django.urls import reverse

from alarms.inbox.models import Notification
from tests.alarms.harness_reports import rows
from tests.test_access_harness import (
    SECRETS,
    USERS,
    world,  # noqa: F401 - the harness's users and cases, a fixture
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hw(request):
    """The harness's world (its users, cases and, through the rows, its alarms)."""
    return request.getfixturevalue("world")


def everyone_but(*allowed):
    return [k for k in USERS if k not in allowed]


def test_every_url_of_the_area_has_a_row(hw):
    names = {name for name, _, _ in rows(hw, everyone_but)}
    assert names == {
        "alarms:report",
        "alarms:report_csv",
        "alarms:compare",
        "alarms:inbox",
        "alarms:notification_open",
        "alarms:inbox_read_all",
    }


def test_anonymous_users_are_sent_to_the_login_page(client, hw):
    for name, url, _ in rows(hw, everyone_but):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__)
            assert response["Location"].startswith(reverse("login")), name


def test_refused_users_get_nothing_and_change_nothing(client, hw):
    table = rows(hw, everyone_but)
    notice = hw["alarm_notification"]
    for name, url, denied in table:
        for key in denied:
            client.force_login(hw[key])
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"kind": "x", "reason": "x"})
                assert response.status_code in (403, 404, 405), (name, key, method, response.status_code)
                body = response.content.decode()
                assert not any(s in body for s in SECRETS), (name, key, method)
    notice.refresh_from_db()
    assert notice.read_at is None
    assert Notification.objects.filter(pk=notice.pk).exists()


def test_the_allowed_get_their_page(client, hw):
    for name, url, denied in rows(hw, everyone_but):
        if name in ("alarms:notification_open", "alarms:inbox_read_all"):
            continue  # POST only
        for key in everyone_but(*denied):
            client.force_login(hw[key])
            assert client.get(url).status_code == 200, (name, key)
