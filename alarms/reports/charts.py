"""The report's and the drill comparison's charts, drawn on the server as SVG (no JavaScript).

Python computes the geometry; ``alarms/report.html#chart`` and ``alarms/compare.html#chart`` only
write it out (inside ``{% localize off %}``: SVG wants a decimal point). Every mark carries its
meaning in text or shape as well as colour, and the table beside each chart is its text
alternative.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from alarms.core.models import Response
from config import formats
from config.svg import line_path
from config.text import shorten

# Steps a time axis may take, in seconds: readable ticks from seconds to days.
NICE_STEPS = [
    5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600,
]  # fmt: skip


def mmss(value: timedelta | None) -> str:
    """A duration as minutes:seconds ("12:05"); hours stay in minutes ("75:03") so every row of a
    column reads the same way. Empty for no value."""
    if value is None:
        return ""
    total = max(0, int(value.total_seconds()))
    return f"{total // 60}:{total % 60:02d}"


def seconds(value: timedelta | None) -> int | None:
    return None if value is None else max(0, int(value.total_seconds()))


def _axis(top_seconds: int, most_ticks: int = 6) -> tuple[int, int]:
    """A tick step and the axis end (a whole number of steps at or above ``top_seconds``)."""
    top = max(top_seconds, 1)
    step = next((s for s in NICE_STEPS if top / s <= most_ticks), NICE_STEPS[-1])
    while top / step > most_ticks:
        step *= 2
    end = -(-top // step) * step
    return step, end


# --- The report: time to answer per organisation ------------------------------------------------

BAR_WIDTH = 760
BAR_LEFT = 230  # the organisation names
BAR_RIGHT = 190  # room for the label after the longest bar
BAR_HEIGHT = 18
BAR_GAP = 10
BAR_TOP = 44  # the legend
BAR_AXIS = 34  # the ticks under the bars


@dataclass
class AnswerBar:
    name: str
    full_name: str
    y: float
    width: float
    kind: str  # mobilising, declined, pending
    label: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4

    @property
    def label_x(self) -> float:
        return round(BAR_LEFT + self.width + 6, 1)


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class AnswerChart:
    width: int
    height: int
    title: str
    desc: str
    left: int
    axis_y: float
    bars: list[AnswerBar]
    ticks: list[Tick]
    bar: int = BAR_HEIGHT
    legend: list[dict] = field(default_factory=list)


def answer_time_chart(rows) -> AnswerChart | None:
    """``rows``: the report's ReportRow per organisation (name, response, time to answer)."""
    if not rows:
        return None
    plot = BAR_WIDTH - BAR_LEFT - BAR_RIGHT
    top = max([seconds(r.time_to_answer) or 0 for r in rows] + [1])
    step, end = _axis(top, most_ticks=5)

    def px(value: int) -> float:
        return round(plot * value / end, 1)

    bars, y = [], BAR_TOP
    for row in rows:
        secs = seconds(row.time_to_answer)
        if row.response == Response.PENDING or secs is None:
            kind, width, label = "pending", 0, _("No answer")
        else:
            kind = "mobilising" if row.response == Response.MOBILISING else "declined"
            width = max(px(secs), 2)  # an answer within a second still shows as a mark
            label = f"{mmss(row.time_to_answer)} {row.answer_label}"
        name = str(row.organisation)
        bars.append(
            AnswerBar(name=shorten(name, 30), full_name=name, y=y, width=width, kind=kind, label=label)
        )
        y += BAR_HEIGHT + BAR_GAP
    axis_y = y
    ticks = [
        Tick(x=round(BAR_LEFT + px(s), 1), label=mmss(timedelta(seconds=s))) for s in range(0, end + 1, step)
    ]
    answered = [r for r in rows if r.response != Response.PENDING]
    desc = _(
        "Horizontal bars, one per organisation (%(count)s), on one scale in minutes:seconds from the "
        "moment the alarm was raised. A solid bar is an organisation that mobilises, a hatched bar one "
        "that cannot; an organisation with no answer has no bar and says so. %(answered)s of %(count)s "
        "answered. The table above gives every time."
    ) % {"count": len(rows), "answered": len(answered)}
    legend = [
        {"key": "mobilising", "label": _("We mobilise"), "x": 10},
        {"key": "declined", "label": _("Cannot"), "x": 190},
        {"key": "pending", "label": _("No answer: no bar"), "x": 330},
    ]
    return AnswerChart(
        width=BAR_WIDTH,
        height=int(axis_y + BAR_AXIS),
        title=_("Time to answer per organisation"),
        desc=desc,
        left=BAR_LEFT,
        axis_y=axis_y,
        bars=bars,
        ticks=ticks,
        legend=legend,
    )


# --- The drill comparison: times over the alarms ------------------------------------------------

TREND_WIDTH = 760
TREND_LEFT = 64
TREND_RIGHT = 40  # room for half of the last date label
TREND_TOP = 44
TREND_PLOT_HEIGHT = 240
TREND_BOTTOM = 64  # the date labels and the axis caption


@dataclass
class Point:
    x: float
    y: float
    title: str

    @property
    def square_x(self) -> float:
        return round(self.x - 5, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - 5, 1)


@dataclass
class Series:
    key: str
    label: str
    points: list[Point]
    path: str


@dataclass
class YTick:
    y: float
    label: str


@dataclass
class XLabel:
    x: float
    label: str


@dataclass
class TrendChart:
    width: int
    height: int
    title: str
    desc: str
    left: int
    right: int
    top: int
    bottom: float
    y_ticks: list[YTick]
    x_labels: list[XLabel]
    series: list[Series]
    axis_caption: str
    legend: list[dict] = field(default_factory=list)


def trend_chart(alarms) -> TrendChart | None:
    """``alarms``: the drill comparison's alarms, oldest first, each with ``first_answer`` and
    ``all_answered`` (timedelta or None)."""
    if not alarms:
        return None
    plot_w = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    bottom = TREND_TOP + TREND_PLOT_HEIGHT
    values = [seconds(v) or 0 for a in alarms for v in (a.first_answer, a.all_answered)]
    step, end = _axis(max(values + [1]), most_ticks=6)
    n = len(alarms)

    def x_at(i: int) -> float:
        return round(TREND_LEFT + (plot_w / 2 if n == 1 else plot_w * i / (n - 1)), 1)

    def y_at(secs: int) -> float:
        return round(bottom - TREND_PLOT_HEIGHT * secs / end, 1)

    series = []
    for key, label in (("first", _("Time to the first answer")), ("all", _("Time until all had answered"))):
        points: list[Point | None] = []
        for i, alarm in enumerate(alarms):
            value = alarm.first_answer if key == "first" else alarm.all_answered
            if value is None:
                points.append(None)
                continue
            when = date_format(localtime(alarm.raised_at), "Y-m-d")
            points.append(Point(x=x_at(i), y=y_at(seconds(value)), title=f"{when}: {label} {mmss(value)}"))
        series.append(Series(key=key, label=label, points=[p for p in points if p], path=line_path(points)))
    # At most about ten date labels, so they never overlap; the table has every date.
    every = max(1, -(-n // 10))
    x_labels = [
        XLabel(x=x_at(i), label=formats.day(a.raised_at))
        for i, a in enumerate(alarms)
        if i % every == 0 or i == n - 1
    ]
    if len(x_labels) > 1 and x_labels[-1].x - x_labels[-2].x < plot_w / 12:
        x_labels.pop(-2)
    y_ticks = [YTick(y=y_at(s), label=mmss(timedelta(seconds=s))) for s in range(0, end + 1, step)]
    first = [a.first_answer for a in alarms if a.first_answer is not None]
    complete = [a.all_answered for a in alarms if a.all_answered is not None]
    desc = _(
        "A line chart over %(count)s alarms, oldest on the left, time in minutes:seconds from raising. "
        "The solid line with round points is the time to the first answer (from %(first_min)s to "
        "%(first_max)s); the dashed line with square points is the time until every organisation had "
        "answered (%(complete)s alarms where all answered). The table gives every value."
    ) % {
        "count": n,
        "first_min": mmss(min(first)) if first else "–",
        "first_max": mmss(max(first)) if first else "–",
        "complete": len(complete),
    }
    return TrendChart(
        width=TREND_WIDTH,
        height=bottom + TREND_BOTTOM,
        title=_("Response times over time"),
        desc=desc,
        left=TREND_LEFT,
        right=TREND_WIDTH - TREND_RIGHT,
        top=TREND_TOP,
        bottom=bottom,
        y_ticks=y_ticks,
        x_labels=x_labels,
        series=series,
        axis_caption=_("Alarm raised (date)"),
        legend=[
            {"key": "first", "label": series[0].label, "x": 10},
            {"key": "all", "label": series[1].label, "x": 280},
        ],
    )
