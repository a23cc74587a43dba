"""The tab's rows drawn in Python (competence/rows.py) and its chart (charts.svg): what was typed is
escaped, a reader gets no actions, and a fragment swapped in after an edit is the same row."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import factories as f

from .conftest import make_gap, make_intervention, make_need

pytestmark = [pytest.mark.django_db, pytest.mark.english]

HOSTILE = '<script>alert("x")</script> & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"


def tab(case) -> str:
    return reverse("competence:case_competence", kwargs={"case_pk": case.pk})


def test_what_was_typed_is_escaped_in_every_row(client, w):
    gap = make_gap(w.case, w.coordinator, note=HOSTILE)
    make_intervention(
        gap, w.coordinator, title=HOSTILE, note=HOSTILE, organisation=f.OrganisationFactory(name=HOSTILE)
    )
    make_need(w.case, w.coordinator, description=HOSTILE, organisation=f.OrganisationFactory(name=HOSTILE))
    client.force_login(w.coordinator)
    body = client.get(tab(w.case)).content.decode()
    assert "<script>alert" not in body
    assert (
        body.count(ESCAPED) >= 6
    )  # the gap's note; the intervention's title, note, organisation; the need's


def test_a_reader_gets_the_rows_without_actions(client, w):
    gap = make_gap(w.case, w.coordinator)
    make_intervention(gap, w.coordinator)
    make_need(w.case, w.coordinator)
    client.force_login(w.reader)
    body = client.get(tab(w.case)).content.decode()
    assert f'id="competencegap-{gap.pk}"' in body and 'class="item intervention"' in body
    assert "/historik/" in body  # the history is for every reader
    assert "/ta-bort/" not in body and 'hx-get="/arenden/' not in body.split('id="list-competencegap"')[1]


def test_a_row_after_an_edit_is_the_row_of_the_tab(client, w):
    gap = make_gap(w.case, w.coordinator, code="8189", year=2027, needed=1200, supply=200)
    make_intervention(gap, w.coordinator, places=300)
    client.force_login(w.coordinator)
    body = client.get(tab(w.case)).content.decode()
    url = reverse("workspace:item_edit", kwargs={"case_pk": w.case.pk, "kind": "competencegap", "pk": gap.pk})
    fragment = client.get(url + "?view=1", headers={"HX-Request": "true"}).content.decode().strip()
    assert fragment.startswith(f'<div class="item gap" id="competencegap-{gap.pk}">')
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # masked anew for every answer
    assert token.sub("", fragment) in token.sub("", body)
    assert "1,200" in fragment and "Interventions deliver 300 that year" in fragment


def test_the_chart_writes_coordinates_and_escapes_its_texts(client, w):
    make_gap(w.case, w.coordinator, code="8189", year=2027, needed=1200, supply=200)
    client.force_login(w.coordinator)
    body = client.get(tab(w.case)).content.decode()
    start = body.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg"')
    svg = body[start : body.index("</svg>", start)]
    assert 'viewBox="0 0 760 ' in svg and 'id="chart-hatch"' in svg
    assert "Need 1,200" in svg and ">people</text>" in svg
    assert ",5" not in svg.replace("1,200", "")  # no decimal commas in the geometry
