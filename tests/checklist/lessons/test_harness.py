"""The lessons' and routines' harness rows, tried here as tests/test_access_harness.py will: every
refused user gets 403/404 for GET and POST, sees none of the confidential case, and changes nothing;
the users not refused get the page."""

import pytest

from checklist.models import Lesson, LessonTheme, Routine
from tests.checklist.harness_lessons import LESSON_SECRETS, rows
from tests.test_access_harness import USERS, world  # noqa: F401 - the harness's world fixture

pytestmark = pytest.mark.django_db


def everyone_but(*allowed):
    return [k for k in USERS if k not in allowed]


def snapshot():
    return (
        Lesson.objects.count(),
        Lesson.history.count(),
        LessonTheme.objects.count(),
        list(Routine.objects.order_by("pk").values_list("pk", "version", "is_current", "text_sv")),
    )


def test_rows_cover_every_url_of_the_area(world):  # noqa: F811
    names = {name for name, _, _ in rows(world, everyone_but)}
    assert names == {
        "checklist:lesson_library",
        "checklist:lesson_create",
        "checklist:lesson_edit",
        "checklist:routine_list",
        "checklist:routine_add",
        "checklist:routine_revise",
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
                    url,
                    {
                        "what_worked": "x",
                        "what_did_not": "x",
                        "do_differently": "x",
                        "themes": ["mark"],
                        "text_sv": "Ny lydelse",
                        "text_en": "New wording",
                    },
                )
                assert response.status_code in (403, 404), (name, key, method, response.status_code)
                body = response.content.decode()
                assert not any(s in body for s in LESSON_SECRETS), (name, key, method)
    assert snapshot() == before


def test_users_not_refused_get_the_page(client, world):  # noqa: F811
    for name, url, denied in rows(world, everyone_but):
        for key in USERS:
            if key in denied:
                continue
            client.force_login(world[key])
            assert client.get(url).status_code == 200, (name, key)


def test_anonymous_users_are_sent_to_the_login_page(client, world):  # noqa: F811
    for name, url, _ in rows(world, everyone_but):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, name
            assert "/logga-in/" in response["Location"], name
