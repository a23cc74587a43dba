"""The need-versus-supply chart is valid SVG with a title, a description and a table beside it."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from .conftest import make_gap, make_intervention

pytestmark = [pytest.mark.django_db, pytest.mark.english]
SVG = "{http://www.w3.org/2000/svg}"


def chart_of(body: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", body, re.S)
    assert match, "no chart"
    return ET.fromstring(match.group(0))


@pytest.mark.swedish
def test_the_chart_is_valid_svg_with_a_title_and_a_text_alternative(client, w):
    gap = make_gap(w.case, w.coordinator, code="8189", year=2027, needed=1200, supply=200)
    make_gap(w.case, w.coordinator, code="8189", year=2028, needed=1500, supply=250)
    make_gap(w.case, w.coordinator, code="5321", year=2027, needed=40, supply=25)
    make_intervention(gap, w.coordinator, places=350)
    client.force_login(w.coordinator)
    with translation.override("sv"):
        body = client.get(
            reverse("competence:case_competence", kwargs={"case_pk": w.case.pk})
        ).content.decode()
    svg = chart_of(body)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text.strip()
    assert desc is not None and "2\xa0740" in desc.text  # the total need, in Swedish number format
    assert set(svg.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}
    # Numbers in the geometry are never localised ("12,5" would break the drawing).
    for rect in svg.iter(f"{SVG}rect"):
        for attr in ("x", "y", "width", "height"):
            if rect.get(attr) is not None:
                float(rect.get(attr))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert any("8189" in (t or "") for t in texts) and "2028" in texts
    # The table with every number stands next to it.
    assert "competence-table" in body
    assert '<td class="num">1\xa0200</td>' in body


def test_the_summary_refresh_carries_each_gaps_coverage(client, w):
    gap = make_gap(w.case, w.coordinator)
    client.force_login(w.coordinator)
    body = client.get(reverse("competence:summary", kwargs={"case_pk": w.case.pk})).content.decode()
    assert 'id="competence-summary"' in body
    assert f'id="coverage-{gap.pk}" hx-swap-oob="true"' in body
    chart_of(body)


def test_no_chart_without_gaps(client, w):
    client.force_login(w.coordinator)
    body = client.get(reverse("competence:case_competence", kwargs={"case_pk": w.case.pk})).content.decode()
    assert "<svg" not in body
