"""The readiness harness rows, tried here as tests/test_access_harness.py will: every refused user
gets 403/404/405 for GET and POST, sees nothing of the region's answers, and changes nothing; the
users not refused get the page (or, on the index, are sent to their own region)."""

import pytest

from checklist.models import RegionalAction
from tests.checklist.harness_readiness import rows
from tests.test_access_harness import USERS, world  # noqa: F401 - the harness's world fixture

pytestmark = pytest.mark.django_db


def everyone_but(*allowed):
    return [k for k in USERS if k not in allowed]


def snapshot():
    return (
        RegionalAction.objects.count(),
        RegionalAction.history.count(),
        list(RegionalAction.objects.order_by("pk").values_list("pk", "title", "status", "due_date")),
    )


def test_rows_cover_every_url_of_the_area(world):  # noqa: F811
    names = {name for name, _, _ in rows(world, everyone_but)}
    assert names == {
        "checklist:readiness_index",
        "checklist:overview",
        "checklist:trends",
        "checklist:plan",
        "checklist:matrix",
        "checklist:matrix_xlsx",
        "checklist:matrix_print",
        "checklist:action_from_answer",
        "checklist:action_edit",
    }
    assert rows(world, everyone_but) == rows(world, everyone_but)  # idempotent: nothing built twice


def test_refused_users_get_no_data_and_change_nothing(client, world):  # noqa: F811
    table = rows(world, everyone_but)
    before = snapshot()
    for name, url, denied in table:
        for key in denied:
            client.force_login(world[key])
            for method in ("get", "post"):
                response = getattr(client, method)(
                    url, {"title": "Kapad", "theme": "larmsystem", "status": "klar", "reason": "x"}
                )
                assert response.status_code in (403, 404, 405), (name, key, method, response.status_code)
                assert "Hemlig plan" not in response.content.decode(), (name, key, method)
    assert snapshot() == before


def test_users_not_refused_get_the_page(client, world):  # noqa: F811
    for name, url, denied in rows(world, everyone_but):
        for key in USERS:
            if key in denied:
                continue
            client.force_login(world[key])
            status = client.get(url).status_code
            expected = {200, 302} if name == "checklist:readiness_index" else {200}
            assert status in expected, (name, key, status)


def test_anonymous_users_are_sent_to_the_login_page(client, world):  # noqa: F811
    for name, url, _ in rows(world, everyone_but):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, name
            assert "/logga-in/" in response["Location"], name
