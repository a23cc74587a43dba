"""The rows of tests/alarms/harness_views.py, tried the way tests/test_access_harness.py tries them
(until the lead wires them in there): anonymous users go to the login page; refused users get
403/404/405, see no secret and change nothing."""

import pytest
from django.urls import reverse

from alarms.core.models import Alarm, AlarmEvent, Recipient
from alarms.raising.models import FirstResponseNote
from tests.alarms import views_helpers
from tests.alarms.harness_views import rows
from tests.alarms.views_helpers import SECRETS
from tests.test_access_harness import USERS

pytestmark = pytest.mark.django_db
world = views_helpers.world  # a fixture


def everyone_but(*allowed):
    return [k for k in USERS if k not in allowed]


def state():
    return (
        list(Alarm.objects.order_by("pk").values_list("state", "closed_at")),
        list(Recipient.objects.order_by("pk").values_list("response", "responded_at")),
        AlarmEvent.objects.count(),
        FirstResponseNote.objects.count(),
    )


def test_every_url_of_the_alarm_pages_has_a_row(world):
    names = {name for name, _, _ in rows(world, everyone_but)}
    assert names == {
        f"alarms:{n}" for n in ("list", "raise", "detail", "board", "answer", "note_add", "close")
    }


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    for name, url, _ in rows(world, everyone_but):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__)
            assert response["Location"].startswith(reverse("login")), name


def test_refused_users_get_no_data_and_change_nothing(client, world):
    table = rows(world, everyone_but)
    before = state()
    for name, url, denied in table:
        for key in denied:
            client.force_login(world[key])
            for method in ("get", "post"):
                data = {"phase": "drift", "user": world[key].pk, "reason": "x"}  # as the harness posts
                response = getattr(client, method)(url, data)
                assert response.status_code in (403, 404, 405), (name, url, key, method, response.status_code)
                body = response.content.decode()
                assert not any(s in body for s in SECRETS), (name, key, method)
    assert state() == before
