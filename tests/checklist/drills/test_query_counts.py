"""The drill pages cost the same number of SQL queries at 3 and at 60 participants (the drill page,
the start page) and at 3 and 60 drills (the list)."""

import pytest
from django.urls import reverse

from checklist.drills import services as drill_services
from tests import factories as f
from tests.checklist.harness_drills import start
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def participants(n: int) -> list:
    """n users of region 24 who may take part: officials and contacts of the region's organisations."""
    users = []
    for i in range(n):
        if i % 2:
            users.append(f.official("2482" if i % 4 == 1 else "2480"))
        else:
            users.append(f.contact(f.OrganisationFactory(region=f.region("24"))))
    return users


def busy_drill(coordinator, users):
    """A drill where every other participant has answered."""
    drill = start(coordinator, [(u, f"Roll {u.pk}") for u in users])
    for u in users[::2]:
        drill_services.drill_answer(user=u, drill=drill, contribution="Bidrag", approach="Så här")
    return drill


@pytest.mark.parametrize("viewer", ["participant", "coordinator", "admin"])
def test_the_drill_page_costs_the_same_at_3_and_60_participants(client, viewer):
    coordinator = f.coordinator("24")
    f.coordinator("24")  # the deputy
    small_users = participants(3)
    large_users = participants(60)
    small, large = busy_drill(coordinator, small_users), busy_drill(coordinator, large_users)
    if viewer == "participant":
        # The same kind of participant in both drills (an actor contact).
        who = {small.pk: small_users[0], large.pk: large_users[0]}
    else:
        user = coordinator if viewer == "coordinator" else f.admin()
        who = {small.pk: user, large.pk: user}
    counts = []
    for drill in (small, large):
        client.force_login(who[drill.pk])
        counts.append(count_queries(client, reverse("checklist:drill_detail", args=[drill.pk])))
        counts.append(count_queries(client, reverse("checklist:drill_close", args=[drill.pk]),
                                    status=403 if viewer == "participant" else 200))  # fmt: skip
    assert counts[:2] == counts[2:], counts


def test_the_drill_list_costs_the_same_at_3_and_60_drills(client):
    coordinator = f.coordinator("24")
    f.coordinator("24")
    users = participants(3)
    for _ in range(3):
        busy_drill(coordinator, users)
    viewers = {"coordinator": coordinator, "participant": users[0], "admin": f.admin()}
    small = {}
    for key, user in viewers.items():
        client.force_login(user)
        small[key] = count_queries(client, reverse("checklist:drill_list"))
    for _ in range(57):
        busy_drill(coordinator, users)
    for key, user in viewers.items():
        client.force_login(user)
        assert count_queries(client, reverse("checklist:drill_list")) == small[key], key


def test_the_start_page_costs_the_same_at_3_and_60_candidates(client):
    coordinator = f.coordinator("24")
    client.force_login(coordinator)
    url = reverse("checklist:drill_start")
    skelleftea = f.municipality("2482").pk
    participants(2)
    small = count_queries(client, url, data={"municipality": skelleftea})
    participants(57)
    assert count_queries(client, url, data={"municipality": skelleftea}) == small
