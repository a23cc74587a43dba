"""The matrix of a round as an XLSX workbook (openpyxl): the matrix itself, and every handlingsplan.

The first sheet has the answer *words* in the cells (coloured fills as well, never colour alone),
each organisation's and routine's readiness figure, and the figure's definition; the second has
one row per counted answer with a handlingsplan or one that needs it (Delvis, Nej). Every row goes
through ``config.exports.append_row``: no text (an organisation's name, a comment) is run as a formula.
"""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from config.exports import append_row

from .figure import percent
from .matrix import Matrix

FILLS = {
    "ja": PatternFill("solid", fgColor="C9EBD6"),
    "delvis": PatternFill("solid", fgColor="FCE8A6"),
    "nej": PatternFill("solid", fgColor="F6C6C0"),
    "draft": PatternFill("solid", fgColor="E8ECEF"),
    "missing": PatternFill("solid", fgColor="E8ECEF"),
}
FLAG_FILL = PatternFill("solid", fgColor="FFF4D6")


def _figure(value: float | None):
    """A figure as a number with one decimal (the cell's format adds the %), or empty."""
    return None if value is None else round(value, 1)


def matrix_xlsx(matrix: Matrix) -> bytes:
    round_ = matrix.round
    wb = Workbook()
    ws = wb.active
    ws.title = _("Matrix")[:31]
    append_row(
        ws, [_("Readiness matrix: %(round)s, %(region)s") % {"round": round_.title, "region": round_.region}]
    )
    ws["A1"].font = Font(bold=True, size=14)
    append_row(
        ws,
        [
            _(
                "Readiness figure: Ja = 1, Delvis = ½, Nej = 0, averaged over every submitted answer of "
                "every organisation, as a percentage (0–100). Only submitted answers count."
            )
        ],
    )
    append_row(
        ws,
        [
            _(
                "Round figure: %(figure)s. %(submitted)s of %(total)s organisations have submitted. "
                "Exported %(date)s."
            )
            % {
                "figure": percent(matrix.figure),
                "submitted": matrix.submitted,
                "total": len(matrix.rows),
                "date": timezone.localdate().isoformat(),
            }
        ],
    )
    append_row(ws, [])
    headers = [_("Organisation")] + [f"{c.routine.number}. {c.routine.text}" for c in matrix.columns]
    headers.append(_("Readiness (%)"))
    append_row(ws, headers)
    header_row = ws.max_row
    for col, cell in enumerate(ws[header_row], start=1):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if 1 < col <= len(matrix.columns) + 1 and matrix.columns[col - 2].disagreement:
            cell.fill = FLAG_FILL
    for row in matrix.rows:
        append_row(ws, [row.organisation.name] + [c.label for c in row.cells] + [_figure(row.tally.figure)])
        r = ws.max_row
        for i, c in enumerate(row.cells, start=2):
            ws.cell(row=r, column=i).fill = FILLS[c.state]
        ws.cell(row=r, column=len(headers)).number_format = "0.0"
    append_row(
        ws,
        [_("Readiness per routine (%)")]
        + [_figure(c.tally.figure) for c in matrix.columns]
        + [_figure(matrix.figure)],
    )
    figures_row = ws.max_row
    for cell in ws[figures_row]:
        cell.font = Font(bold=True)
        if isinstance(cell.value, float):
            cell.number_format = "0.0"
    append_row(
        ws,
        [_("Actors disagree (both Ja and Nej)")]
        + [_("Yes") if c.disagreement else "" for c in matrix.columns],
    )
    ws.column_dimensions["A"].width = 34
    for i in range(2, len(headers) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)

    plans = wb.create_sheet(_("Action plans")[:31])
    plan_headers = [
        _("Organisation"),
        _("Routine"),
        _("Answer"),
        _("Comment"),
        _("Action plan: what"),
        _("Action plan: who"),
        _("Action plan: by when"),
    ]
    append_row(plans, plan_headers)
    for cell in plans[1]:
        cell.font = Font(bold=True)
    for c in matrix.plans:
        a = c.answer
        append_row(
            plans,
            [
                c.participant.organisation.name,
                f"{c.routine.number}. {c.routine.text}",
                a.get_value_display(),
                a.comment,
                a.plan_what,
                a.plan_who,
                a.plan_when,
            ],
        )
        r = plans.max_row
        plans.cell(row=r, column=3).fill = FILLS[c.state]
        plans.cell(row=r, column=7).number_format = "yyyy-mm-dd"
    for i, width in enumerate([30, 50, 10, 40, 40, 24, 14], start=1):
        plans.column_dimensions[get_column_letter(i)].width = width
    for row in plans.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    plans.freeze_panes = "A2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
