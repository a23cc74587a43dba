"""Contact routes: inline create and edit, the referral chain, "verified today", and the warnings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from establishments.slots import CASE_TABS
from tests.workspace.conftest import make_route, make_step
from workspace.routes.models import ContactRoute, RouteStep
from workspace.routes.selectors import contact_route_warnings, contact_routes, contact_routes_progress

pytestmark = pytest.mark.django_db


def route_data(w, **overrides):
    data = {
        "topic": "kompetensforsorjning",
        "first_contact": w["maria"].pk,
        "answers": "Vilka utbildningar som finns och startar",
        "last_verified": timezone.localdate().isoformat(),
        "sharing": "etableraren",
        "note": "Hon vill bli uppringd före tio.",
    }
    data.update(overrides)
    return data


def test_a_coordinator_creates_a_route_inline(client, w):
    client.force_login(w["coordinator"])
    url = reverse("workspace:item_create", args=[w["case"].pk, "contactroute"])
    response = client.post(url, route_data(w), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.headers["HX-Refresh"] == "true"  # a new route belongs in its topic's group
    route = ContactRoute.objects.get(case=w["case"])
    page = client.get(reverse("workspace:contact_routes", args=[w["case"].pk])).content.decode()
    assert "Maria Lundberg" in page
    assert route.created_by == w["coordinator"] and route.version == 1
    assert route.history.first().history_user == w["coordinator"]


def test_steps_are_added_in_order_and_the_page_shows_the_chain(client, w):
    client.force_login(w["coordinator"])
    route = make_route(w["case"], w["maria"])
    url = reverse("workspace:item_create", args=[w["case"].pk, "routestep"]) + f"?route={route.pk}"
    assert 'value="1"' in client.get(url).content.decode()
    for person, fallback in ((w["johan"], ""), (w["erik"], "on")):
        data = {"order": "", "person": person.pk, "handles": "Tar över", "sharing": "etableraren"}
        data["order"] = (route.steps.count() or 0) + 1
        if fallback:
            data["is_fallback"] = fallback
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    steps = list(route.steps.all())
    assert [(s.order, s.person, s.is_fallback) for s in steps] == [
        (1, w["johan"], False),
        (2, w["erik"], True),
    ]
    body = client.get(reverse("workspace:contact_routes", args=[w["case"].pk])).content.decode()
    assert body.index("Johan Nystrom") < body.index("Erik Holmstrom")
    assert "Hon vill" not in body  # no note on this route; notes are shown to staff only when present


def test_editing_a_route_and_a_stale_edit(client, w):
    client.force_login(w["coordinator"])
    route = make_route(w["case"], w["maria"])
    url = reverse("workspace:item_edit", args=[w["case"].pk, "contactroute", route.pk])
    response = client.post(url, {**route_data(w, answers="Nytt svar"), "version": 1, "change_reason": "Ny"})
    assert response.status_code == 302
    response = client.post(url, {**route_data(w, answers="Gammalt"), "version": 1}, HTTP_HX_REQUEST="true")
    assert "Nytt svar" in response.content.decode()
    route.refresh_from_db()
    assert route.answers == "Nytt svar" and route.version == 2


def test_mark_verified_today(client, w):
    client.force_login(w["coordinator"])
    route = make_route(w["case"], w["maria"], last_verified=timezone.localdate() - timedelta(days=200))
    url = reverse("workspace:route_verify", args=[w["case"].pk, route.pk])
    response = client.post(url, {"version": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    route.refresh_from_db()
    assert route.last_verified == timezone.localdate() and route.version == 2
    assert route.history.first().history_change_reason == "Verified today"
    # a stale "verified" is refused
    client.post(url, {"version": 1})
    route.refresh_from_db()
    assert route.version == 2
    assert client.get(url).status_code == 405


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"topic": "astrologi"}, "topic"),
        ({"first_contact": 999999}, "first_contact"),
        ({"answers": ""}, "answers"),
        ({"answers": "x" * 2001}, "answers"),
        ({"note": "x" * 2001}, "note"),
        ({"last_verified": "igår"}, "last_verified"),
        ({"sharing": "alla"}, "sharing"),
    ],
)
def test_bad_route_input_is_refused(client, w, overrides, field):
    client.force_login(w["coordinator"])
    response = client.post(
        reverse("workspace:item_create", args=[w["case"].pk, "contactroute"]),
        route_data(w, **overrides),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert response["HX-Retarget"] == "#new-contactroute"
    assert not ContactRoute.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [({"order": "0"}, "order"), ({"order": "100"}, "order"), ({"handles": "x" * 301}, "handles")],
)
def test_bad_step_input_is_refused(client, w, overrides, field):
    client.force_login(w["coordinator"])
    route = make_route(w["case"], w["maria"])
    data = {"order": "1", "person": w["johan"].pk, "handles": "Mark", "sharing": "medlemmar", **overrides}
    response = client.post(
        (reverse("workspace:item_create", args=[w["case"].pk, "routestep"]) + f"?route={route.pk}"), data
    )
    assert response.context["form"].errors.get(field)
    assert not RouteStep.objects.exists()


def test_a_step_of_another_cases_route_is_not_reachable(client, w):
    client.force_login(w["coordinator"])
    other = make_route(w["case_conf"], w["maria"])
    step = make_step(other, w["erik"])
    assert (
        client.get(reverse("workspace:item_edit", args=[w["case"].pk, "routestep", step.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("workspace:item_edit", args=[w["case"].pk, "contactroute", other.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("workspace:item_create", args=[w["case"].pk, "routestep"]) + f"?route={other.pk}"
        ).status_code
        == 404
    )


def warnings_of(w, user=None):
    routes = contact_routes(user=user or w["coordinator"], case=w["case"])
    warnings, left = contact_route_warnings(routes)
    return {x["key"]: x["text"] for x in warnings}, left


def test_the_warnings(w):
    keys, _left = warnings_of(w)
    assert set(keys) == {"empty"}
    skills = make_route(w["case"], w["maria"])
    land = make_route(w["case"], w["johan"], topic="mark_tillstand")
    make_step(skills, w["erik"], fallback=True)
    make_step(land, w["anders"])  # has left
    old = make_route(
        w["case"], w["jonas"], topic="bostader", last_verified=timezone.localdate() - timedelta(days=91)
    )
    make_step(old, w["maria"], fallback=True)
    keys, left = warnings_of(w)
    assert set(keys) == {"fallback", "stale", "left"}
    assert "1" in keys["fallback"] and ("Mark" in keys["fallback"] or "permits" in keys["fallback"])
    assert "Jonas Bergkvist" in keys["stale"]
    assert "Anders Oberg" in keys["left"] and left == {w["anders"].pk}
    progress = contact_routes_progress(user=w["coordinator"], case=w["case"])
    assert (progress.done, progress.total) == (2, 5)
    assert progress.missing == list(keys.values())


def test_a_person_without_any_role_counts_as_left(w):
    make_route(w["case"], w["stranger"])
    keys, left = warnings_of(w)
    assert left == {w["stranger"].pk} and "Sven Utanfor" in keys["left"]


def test_a_verified_route_with_a_fallback_is_complete(w):
    route = make_route(w["case"], w["maria"])
    make_step(route, w["erik"], fallback=True)
    registered = next(tab.progress for tab in CASE_TABS.values() if tab.key == "contact_routes")
    progress = registered(user=w["coordinator"], case=w["case"])
    assert (progress.done, progress.total, progress.missing) == (5, 5, [])


def test_internal_routes_and_notes_are_hidden_from_contacts_and_readers(client, w):
    make_route(w["case"], w["maria"], sharing="intern", answers="Internt svar")
    shared = make_route(w["case"], w["johan"], sharing="medlemmar", note="Intern anteckning")
    make_step(shared, w["erik"], sharing="intern", handles="Hemligt steg")
    for key in ("contact", "reader"):
        client.force_login(w[key])
        body = client.get(reverse("workspace:contact_routes", args=[w["case"].pk])).content.decode()
        assert "Johan Nystrom" in body
        assert "Internt svar" not in body and "Intern anteckning" not in body and "Hemligt steg" not in body
    client.force_login(w["coordinator"])
    body = client.get(reverse("workspace:contact_routes", args=[w["case"].pk])).content.decode()
    assert "Internt svar" in body and "Intern anteckning" in body and "Hemligt steg" in body


def test_who_has_left_is_read_with_the_routes(w):
    """Whether each first contact and step person is still in post comes with the routes' rows: the
    warnings ask nothing more, and say what a separate look-up of the roles says."""
    from tests.helpers import queries_of
    from workspace.routes.selectors import people_who_left

    land = make_route(w["case"], w["anders"], topic="mark_tillstand")  # first contact has left
    make_step(land, w["erik"], fallback=True)
    skills = make_route(w["case"], w["maria"])
    make_step(skills, w["anders"])  # so has this step's person
    routes = contact_routes(user=w["coordinator"], case=w["case"])
    assert queries_of(lambda: contact_route_warnings(routes)) == 0
    _warnings, left = contact_route_warnings(routes)
    people = [w["anders"], w["erik"], w["maria"]]
    fresh = [type(p).objects.get(pk=p.pk) for p in people]  # read without ``in_post``
    assert left == people_who_left(fresh) == {w["anders"].pk}
