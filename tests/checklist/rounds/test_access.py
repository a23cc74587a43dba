"""The access harness's rows for the rounds and answers (tests/checklist/harness_rounds.py), tried
here the way tests/test_access_harness.py tries them once the lead wires them in: every refused
user gets 403/404/405 on GET and POST, sees no data, and changes nothing; anonymous users are sent
to the login page; the allowed users get the page."""

import pytest
from django.urls import reverse

from checklist.models import Participant, Round, RoutineAnswer
from tests.checklist.harness_rounds import rows
from tests.test_access_harness import USERS, world  # noqa: F401 - the harness world fixture

pytestmark = pytest.mark.django_db


def everyone_but(*allowed):
    return [k for k in USERS if k not in allowed]


def state():
    return (
        Round.objects.filter(closed_at__isnull=True).count(),
        Round.objects.count(),
        list(Participant.objects.order_by("pk").values_list("submitted_at", "reminded_on")),
        list(RoutineAnswer.objects.order_by("pk").values_list("value", "comment")),
    )


def test_refused_users_get_nothing_and_change_nothing(client, world):  # noqa: F811
    table = rows(world, everyone_but)
    before = state()
    for name, url, denied in table:
        for key in denied:
            client.force_login(world[key])
            for method in ("get", "post"):
                response = getattr(client, method)(
                    url, {"phase": "drift", "user": world[key].pk, "reason": "x"}
                )
                assert response.status_code in (403, 404, 405), (name, key, method, response.status_code)
                assert "Omgång" not in response.content.decode(), (name, key, method)
    assert state() == before


def test_anonymous_users_are_sent_to_the_login_page(client, world):  # noqa: F811
    for name, url, _denied in rows(world, everyone_but):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("login")), name


def test_allowed_users_get_the_pages(client, world):  # noqa: F811
    for name, url, denied in rows(world, everyone_but):
        if name == "checklist:round_remind":
            continue  # POST only; tried in test_rounds_pages
        for key in set(USERS) - set(denied):
            client.force_login(world[key])
            assert client.get(url).status_code == 200, (name, key)


def test_every_url_of_the_area_has_a_row(world):  # noqa: F811
    from checklist.urls import urlpatterns

    ours = {
        "my_rounds",
        "round_create",
        "round_detail",
        "round_close",
        "round_remind",
        "answer",
        "answer_history",
    }
    names = {p.name for p in urlpatterns if p.callback.__module__ == "checklist.rounds.views"}
    assert names == ours | {"answer_link"}  # the link is open by design (OPEN_URLS)
    assert {name.split(":")[1] for name, _url, _denied in rows(world, everyone_but)} == ours
