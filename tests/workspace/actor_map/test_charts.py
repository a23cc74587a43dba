"""The actor map's two charts are readable: whole names beside them (by ring, by quadrant), a
tooltip with the whole name on every mark, and nothing squeezed into the drawing to be cut."""

import re

import pytest
from django.urls import reverse

from tests.workspace.conftest import member
from workspace.actor_map.selectors import actor_map_drawing, case_members

pytestmark = pytest.mark.django_db

LONG = "Myndigheten för yrkeshögskolan och den regionala kompetensplattformen"


def page(client, w) -> str:
    client.force_login(w["coordinator"])
    return client.get(reverse("workspace:actor_map", args=[w["case"].pk])).content.decode()


def test_every_actor_is_named_in_full_beside_both_charts(client, w):
    m = member(w, "region")
    m.organisation.name = LONG
    m.organisation.save()
    m.influence, m.interest = 4, 5
    m.save()
    body = page(client, w)
    by_level = body[body.index('id="am-names-level"') : body.index('id="grid-h"')]
    by_quadrant = body[body.index('id="am-names-quadrant"') : body.index('id="table-h"')]
    members = case_members(user=w["coordinator"], case=w["case"])
    for mm in members:
        assert mm.organisation.name in by_level, mm.organisation.name
    assert LONG in by_level and LONG in by_quadrant  # whole, never shortened
    assert "Key players" in by_quadrant or "Nyckelaktörer" in by_quadrant
    number = next(mm.number for mm in members if mm.organisation.name == LONG)
    assert re.search(rf'<span class="am-no am-no--\w+">{number}</span> <span>{LONG}</span>', by_quadrant)


def test_the_drawing_holds_numbers_and_tooltips_not_cut_names(client, w):
    m = member(w, "region")
    m.organisation.name = LONG
    m.organisation.save()
    body = page(client, w)
    svgs = re.findall(r'<svg class="actor-map__svg".*?</svg>', body, re.S)
    assert len(svgs) == 2
    rings = svgs[0]
    assert 'viewBox="0 0 600 600"' in rings  # no room left of the rings for labels that were cut
    assert "…" not in rings and "…" not in svgs[1]
    assert re.search(rf"<title>\d+\. {LONG}</title>", rings)  # the whole name on hover


def test_the_lists_by_quadrant_follow_the_grid(w):
    members = case_members(user=w["coordinator"], case=w["case"])
    for i, m in enumerate(members):
        m.influence, m.interest = [(5, 5), (5, 1), (1, 5), (1, 1), (None, 3)][i % 5]
    drawing = actor_map_drawing(members)
    keys = {g["key"]: [m.pk for m in g["members"]] for g in drawing["by_quadrant"]}
    for m in members:
        if m.influence is None:
            assert m in drawing["unplaced"]
            assert all(m.pk not in v for v in keys.values())
            continue
        expected = {(5, 5): "key", (5, 1): "satisfied", (1, 5): "informed", (1, 1): "monitor"}
        assert m.pk in keys[expected[(m.influence, m.interest)]]
    assert [g["key"] for g in drawing["by_quadrant"]] == [
        k for k in ("key", "satisfied", "informed", "monitor") if k in keys
    ]
    levels = [g["level"] for g in drawing["by_level"]]
    assert sum(len(g["members"]) for g in drawing["by_level"]) == len(members)
    assert levels == sorted(levels, key=["lokal", "regional", "nationell", "internationell"].index)
