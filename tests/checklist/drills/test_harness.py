"""The rows of tests/checklist/harness_drills.py, tried the way tests/test_access_harness.py tries
them (until the lead wires them in there): anonymous users go to the login page; refused users get
403/404/405, see no secret and change nothing."""

import pytest
from django.urls import reverse

from checklist.models import Drill, DrillAnswer
from establishments.models import CaseMember, EstablishmentCase
from tests.checklist.harness_drills import rows
from tests.test_access_harness import (
    SECRETS,
    USERS,
    all_url_names,
    world,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db


def everyone_but(*allowed):
    return [k for k in USERS if k not in allowed]


def state():
    return (
        list(Drill.objects.order_by("pk").values_list("closed_at", "scenario")),
        list(DrillAnswer.objects.order_by("pk").values_list("contribution", "approach", "answered_at")),
        list(EstablishmentCase.objects.order_by("pk").values_list("pk", "phase")),
        CaseMember.objects.count(),
        Drill.history.count(),
        DrillAnswer.history.count(),
    )


def test_every_url_of_the_drill_pages_has_a_row(world):  # noqa: F811
    names = {name for name, _, _ in rows(world, everyone_but)}
    assert names == {n for n in all_url_names() if n.startswith("checklist:drill_")}
    assert len(names) == 5


def test_anonymous_users_are_sent_to_the_login_page(client, world):  # noqa: F811
    for name, url, _ in rows(world, everyone_but):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__)
            assert response["Location"].startswith(reverse("login")), name


def test_refused_users_get_no_data_and_change_nothing(client, world):  # noqa: F811
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


def test_allowed_users_reach_the_pages(client, world):  # noqa: F811
    """The control: everyone not refused gets the page (a GET of a POST-only URL is 405)."""
    for name, url, denied in rows(world, everyone_but):
        for key in (k for k in USERS if k not in denied):
            client.force_login(world[key])
            expected = 405 if name == "checklist:drill_answer" else 200
            assert client.get(url).status_code == expected, (name, key)
