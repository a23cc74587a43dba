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
    match = re.search(r"<svg\b[^>]*chart__svg.*?</svg>", body, re.S)
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
    assert "chart__svg" not in body


# --- One shared scale -------------------------------------------------------------------------


def test_scale_ticks_are_round_and_reach_the_largest_value():
    from config.svg import nice_step, scale_ticks

    assert scale_ticks(1200) == (1250, [0, 250, 500, 750, 1000, 1250])
    assert scale_ticks(1500) == (1500, [0, 500, 1000, 1500])
    assert scale_ticks(90) == (100, [0, 20, 40, 60, 80, 100])
    assert scale_ticks(7) == (8, [0, 2, 4, 6, 8])
    assert scale_ticks(0) == (1, [0, 1])  # nothing recorded yet: still a scale, never a division by 0
    for top in (1, 3, 15, 25, 101, 999, 4900, 12345):
        end, ticks = scale_ticks(top)
        assert end >= top and ticks[0] == 0 and ticks[-1] == end
        assert 2 <= len(ticks) <= 7, (top, ticks)
        step = nice_step(top)
        assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))


def test_every_occupation_shares_one_scale(w):
    """25 teachers draw a fiftieth as long as 1 250 operators, not as long."""
    from competence import selectors
    from competence.charts import LEFT, shared_scale

    make_gap(w.case, w.coordinator, code="8189", year=2027, needed=1200, supply=200)
    make_gap(w.case, w.coordinator, code="2341", year=2027, needed=25, supply=5)
    summary = selectors.competence_summary(user=w.coordinator, case=w.case)
    assert shared_scale(summary["groups"]) == (1250, [0, 250, 500, 750, 1000, 1250])
    chart = summary["chart"]
    bars = {b.heading.split()[0]: b.rows[0].need for b in chart.blocks}
    assert bars["8189"].width == pytest.approx(bars["2341"].width * 1200 / 25, rel=0.01)
    plot = chart.ticks[-1].x - LEFT
    assert bars["8189"].width == pytest.approx(plot * 1200 / 1250, abs=0.2)
    assert [t.value for t in chart.ticks] == [0, 250, 500, 750, 1000, 1250]
    assert chart.scale_end == 1250


@pytest.mark.swedish
def test_the_scale_is_drawn_with_its_numbers_and_the_bars_with_theirs(client, w):
    make_gap(w.case, w.coordinator, code="8189", year=2027, needed=1200, supply=200)
    make_gap(w.case, w.coordinator, code="2341", year=2027, needed=25, supply=5)
    client.force_login(w.coordinator)
    with translation.override("sv"):
        body = client.get(
            reverse("competence:case_competence", kwargs={"case_pk": w.case.pk})
        ).content.decode()
    svg = chart_of(body)
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    # The scale's numbers, above and below the bars, with a space between thousands.
    for label in ("0", "250", "500", "1\xa0000", "1\xa0250"):
        assert texts.count(label) == 2, label
    assert "Behov 1\xa0200" in texts and "Behov 25" in texts  # each bar's own number beside it
