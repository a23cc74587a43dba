"""The readiness figure over a region's rounds, drawn on the server as SVG (no JavaScript).

Python computes the geometry; ``checklist/readiness_chart.html`` only writes it out (inside
``{% localize off %}``: SVG wants a decimal point). The y axis always runs from 0 to 100 %, so two
regions' charts, or two years of one region, compare at a glance. Each point carries its value as
text beside it and in a ``<title>``; the table beside the chart is its text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from config import formats
from config.svg import line_path
from config.text import shorten

from .figure import percent

WIDTH = 760
LEFT = 56  # the percentage labels
RIGHT = 24
INSET = 72  # the first and last points stand this far inside the plot: room for their labels
TOP = 24
PLOT_HEIGHT = 220
BOTTOM = 58  # the round labels and the axis caption


@dataclass
class Point:
    x: float
    y: float
    title: str
    label: str

    @property
    def label_y(self) -> float:
        # Above the point, or below it when the point sits at the top of the plot.
        return round(self.y - 10 if self.y > TOP + 16 else self.y + 20, 1)


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class XLabel:
    x: float
    label: str
    date: str


@dataclass
class ReadinessChart:
    width: int
    height: int
    title: str
    desc: str
    left: int
    right: int
    top: int
    bottom: int
    path: str
    points: list[Point]
    y_ticks: list[Tick]
    x_labels: list[XLabel]
    axis_caption: str


def readiness_chart(summaries, *, region_name: str = "") -> ReadinessChart | None:
    """``summaries``: the region's rounds oldest first (``trends.RoundSummary``: ``round`` and
    ``figure``, None where nothing has been submitted). None without rounds."""
    if not summaries:
        return None
    plot_w = WIDTH - LEFT - RIGHT
    bottom = TOP + PLOT_HEIGHT
    n = len(summaries)

    def x_at(i: int) -> float:
        inner = plot_w - 2 * INSET
        return round(LEFT + (plot_w / 2 if n == 1 else INSET + inner * i / (n - 1)), 1)

    def y_at(value: float) -> float:
        return round(bottom - PLOT_HEIGHT * value / 100, 1)

    points: list[Point | None] = []
    for i, s in enumerate(summaries):
        when = date_format(localtime(s.round.opened_at), "Y-m-d")
        if s.figure is None:
            points.append(None)
            continue
        points.append(
            Point(
                x=x_at(i),
                y=y_at(s.figure),
                title=f"{s.round.title} ({when}): {percent(s.figure)}",
                label=percent(s.figure),
            )
        )
    # Up to four rounds are named under the axis; with more, only their dates fit (at most about
    # eight). The table beside the chart names every round.
    named = n <= 4
    every = 1 if named else max(1, -(-n // 8))
    x_labels = [
        XLabel(
            x=x_at(i),
            label=shorten(s.round.title, 22) if named else formats.day(s.round.opened_at),
            date=formats.day(s.round.opened_at) if named else "",
        )
        for i, s in enumerate(summaries)
        if i % every == 0 or i == n - 1
    ]
    figures = [s.figure for s in summaries if s.figure is not None]
    if figures:
        desc = _(
            "A line chart of the readiness figure of %(region)s over %(count)s rounds, oldest on the "
            "left, on a scale from 0 to 100 %%. It went from %(first)s in the first round with answers "
            "to %(last)s in the latest (lowest %(low)s, highest %(high)s). The table gives every value."
        ) % {
            "region": region_name,
            "count": n,
            "first": percent(figures[0]),
            "last": percent(figures[-1]),
            "low": percent(min(figures)),
            "high": percent(max(figures)),
        }
    else:
        desc = _("No round of %(region)s has submitted answers yet, so the chart has no points.") % {
            "region": region_name
        }
    return ReadinessChart(
        width=WIDTH,
        height=bottom + BOTTOM,
        title=_("Readiness figure per round"),
        desc=desc,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=bottom,
        path=line_path(points),  # a round without submitted answers breaks the line
        points=[p for p in points if p],
        y_ticks=[Tick(y=y_at(v), label=f"{v} %") for v in (0, 25, 50, 75, 100)],
        x_labels=x_labels,
        axis_caption=_("Round (opened)"),
    )
