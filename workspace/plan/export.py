"""The action plan as files: an XLSX workbook (openpyxl) and an iCalendar feed of due dates."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from config.exports import append_row
from establishments import disclosure


def action_plan_xlsx(*, case, actions, audience: str) -> bytes:
    """One sheet: a row per action. The company's version leaves out how commitments were answered.
    Every row through ``config.exports.append_row``: no text is ever run as a formula."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Action plan")[:31]
    to = disclosure.Audience.COMPANY if audience == "company" else disclosure.Audience.FILE
    title = _("Action plan: %(case)s") % {"case": disclosure.case_name(case, to)}
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=14)
    subtitle = (
        _("For the establishing company: only what may be shared with it.")
        if audience == "company"
        else _("Internal: everything you may see in the case, with the sharing of each action.")
    )
    append_row(ws, [subtitle + " " + _("Exported %(date)s.") % {"date": timezone.localdate().isoformat()}])
    append_row(ws, [])
    headers = [
        _("Theme"),
        _("Action"),
        _("Today (nuläge)"),
        _("Target (börläge)"),
        _("Owning organisation"),
        _("Owning person"),
        _("Due date"),
        _("Status"),
    ]
    if audience != "company":
        headers += [
            _("Commitment"),
            _("Answered by"),
            _("Answered"),
            _("Reason for declining"),
            _("May be shared with"),
            _("Overdue"),
        ]
    append_row(ws, headers)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    today = timezone.localdate()
    for a in actions:
        row = [
            a.get_theme_display(),
            a.title,
            a.current_state,
            a.target_state,
            a.owner_organisation or "",
            a.owner_person or "",
            a.due_date,
            a.get_status_display(),
        ]
        if audience != "company":
            row += [
                a.get_commitment_display(),
                a.responded_by or "",
                timezone.localtime(a.responded_at).replace(tzinfo=None) if a.responded_at else None,
                a.decline_reason,
                a.get_sharing_display(),
                _("Yes") if a.is_overdue(today) else "",
            ]
        append_row(ws, row)
        ws.cell(row=ws.max_row, column=7).number_format = "yyyy-mm-dd"
    widths = [28, 40, 40, 40, 30, 24, 12, 14, 14, 24, 18, 40, 30, 10]
    for i, width in enumerate(widths[: len(headers)], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def due_dates_ical(*, user, actions) -> bytes:
    """All-day events on the due dates. A calendar program syncs the feed to services we do not
    control, so it says what a message may (``disclosure``): no content of a confidential case or of
    an internal action, a confidential case by its code name."""
    cal = Calendar()
    cal.add("prodid", "-//Samhandla//Handlingsplan//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Samhandla: due dates"))
    now = timezone.now()
    host = settings.SITE_URL.split("//")[-1]
    for a in actions:
        event = Event()
        event.add("uid", f"action-{a.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", a.due_date)
        event.add("dtend", a.due_date + timedelta(days=1))
        case_name = disclosure.case_name(a.case, disclosure.Audience.MESSAGE)
        if not disclosure.shows_content(a.case, disclosure.Audience.MESSAGE, a.sharing):
            event.add("summary", _("Action due in %(case)s") % {"case": case_name})
        else:
            event.add("summary", f"{a.title} ({case_name})")
            if a.owner_organisation:
                event.add("description", _("Owner: %(owner)s") % {"owner": a.owner_organisation})
        event.add("url", settings.SITE_URL + a.get_absolute_url())
        cal.add_component(event)
    return cal.to_ical()
