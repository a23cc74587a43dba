"""The coverage arithmetic and the moment's progress."""

from datetime import date

import pytest
from django.urls import reverse

from competence.selectors import Coverage, competence_progress, competence_summary

from .conftest import make_gap, make_intervention, make_need

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def test_coverage_of_one_gap():
    c = Coverage(needed=120, regional_supply=40, planned=50)
    assert (c.gap, c.shortfall, c.covered, c.uncovered, c.planned_supply) == (80, 80, 50, 30, 90)
    over = Coverage(needed=120, regional_supply=40, planned=200)
    assert (over.covered, over.uncovered, over.percent_covered) == (80, 0, 100)  # capped at the gap
    surplus = Coverage(needed=30, regional_supply=50, planned=10)
    assert (surplus.gap, surplus.shortfall, surplus.surplus, surplus.covered, surplus.uncovered) == (
        -20, 0, 20, 0, 0,
    )  # fmt: skip


def by_year(case, user):
    return {
        g.year: g.coverage
        for g in competence_summary(user=user, case=case)["gaps"]
        if g.occupation.code == "8189"
    }


def test_interventions_count_in_each_year_they_deliver(w):
    y26 = make_gap(w.case, w.coordinator, year=2026, needed=100, supply=20)  # gap 80
    make_gap(w.case, w.coordinator, year=2027, needed=200, supply=20)  # gap 180
    make_gap(w.case, w.coordinator, year=2028, needed=60, supply=20)  # gap 40
    make_intervention(y26, w.coordinator, places=50, start=date(2026, 8, 1))  # 2026 onwards
    make_intervention(y26, w.coordinator, places=30, start=date(2027, 1, 1), end_year=2027)  # 2027 only
    make_intervention(y26, w.coordinator, places=500, start=date(2026, 1, 1), status="stoppad")  # nothing
    make_intervention(y26, w.coordinator, places=20, start=date(2029, 1, 1))  # not yet
    other = make_gap(w.case, w.coordinator, code="7411", year=2026, needed=10, supply=0)
    make_intervention(other, w.coordinator, places=1000)  # another occupation: no effect

    cov = by_year(w.case, w.coordinator)
    assert (cov[2026].planned, cov[2026].covered, cov[2026].uncovered) == (50, 50, 30)
    assert (cov[2027].planned, cov[2027].covered, cov[2027].uncovered) == (80, 80, 100)
    assert (cov[2028].planned, cov[2028].covered, cov[2028].uncovered) == (50, 40, 0)

    totals = competence_summary(user=w.coordinator, case=w.case)["totals"]
    assert totals["needed"] == 370
    assert totals["uncovered"] == 130
    assert totals["covered"] == 50 + 80 + 40 + 10


def test_a_reader_counts_only_what_they_may_see(w):
    gap = make_gap(w.case, w.coordinator, needed=100, supply=0)
    make_intervention(gap, w.coordinator, places=40)
    make_intervention(gap, w.coordinator, places=60, sharing="intern")
    assert by_year(w.case, w.coordinator)[2027].covered == 100
    assert by_year(w.case, w.contact)[2027].covered == 40


def test_the_tab_shows_coverage_and_what_remains(client, w):
    gap = make_gap(w.case, w.coordinator, needed=120, supply=40)
    make_intervention(gap, w.coordinator, places=50, title="YH Processtekniker")
    client.force_login(w.coordinator)
    body = client.get(reverse("competence:case_competence", kwargs={"case_pk": w.case.pk})).content.decode()
    assert "50 of the gap of 80 covered" in body
    assert "30 uncovered" in body
    assert "YH Processtekniker" in body


def test_progress_of_an_empty_moment(w):
    progress = competence_progress(user=w.coordinator, case=w.case)
    assert (progress.done, progress.total) == (0, 5)
    assert "no competence gaps recorded" in progress.missing
    assert "no living-environment needs recorded" in progress.missing


def test_progress_names_what_is_missing(w):
    a = make_gap(w.case, w.coordinator, code="8189", needed=100, supply=0)
    make_gap(w.case, w.coordinator, code="7411", needed=100, supply=0)
    make_gap(w.case, w.coordinator, code="7233", needed=100, supply=0)
    make_gap(w.case, w.coordinator, code="2341", needed=10, supply=20)  # no gap: needs nothing
    make_intervention(a, w.coordinator, places=60)
    make_need(w.case, w.coordinator, organisation=None)
    progress = competence_progress(user=w.coordinator, case=w.case)
    # 7411 (electricians) and 7233 are in shortage in the whole country by the shipped round 2026-1.
    assert (
        "2 gaps without an intervention (2 in shortage occupations, by Arbetsförmedlingen's Yrkesbarometer)"
        in progress.missing
    )
    assert "1 gap only partly covered (40 people uncovered)" in progress.missing
    assert "1 living-environment need without a responsible actor" in progress.missing
    assert (progress.done, progress.total) == (2, 5)


def test_progress_is_complete_when_every_gap_is_covered(w):
    gap = make_gap(w.case, w.coordinator, needed=100, supply=20)
    make_intervention(gap, w.coordinator, places=80)
    make_need(w.case, w.coordinator, organisation=w.member)
    progress = competence_progress(user=w.coordinator, case=w.case)
    assert progress.complete and progress.missing == []


def test_the_case_overview_shows_the_moment(client, w):
    make_gap(w.case, w.coordinator)
    client.force_login(w.coordinator)
    body = client.get(w.case.get_absolute_url()).content.decode()
    assert "1 gap without an intervention" in body
