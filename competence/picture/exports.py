"""The regional competence picture as an XLSX file, and one occupation's basis for an application
(*underlag*) as a PDF. Both are made from what the picture's selectors return, so they hold what the
user may read and nothing more; a case is named as a file may name it (``disclosure.case_name``, a
code name for a confidential case). Every XLSX cell goes through ``config.exports.append_row``.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from config.exports import append_row
from establishments.models import Phase

from .semafor import RULE, Light

FILLS = {
    Light.RED: PatternFill("solid", fgColor="F6C6C0"),
    Light.YELLOW: PatternFill("solid", fgColor="FCE8A6"),
    Light.GREEN: PatternFill("solid", fgColor="C9EBD6"),
}


def situation_text(row) -> str:
    if row.barometer is None:
        return _("Not assessed")
    text = row.barometer.assessment.get_situation_display()
    if row.barometer.national:
        text += " (" + _("the whole country") + ")"
    return text


def movement_text(row) -> str:
    if row.barometer is None or not row.barometer.previous:
        return ""
    if not row.barometer.moved:
        return _("unchanged")
    return _("was %(before)s") % {"before": row.barometer.previous_label.lower()}


def filters_text(picture_filters, region, year_range) -> str:
    parts = [picture_filters.municipality.name if picture_filters.municipality else region.name]
    parts.append(f"{year_range[0]}–{year_range[-1]}")
    if picture_filters.sector:
        parts.append(_("sector “%(sector)s”") % {"sector": picture_filters.sector})
    if picture_filters.phase:
        parts.append(_("phase %(phase)s") % {"phase": Phase(picture_filters.phase).label.lower()})
    if picture_filters.shortage_only:
        parts.append(_("only shortage occupations"))
    return ", ".join(parts)


def picture_xlsx(picture) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Competence picture")[:31]
    title = _("Regional competence picture: %(where)s") % {
        "where": filters_text(picture.filters, picture.region, picture.year_range)
    }
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(ws, [str(RULE)])
    append_row(
        ws,
        [
            _(
                "Demand: the people the cases need, summed over the cases you may see. Secured supply: "
                "graduates of granted and running offerings; planned: ideas and applications. "
                "Exported %(date)s."
            )
            % {"date": timezone.localdate().isoformat()}
        ],
    )
    if picture.demo:
        append_row(ws, [_("Demo data: the figures are invented.")])
    append_row(ws, [])
    headers = [_("SSYK"), _("Occupation"), _("Cases")]
    for year in picture.year_range:
        headers += [
            _("Demand %(year)s") % {"year": year},
            _("Secured %(year)s") % {"year": year},
            _("Planned %(year)s") % {"year": year},
        ]
    headers += [
        _("Demand, total"),
        _("Secured supply"),
        pgettext("education supply", "Planned supply"),
        _("Remaining gap"),
        _("Recruitment situation"),
        _("Movement"),
        _("Traffic light"),
    ]
    append_row(ws, headers)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in picture.rows:
        values = [row.occupation.code, row.occupation.name, row.cases]
        for year in row.years:
            values += [year.demand, year.secured, year.planned]
        values += [
            row.demand,
            row.secured,
            row.planned,
            row.remaining,
            situation_text(row),
            movement_text(row),
            str(row.light.label),
        ]
        append_row(ws, values)
        ws.cell(row=ws.max_row, column=len(values)).fill = FILLS[row.light]
    ws.column_dimensions["B"].width = 42
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _table(rows, widths=None, header=True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ]
    if header:
        style += [("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("BACKGROUND", (0, 0), (-1, 0), "#eef1f4")]
    table.setStyle(TableStyle(style))
    return table


def basis_pdf(basis, region) -> bytes:
    """The basis for an application as a PDF, with exactly the figures of the printable page."""
    row = basis.row
    buffer = io.BytesIO()
    title = _("Basis for an application: %(occupation)s, %(region)s") % {
        "occupation": row.occupation,
        "region": basis.picture_filters.municipality.name
        if basis.picture_filters.municipality
        else region.name,
    }
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Samhandla",
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        pageCompression=0,
        invariant=1,
    )
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    small = body.clone("small", fontSize=8.5, leading=11)

    def p(text, style=body):
        return Paragraph(escape(str(text)), style)

    story = [p(title, styles["Title"])]
    story.append(
        p(
            _("%(where)s. Made %(date)s from Samhandla.")
            % {
                "where": filters_text(basis.picture_filters, region, basis.year_range),
                "date": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
            }
        )
    )
    if row.demo:
        story.append(p(_("Demo data: the figures are invented."), small))
    story.append(
        p(
            _("Traffic light: %(light)s. %(reason)s %(rule)s")
            % {"light": row.light.label, "reason": row.reason, "rule": RULE},
            small,
        )
    )
    story.append(Spacer(1, 3 * mm))

    years = basis.year_range
    story.append(p(_("Demand, supply and remaining gap by year"), styles["Heading2"]))
    summary = [[p(_("Year"), small)] + [str(y) for y in years] + [_("Total")]]
    for label, attr in (
        (_("Demand from the cases"), "demand"),
        (_("Secured supply"), "secured"),
        (pgettext("education supply", "Planned supply"), "planned"),
        (_("Remaining gap"), "remaining"),
    ):
        values = [getattr(y, attr) for y in row.years]
        total = getattr(row, attr)
        summary.append([p(label, small)] + [str(v) for v in values] + [str(total)])
    story.append(_table(summary, widths=[50 * mm] + [None] * (len(years) + 1)))

    story.append(p(_("Demand per case"), styles["Heading2"]))
    if basis.cases:
        cases = [[p(_("Case"), small)] + [str(y) for y in years] + [_("Total")]]
        for case in basis.cases:
            cases.append(
                [p(case.name, small)] + [str(case.years.get(y, 0)) for y in years] + [str(case.total)]
            )
        story.append(_table(cases, widths=[50 * mm] + [None] * (len(years) + 1)))
        story.append(p(_("A confidential case is named by its code name."), small))
    else:
        story.append(p(_("No case you may see needs this occupation in these years."), small))

    story.append(p(_("Arbetsförmedlingen's Yrkesbarometer"), styles["Heading2"]))
    if basis.rounds:
        rounds = [[p(h, small) for h in (_("Round"), _("Area"), _("Recruitment situation"), _("Forecast"))]]
        for a in basis.rounds:
            area = _("the whole country") if a.county == "00" else region.name
            rounds.append(
                [
                    p(f"{a.round.code} · {a.occupation.name}", small),
                    p(area, small),
                    p(a.get_situation_display(), small),
                    p(a.get_forecast_display() if a.forecast else "", small),
                ]
            )
        table = _table(rounds, widths=[70 * mm, 35 * mm, 40 * mm, None])
        table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "LEFT")]))
        story.append(table)
    else:
        story.append(p(_("The barometer does not assess this occupation."), small))

    story.append(p(_("Education supply"), styles["Heading2"]))
    if row.offerings:
        offerings = [
            [
                p(h, small)
                for h in (_("Offering"), _("Provider"), _("Municipality"), _("Status"), _("Graduates a year"))
            ]
        ]
        for o in row.offerings:
            offerings.append(
                [
                    p(o.name, small),
                    p(o.provider.name, small),
                    p(o.municipality.name, small),
                    p(o.get_status_display(), small),
                    str(o.graduates_per_year),
                ]
            )
        table = _table(offerings, widths=[55 * mm, 45 * mm, 28 * mm, 25 * mm, None])
        table.setStyle(TableStyle([("ALIGN", (1, 0), (3, -1), "LEFT")]))
        story.append(table)
    else:
        story.append(p(_("No offering in the register trains for this occupation here."), small))
    doc.build(story)
    return buffer.getvalue()
