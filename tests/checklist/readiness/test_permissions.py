"""Who sees a region's readiness, and who turns a handlingsplan into an action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from checklist.models import RegionalAction, Value
from tests import factories as f
from tests.checklist.readiness.helpers import answer, fill, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return [f.OrganisationFactory(name="Skellefteå kommun"), f.OrganisationFactory(name="Umeå kommun")]


@pytest.fixture
def round_24(orgs):
    round_ = open_round(organisations=orgs, title="Våren")
    fill(round_, orgs[0], {4: Value.NO})
    fill(round_, orgs[1], Value.YES)
    return round_


def region_pages(round_):
    code = round_.region.code
    return [
        reverse("checklist:overview", args=[code]),
        reverse("checklist:trends", args=[code]),
        reverse("checklist:plan", args=[code]),
        reverse("checklist:matrix", args=[round_.pk]),
        reverse("checklist:matrix_xlsx", args=[round_.pk]),
        reverse("checklist:matrix_print", args=[round_.pk]),
    ]


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: f.coordinator("21"),
        lambda: f.official("2180"),
        lambda: f.reader("21"),
    ],
    ids=["coordinator", "official", "reader"],
)
def test_another_regions_staff_do_not_know_the_region_s_readiness(client, round_24, make_user):
    client.force_login(make_user())
    for url in region_pages(round_24):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "make_user",
    [lambda: f.coordinator("24"), lambda: f.official("2482"), lambda: f.reader("24"), lambda: f.admin()],
    ids=["coordinator", "official", "reader", "admin"],
)
def test_the_region_s_staff_and_administrators_see_it(client, round_24, make_user):
    client.force_login(make_user())
    for url in region_pages(round_24):
        assert client.get(url).status_code == 200, url


def test_an_actor_contact_never_sees_the_matrix_even_of_their_own_round(client, orgs, round_24):
    client.force_login(f.contact(organisation=orgs[0]))
    for url in region_pages(round_24):
        assert client.get(url).status_code == 404, url
    response = client.get(reverse("checklist:readiness_index"))
    assert response.status_code == 302 and response["Location"] == reverse("checklist:my_rounds")


def test_the_index_sends_each_user_to_their_own_region(client):
    for user, code in ((f.coordinator("21"), "21"), (f.official("2482"), "24"), (f.reader("24"), "24")):
        client.force_login(user)
        response = client.get(reverse("checklist:readiness_index"))
        assert response.status_code == 302
        assert response["Location"] == reverse("checklist:overview", args=[code])
    client.force_login(f.admin())
    body = client.get(reverse("checklist:readiness_index")).content.decode()
    assert (
        reverse("checklist:overview", args=["24"]) in body
        and reverse("checklist:overview", args=["21"]) in body
    )


def test_a_user_without_region_or_role_is_refused_the_index(client):
    client.force_login(f.UserFactory())
    assert client.get(reverse("checklist:readiness_index")).status_code == 403


def test_a_reader_and_an_official_see_but_do_not_make_or_change_actions(client, orgs, round_24):
    nej = answer(round_24, orgs[0], 4)
    coordinator = f.coordinator("24")
    client.force_login(coordinator)
    client.post(
        reverse("checklist:action_from_answer", args=[nej.pk]),
        {"title": "Rutin 4", "theme": "larmsystem", "status": "planerad"},
    )
    action = RegionalAction.objects.get()
    for user in (f.reader("24"), f.official("2482")):
        client.force_login(user)
        matrix = client.get(reverse("checklist:matrix", args=[round_24.pk])).content.decode()
        assert reverse("checklist:action_from_answer", args=[nej.pk]) not in matrix
        plan = client.get(reverse("checklist:plan", args=["24"])).content.decode()
        assert "Rutin 4" in plan and reverse("checklist:action_edit", args=[action.pk]) not in plan
        assert client.get(reverse("checklist:action_from_answer", args=[nej.pk])).status_code == 403
        assert (
            client.post(
                reverse("checklist:action_from_answer", args=[nej.pk]),
                {"title": "Kapad", "theme": "larmsystem", "status": "planerad"},
            ).status_code
            == 403
        )
        assert client.get(reverse("checklist:action_edit", args=[action.pk])).status_code == 403
        assert (
            client.post(
                reverse("checklist:action_edit", args=[action.pk]),
                {"title": "Kapad", "theme": "larmsystem", "status": "klar"},
            ).status_code
            == 403
        )
    action.refresh_from_db()
    assert action.title == "Rutin 4" and action.status == "planerad"
    assert RegionalAction.objects.count() == 1


def test_another_regions_coordinator_cannot_reach_the_actions(client, orgs, round_24):
    nej = answer(round_24, orgs[0], 4)
    action = RegionalAction.objects.create(
        region=round_24.region, source_answer=nej, theme="larmsystem", title="Rutin 4", created_by=f.admin()
    )
    client.force_login(f.coordinator("21"))
    assert client.get(reverse("checklist:action_from_answer", args=[nej.pk])).status_code == 404
    assert client.post(reverse("checklist:action_edit", args=[action.pk]), {"title": "x"}).status_code == 404


def test_the_service_checks_permission_itself(orgs, round_24):
    from django.core.exceptions import PermissionDenied

    from checklist.readiness import services as plan_services

    nej = answer(round_24, orgs[0], 4)
    with pytest.raises(PermissionDenied):
        plan_services.action_from_answer(user=f.reader("24"), answer=nej, title="x", theme="larmsystem")
    with pytest.raises(PermissionDenied):
        plan_services.action_from_answer(user=f.coordinator("21"), answer=nej, title="x", theme="larmsystem")
    assert not RegionalAction.objects.exists()
