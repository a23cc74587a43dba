"""The readiness rules give the right numbers: the figure (round, organisation, routine), drafts
left out, disagreement on the right routine with who said what, and the trend's movement."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from checklist.models import Value
from checklist.readiness.figure import direction
from checklist.readiness.matrix import round_matrix
from checklist.readiness.trends import region_trend
from tests import factories as f
from tests.checklist.readiness.helpers import fill, open_round

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def orgs():
    return [
        f.OrganisationFactory(name="Region Västerbotten", type="region", level="regional"),
        f.OrganisationFactory(name="Skellefteå kommun"),
        f.OrganisationFactory(name="Umeå kommun"),
        f.OrganisationFactory(name="Lycksele kommun"),
    ]


@pytest.fixture
def known_round(orgs):
    """The region says Ja to everything; Skellefteå Nej on routine 4, Delvis on 5; Umeå Nej on 4;
    Lycksele only has a draft (Nej everywhere) that must count nowhere."""
    round_ = open_round(organisations=orgs, title="Hösten", opened_at=timezone.now() - timedelta(days=200))
    fill(round_, orgs[0], Value.YES)
    fill(round_, orgs[1], {4: Value.NO, 5: Value.PARTLY})
    fill(round_, orgs[2], {4: Value.NO})
    fill(round_, orgs[3], Value.NO, submit=False)
    return round_


def test_the_readiness_figure_counts_submitted_answers_only(known_round, orgs):
    m = round_matrix(known_round)
    # 30 submitted answers: 27 Ja, 1 Delvis, 2 Nej -> (27 + 0.5) / 30 = 91.666…
    assert m.tally.total == 30
    assert m.data_value == "91.7"
    rows = {r.organisation.name: r for r in m.rows}
    assert rows["Region Västerbotten"].tally.data_value == "100.0"
    assert rows["Skellefteå kommun"].tally.data_value == "85.0"  # (8 + 0.5) / 10
    assert rows["Lycksele kommun"].tally.total == 0  # a draft
    assert rows["Lycksele kommun"].tally.data_value == ""
    assert {c.state for c in rows["Lycksele kommun"].cells} == {"draft"}
    columns = {c.routine.number: c for c in m.columns}
    assert columns[4].tally.data_value == "33.3"  # 1 Ja, 2 Nej
    assert columns[5].tally.data_value == "83.3"  # 2 Ja, 1 Delvis
    assert columns[1].tally.data_value == "100.0"


def test_disagreement_is_flagged_on_the_right_routine_with_who_said_what(known_round):
    m = round_matrix(known_round)
    assert [c.routine.number for c in m.disagreements] == [4]
    said = {c.routine.number: c.said for c in m.columns}[4]
    assert said["ja"] == ["Region Västerbotten"]
    assert said["nej"] == ["Skellefteå kommun", "Umeå kommun"]
    # Delvis beside Ja is not a disagreement; a draft's Nej neither.
    assert not {c.routine.number: c for c in m.columns}[5].disagreement


def test_the_matrix_page_shows_words_flags_and_the_figure(client, known_round):
    client.force_login(f.coordinator("24"))
    response = client.get(reverse("checklist:matrix", args=[known_round.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="readiness-figure"' in body and 'data-value="91.7"' in body
    assert "91.7%" in body  # English: no space before the sign (docs/SPRAKGUIDE.md)
    assert body.count('data-disagreement="true"') >= 1
    assert 'data-routine="4" data-disagreement="true"' in body
    assert 'data-routine="5" data-disagreement="true"' not in body
    assert body.count('data-answer="nej"') >= 2 and 'data-answer="delvis"' in body
    # The words, not colour alone; the draft says so.
    assert ">No<" in body and ">Partly<" in body and "not submitted" in body
    # The handlingsplan is in the cell (for hover, focus and screen readers).
    assert "Ta fram rutin 4" in body
    assert "Ja = 1, Delvis = ½, Nej = 0" in body


def test_the_trend_shows_the_movement_between_rounds(client, orgs, known_round):
    spring = open_round(organisations=orgs[:3], title="Våren")
    fill(spring, orgs[0], Value.YES)
    fill(spring, orgs[1], {4: Value.PARTLY, 5: Value.PARTLY})  # Nej -> Delvis on 4
    fill(spring, orgs[2], {4: Value.NO, 6: Value.NO})  # worse on 6
    trend = region_trend(f.region("24"))
    assert [s.round.title for s in trend.rounds] == ["Hösten", "Våren"]
    assert [s.data_value for s in trend.overall] == ["91.7", "90.0"]
    assert trend.overall[1].direction == "down"
    r4 = {rt.number: rt for rt in trend.routines}[4]
    assert [s.data_value for s in r4.steps] == ["33.3", "50.0"]  # Ja, Delvis, Nej
    assert r4.steps[1].direction == "up"
    assert r4.steps[0].disagreement and r4.steps[1].disagreement
    r6 = {rt.number: rt for rt in trend.routines}[6]
    assert r6.steps[1].direction == "down"
    moves = {o.name: {m.routine_number: m for m in o.moves} for o in trend.organisations}
    m = moves["Skellefteå kommun"][4]
    assert (m.before, m.after, m.direction) == ("nej", "delvis", "up")
    assert moves["Umeå kommun"][6].direction == "down"
    assert moves["Region Västerbotten"][1].direction == "same"

    client.force_login(f.reader("24"))
    body = client.get(reverse("checklist:trends", args=["24"])).content.decode()
    assert 'data-before="nej" data-after="delvis" data-movement="up"' in body
    assert "No → Partly" in body
    assert 'id="readiness-figure"' in body


def test_routines_are_matched_across_versions_by_number(orgs):
    from checklist.models import Routine

    first = open_round(organisations=orgs[:1], title="Första", opened_at=timezone.now() - timedelta(days=100))
    fill(first, orgs[0], {3: Value.NO})
    old = Routine.objects.get(number=3, is_current=True)
    Routine.objects.filter(pk=old.pk).update(is_current=False)
    new = Routine.objects.create(
        number=3, version=2, text_sv="Ny lydelse", text_en="New wording", is_current=True
    )
    second = open_round(organisations=orgs[:1], title="Andra")
    assert second.routines.filter(pk=new.pk).exists()
    fill(second, orgs[0], {3: Value.YES})
    trend = region_trend(f.region("24"))
    r3 = {rt.number: rt for rt in trend.routines}[3]
    assert r3.text == "New wording"
    assert [s.data_value for s in r3.steps] == ["0.0", "100.0"]
    assert r3.steps[1].direction == "up"
    assert {m.routine_number: m for m in trend.organisations[0].moves}[3].direction == "up"


def test_the_overview_shows_rounds_counts_and_the_latest_figure(client, known_round):
    client.force_login(f.official("2482"))
    response = client.get(reverse("checklist:overview", args=["24"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="readiness-figure"' in body and 'data-value="91.7"' in body
    assert "3 of 4" in body  # submitted of asked
    assert "<svg" in body and "<desc" in body
    assert reverse("checklist:round_create", args=["24"]) not in body  # an official does not open rounds
    client.force_login(f.coordinator("24"))
    assert (
        reverse("checklist:round_create", args=["24"])
        in client.get(reverse("checklist:overview", args=["24"])).content.decode()
    )


def test_the_xlsx_has_the_matrix_and_every_handlingsplan(client, known_round):
    client.force_login(f.coordinator("24"))
    response = client.get(reverse("checklist:matrix_xlsx", args=[known_round.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(response.content))
    ws, plans = wb.worksheets
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Organisation")
    assert header[4].startswith("4.") and header[-1] == "Readiness (%)"
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["Skellefteå kommun"][4] == "No" and rows["Skellefteå kommun"][5] == "Partly"
    assert rows["Skellefteå kommun"][1] == "Yes"
    assert rows["Skellefteå kommun"][-1] == 85.0
    assert rows["Lycksele kommun"][1] == "not submitted"
    assert rows["Readiness per routine (%)"][4] == 33.3
    assert rows["Readiness per routine (%)"][-1] == 91.7
    assert rows["Actors disagree (both Ja and Nej)"][4] == "Yes"
    # The fill repeats the word's colour.
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "No")
    assert cell.fill.fgColor.rgb.endswith("F6C6C0")
    plan_rows = list(plans.iter_rows(values_only=True))
    assert plan_rows[0] == (
        "Organisation", "Routine", "Answer", "Comment", "Action plan: what", "Action plan: who",
        "Action plan: by when",
    )  # fmt: skip
    body = plan_rows[1:]
    assert len(body) == 3  # Skellefteå 4 and 5, Umeå 4; never the draft
    sk4 = next(r for r in body if r[0] == "Skellefteå kommun" and r[1].startswith("4."))
    assert sk4[2] == "No" and sk4[4] == "Ta fram rutin 4" and sk4[5] == "Näringslivschefen"
    assert sk4[6].date() == timezone.localdate() + timedelta(days=90)


def test_the_print_page_has_no_navigation_and_the_whole_matrix(client, known_round):
    client.force_login(f.coordinator("24"))
    response = client.get(reverse("checklist:matrix_print", args=[known_round.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "main-nav" not in body and "site-header" not in body
    assert "@media print" not in body  # the print rules live in the stylesheet
    assert 'id="readiness-figure"' in body and "Ta fram rutin 4" in body
    assert 'data-routine="4" data-disagreement="true"' in body
    assert "/atgard/" not in body  # no action links on paper, even for a coordinator


def test_direction_rule():
    assert direction("nej", "delvis") == "up"
    assert direction("ja", "nej") == "down"
    assert direction("ja", "ja") == "same"
    assert direction("", "ja") == ""
    assert direction(50.04, 50.0) == "same"  # as shown, to one decimal
    assert direction(None, 10.0) == ""


def test_pages_of_an_empty_region_and_a_round_without_answers_do_not_fail(client):
    client.force_login(f.coordinator("24"))
    for name in ("checklist:overview", "checklist:trends", "checklist:plan"):
        response = client.get(reverse(name, args=["24"]))
        assert response.status_code == 200, name
        assert "no round yet" in response.content.decode() or name == "checklist:plan"
    empty = open_round(organisations=[f.OrganisationFactory(name="=HYPERLINK()")], title="Tom")
    for name in ("checklist:matrix", "checklist:matrix_print", "checklist:matrix_xlsx"):
        assert client.get(reverse(name, args=[empty.pk])).status_code == 200, name
    wb = load_workbook(BytesIO(client.get(reverse("checklist:matrix_xlsx", args=[empty.pk])).content))
    names = [r[0] for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert "'=HYPERLINK()" in names  # never a formula
    for name in ("checklist:overview", "checklist:trends"):
        body = client.get(reverse(name, args=["24"])).content.decode()
        assert 'id="readiness-figure"' in body and 'data-value=""' in body, name
        assert "has submitted answers yet" in body, name  # the chart says it has no points


def test_an_action_without_a_source_answer_can_be_edited(client):
    from checklist.models import RegionalAction

    coordinator = f.coordinator("24")
    action = RegionalAction.objects.create(
        region=f.region("24"), theme="larmsystem", title="Fri åtgärd", created_by=coordinator
    )
    client.force_login(coordinator)
    assert client.get(reverse("checklist:action_edit", args=[action.pk])).status_code == 200
    assert "Fri åtgärd" in client.get(reverse("checklist:plan", args=["24"])).content.decode()
