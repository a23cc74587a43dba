"""Who may see and change the actor map and contact routes, page by page and endpoint by endpoint."""

import pytest
from django.urls import reverse

from establishments.models import CaseMember
from workspace.routes.models import ContactRoute, RouteStep

from .conftest import make_route, make_step, member

pytestmark = pytest.mark.django_db

EDITORS = {"coordinator", "deputy"}
READERS = {"reader", "contact"}  # see the open case, change nothing
OUTSIDERS = {"other_region", "contact_other"}


@pytest.fixture
def urls(w):
    case = w["case"].pk
    m = member(w, "region")
    route = make_route(w["case"], w["maria"])
    step = make_step(route, w["erik"])
    return {
        "read": [
            reverse("workspace:actor_map", args=[case]),
            reverse("workspace:contact_routes", args=[case]),
            reverse("workspace:one_way_in", args=[case]),
            reverse("workspace:one_way_in_pdf", args=[case]),
        ],
        "write": [
            reverse("workspace:item_create", args=[case, "casemember"]),
            reverse("workspace:item_edit", args=[case, "casemember", m.pk]),
            reverse("workspace:item_create", args=[case, "contactroute"]),
            reverse("workspace:item_edit", args=[case, "contactroute", route.pk]),
            reverse("workspace:route_verify", args=[case, route.pk]),
            reverse("workspace:item_create", args=[case, "routestep"]) + f"?route={route.pk}",
            reverse("workspace:item_edit", args=[case, "routestep", step.pk]),
        ],
    }


def snapshot():
    return (
        [(m.pk, m.version) for m in CaseMember.objects.order_by("pk")],
        list(ContactRoute.objects.values_list("pk", "version")),
        list(RouteStep.objects.values_list("pk", "version")),
        CaseMember.history.count(),
        ContactRoute.history.count(),
    )


POST = {
    "organisation": 1,
    "case_role": "ager",
    "engagement": "engagerad",
    "mandate": "x",
    "topic": "ovrigt",
    "answers": "x",
    "person": 1,
    "handles": "x",
    "order": 1,
    "version": 1,
}


def test_anonymous_users_go_to_the_login_page(client, urls):
    for url in urls["read"] + urls["write"]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "/logga-in/" in response["Location"], url


@pytest.mark.parametrize("key", sorted(OUTSIDERS))
def test_outsiders_see_nothing(client, w, urls, key):
    client.force_login(w[key])
    before = snapshot()
    for url in urls["read"] + urls["write"]:
        assert client.get(url).status_code in (404, 405), (key, url)
        assert client.post(url, POST).status_code in (404, 405), (key, url)
    assert snapshot() == before


@pytest.mark.parametrize("key", sorted(READERS))
def test_readers_and_actor_contacts_read_but_cannot_edit(client, w, urls, key):
    client.force_login(w[key])
    before = snapshot()
    for url in urls["read"]:
        assert client.get(url).status_code == 200, (key, url)
    for url in urls["write"]:
        assert client.post(url, POST).status_code == 403, (key, url)
        assert client.get(url).status_code in (403, 405), (key, url)
    assert snapshot() == before
    body = client.get(urls["read"][0]).content.decode()
    assert "actor_member_edit" not in body and "/karta/ny/" not in body  # no edit controls


@pytest.mark.parametrize("key", sorted(EDITORS))
def test_the_coordinator_and_deputy_may_edit(client, w, urls, key):
    client.force_login(w[key])
    for url in urls["read"]:
        assert client.get(url).status_code == 200
    for url in urls["write"]:
        assert client.get(url).status_code in (200, 405), url


def test_a_confidential_case_needs_a_grant(client, w):
    route = make_route(w["case_conf"], w["maria"], answers="Hemligt svar")
    conf = w["case_conf"].pk
    m = CaseMember.objects.get(case=w["case_conf"])
    pages = [
        reverse("workspace:actor_map", args=[conf]),
        reverse("workspace:contact_routes", args=[conf]),
        reverse("workspace:one_way_in", args=[conf]),
        reverse("workspace:one_way_in_pdf", args=[conf]),
        reverse("workspace:item_edit", args=[conf, "casemember", m.pk]),
        reverse("workspace:item_edit", args=[conf, "contactroute", route.pk]),
        reverse("workspace:route_verify", args=[conf, route.pk]),
    ]
    for key in ("coordinator_not_granted", "contact", "reader", "other_region"):
        client.force_login(w[key])
        for url in pages:
            for method in (client.get, client.post):
                response = method(url, POST)
                assert response.status_code in (404, 405), (key, url)
                assert b"Hemlig" not in response.content and b"Projekt Nordljus" not in response.content
    client.force_login(w["coordinator"])
    for url in pages[:4]:
        assert client.get(url).status_code == 200
