"""After the alarm: its report (page and CSV) and the comparison of drills over time.

The report is readable by everyone who may follow the alarm (``alarm_for``); the case it was raised
on is named only to users who may see that case (``policy.can_see_alarm_case``).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import policy
from alarms.core.models import AlarmKind
from alarms.raising.selectors import alarm_for, metrics
from config.exports import csv_response

from . import selectors
from .charts import answer_time_chart, mmss, seconds, trend_chart

# --- The report ----------------------------------------------------------------------------------


def _report(user, pk: int) -> dict:
    alarm = alarm_for(user, pk)
    rows, recipients = selectors.report_rows(alarm)
    return {
        "alarm": alarm,
        "rows": rows,
        "metrics": metrics(alarm, recipients),
        "can_see_case": policy.can_see_alarm_case(user, alarm),
    }


@login_required
@require_GET
def report(request, pk):
    context = _report(request.user, pk)
    context["chart"] = answer_time_chart(context["rows"])
    context["failed_total"] = sum(r.failed_count for r in context["rows"])
    m = context["metrics"]
    context["times"] = {
        "first_answer": mmss(m.first_answer),
        "all_answered": mmss(m.all_answered),
        "all_mobilising": mmss(m.all_mobilising),
    }
    return render(request, "alarms/report.html", context)


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


@login_required
@require_GET
def report_csv(request, pk):
    """The report's table as CSV for Excel: UTF-8 with a BOM (so åäö survive), semicolons, and a first
    line that says what the file is (ÖVNING for a drill). A case is named by its public name, and only
    to users who may see it: files leave the system."""
    context = _report(request.user, pk)
    alarm = context["alarm"]
    name = f"ovning-{alarm.pk}" if alarm.is_drill else f"larm-{alarm.pk}"
    # Every cell through config.exports.safe_cell: an answer's reason typed through an answer link
    # (no login) is never run as a formula.
    response, writer = csv_response(f"{name}-rapport.csv")
    title = [_("DRILL") if alarm.is_drill else alarm.get_kind_display().upper(), str(alarm)]
    if context["can_see_case"] and alarm.case_id:
        title.append(_("Case: %(name)s") % {"name": alarm.case.public_name})
    writer.writerow(title)
    writer.writerow(
        [
            _("Organisation"),
            _("First delivered"),
            _("Answered"),
            _("Time to answer (min:s)"),
            _("Time to answer (seconds)"),
            _("Answer"),
            _("Reason"),
            _("Who comes"),
            _("Answered by"),
            _("To the deputy"),
            _("To the coordinators"),
            _("Repeats"),
            _("Failed deliveries"),
        ]
    )
    for row in context["rows"]:
        secs = seconds(row.time_to_answer)
        writer.writerow(
            [
                str(row.organisation),
                _when(row.first_delivered_at),
                _when(row.responded_at),
                row.time_to_answer_text,
                "" if secs is None else secs,
                row.answer_label,
                row.reason,
                row.who_comes,
                row.answered_by,
                _when(row.to_deputy_at),
                _when(row.to_coordinator_at),
                row.repeats,
                row.failed_count,
            ]
        )
    return response


# --- Comparing drills over time -------------------------------------------------------------------

ALL_KINDS = "all"


@login_required
@require_GET
def compare(request):
    kind = request.GET.get("kind", AlarmKind.DRILL)
    if kind != ALL_KINDS and kind not in AlarmKind.values:
        messages.warning(request, _("There is no such kind of alarm; drills are shown."))
        kind = AlarmKind.DRILL
    alarms = selectors.drill_comparison(request.user, None if kind == ALL_KINDS else kind)
    for alarm in alarms:
        alarm.first_answer_text = mmss(alarm.first_answer)
        alarm.all_answered_text = mmss(alarm.all_answered)
    return render(
        request,
        "alarms/compare.html",
        {
            "alarms": alarms,
            "kind": kind,
            "kinds": [(ALL_KINDS, _("All kinds")), *AlarmKind.choices],
            "chart": trend_chart(alarms),
        },
    )
