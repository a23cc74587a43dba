"""Arbetsförmedlingen's Yrkesbarometer beside a case's competence gaps (moment 2): the recruitment
situation in the case's county or, where the round has no county row, the country's (saying so),
the round, the movement since the round before, the text on hover and focus; a gap in shortage with
no intervention is flagged on the tab and in the overview's "what is missing"."""

import json

import pytest
from django.urls import reverse

from competence.barometer import importer
from competence.barometer.selectors import assessments_for
from competence.models import Occupation
from competence.selectors import competence_progress
from tests.helpers import queries_of

from .conftest import make_gap, make_intervention

pytestmark = [pytest.mark.django_db, pytest.mark.english]

FLAG = "Shortage occupation without an intervention"


def tab(client, w, user=None):
    client.force_login(user or w.coordinator)
    response = client.get(reverse("competence:case_competence", kwargs={"case_pk": w.case.pk}))
    assert response.status_code == 200
    return response.content.decode()


def group(body: str, code: str) -> str:
    """The part of the gap list for one occupation: its heading, the barometer, its gap rows."""
    start = body.index(f"<h3>{code} ")
    end = body.find('<div class="occupation-group">', start)
    return body[start : end if end > 0 else len(body)]


def load_round(code: str, *rows) -> None:
    records = [
        {"yb_yrke": name, "ssyk": ssyk, "lan": lan, "rekryteringssituation": situation, "omgang": code,
         "jobbmojligheter": "medelstora", "prognos": "minska", "text_rekryteringssituation": f"Text {lan}."}
        for name, ssyk, lan, situation in rows
    ]  # fmt: skip
    parsed = importer.read(json.dumps(records).encode(), filename="round.json")
    assert parsed.ok, parsed.errors
    importer.load(parsed)


def test_a_shortage_gap_without_an_intervention_shows_the_countrys_row_and_is_flagged(client, w):
    make_gap(w.case, w.coordinator, code="7411", needed=100, supply=10)
    electricians = group(tab(client, w), "7411")
    assert '<span class="badge badge--alert">Shortage</span>' in electricians
    assert "in the whole country (the round has no row for the county)" in electricians
    assert "job prospects: large" in electricians and "demand in five years: increase" in electricians
    assert "Yrkesbarometern 2026-1" in electricians
    # The assessment's own words, as a tooltip of a focusable button.
    assert (
        'role="tooltip"' in electricians and "Nationellt bedöms rekryteringssituationen för" in electricians
    )
    assert 'aria-describedby="barometer-' in electricians
    assert FLAG in electricians


def test_the_countys_row_wins_and_the_movement_since_the_round_before_is_shown(client, w):
    load_round(
        "2026-2",
        ("Installations- och serviceelektriker (med certifikat)", "7411", "24", "balans"),
        ("Installations- och serviceelektriker (med certifikat)", "7411", "00", "brist"),
        ("Underhållsmekaniker och maskinreparatörer", "7233", "21", "overskott"),
        ("Underhållsmekaniker och maskinreparatörer", "7233", "00", "balans"),
    )
    make_gap(w.case, w.coordinator, code="7411", needed=100, supply=10)  # the case is in Västerbotten (24)
    make_gap(w.case, w.coordinator, code="7233", needed=100, supply=10)
    body = tab(client, w)
    electricians, mechanics = group(body, "7411"), group(body, "7233")
    assert '<span class="badge">Balance</span>' in electricians and "in Västerbottens län" in electricians
    assert "Yrkesbarometern 2026-2" in electricians and "Text 24." in electricians
    assert "in the round before" not in electricians  # 2026-1 had no row for the county
    assert FLAG not in electricians  # balance: no flag, though no intervention
    # Gävleborg's row is not Västerbotten's: the country's, which moved from shortage to balance.
    assert "Surplus" not in mechanics and '<span class="badge">Balance</span>' in mechanics
    assert "in the whole country (the round has no row for the county)" in mechanics
    assert "<strong>· shortage in the round before</strong>" in mechanics


def test_an_intervention_takes_the_flag_away_and_an_unassessed_occupation_shows_nothing(client, w):
    covered = make_gap(w.case, w.coordinator, code="7411", needed=100, supply=10)
    make_intervention(covered, w.coordinator, places=30)
    make_gap(w.case, w.coordinator, code="8189", needed=100, supply=0)  # not in the barometer
    body = tab(client, w)
    assert FLAG not in body
    assert '<ul class="barometer"' not in group(body, "8189")
    assert '<ul class="barometer"' in group(body, "7411")


def test_the_overview_names_the_shortage_gaps_without_an_intervention(client, w):
    make_gap(w.case, w.coordinator, code="7411", needed=100, supply=10)
    make_gap(w.case, w.coordinator, code="8189", needed=100, supply=0)
    progress = competence_progress(user=w.coordinator, case=w.case)
    text = (
        "2 gaps without an intervention (1 in a shortage occupation, by Arbetsförmedlingen's Yrkesbarometer)"
    )
    assert text in progress.missing
    client.force_login(w.coordinator)
    overview = client.get(reverse("establishments:case_detail", args=[w.case.pk])).content.decode()
    assert text.replace("'", "&#x27;") in overview


def test_a_reader_of_the_case_sees_the_barometer_but_never_a_gap_they_may_not_read(client, w):
    make_gap(w.case, w.coordinator, code="7411", needed=100, supply=10, sharing="intern")
    make_gap(w.case, w.coordinator, code="7233", needed=100, supply=10, sharing="etableraren")
    body = tab(client, w, user=w.contact)
    assert "<h3>7411 " not in body  # an internal gap: not even its occupation's barometer
    assert '<span class="badge badge--alert">Shortage</span>' in group(body, "7233")


def test_the_barometer_of_many_occupations_is_one_query():
    few = list(Occupation.objects.filter(code__in=["7411", "7233"]).values_list("pk", flat=True))
    many = list(Occupation.objects.filter(level=4).values_list("pk", flat=True))
    assert len(assessments_for(few, "24")) == 2
    assert (
        queries_of(lambda: assessments_for(few, "24")) == queries_of(lambda: assessments_for(many, "24")) == 1
    )
    assert len(assessments_for(many, "24")) > 150  # the shipped round covers about 200 unit groups
