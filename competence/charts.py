"""The need-versus-supply chart of the competence tab, drawn on the server as SVG (no JavaScript).

Python computes the geometry; ``competence/tab.html#chart`` only writes it out. For every
occupation a block, for every year two horizontal bars: the need, and the planned supply (the
regional supply, then what the interventions deliver, hatched so the two parts differ by more than
colour). Every bar of every occupation is drawn on one shared scale, shown as an axis with round
numbers above and below the bars (and faint lines through them), so 25 people never draw as long as
1 200. Numbers stand at the bar ends; the table under the chart is its text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

from config.svg import scale_ticks

WIDTH = 760
LEFT = 62  # the year labels
RIGHT = 124  # room for the labels after the longest bar
BAR = 12
BAR_GAP = 2
ROW_GAP = 8
HEAD = 24
BLOCK_GAP = 6
LEGEND = 34
AXIS = 24  # the scale's numbers, above the first block and below the last


def grouped(n: int) -> str:
    """A number as the locale writes it, with its thousands separator ("1 200" in Swedish, "1,200"
    in English), as ``config.formats.num`` writes a whole number. Whole numbers take a short way
    (the page writes hundreds of them); anything else goes through Django's number_format."""
    if type(n) is int and get_format("NUMBER_GROUPING") == 3:
        return f"{n:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    return number_format(n, force_grouping=True)


@dataclass
class Tick:
    value: int
    x: float
    label: str


@dataclass
class Bar:
    y: float
    width: float
    label: str
    supply_width: float = 0  # planned-supply bars: the regional part; the rest are interventions
    label_offset: float = 0  # past the dashed shortfall outline, when there is one

    @property
    def x(self) -> int:
        return LEFT

    @property
    def label_x(self) -> float:
        return round(LEFT + self.width + self.label_offset + 6, 1)

    @property
    def label_y(self) -> float:
        return self.y + BAR - 3

    @property
    def rest_x(self) -> float:
        return LEFT + self.supply_width

    @property
    def rest_width(self) -> float:
        return round(self.width - self.supply_width, 1)


@dataclass
class Shortfall:
    """The part of the need the planned supply leaves open, outlined on the supply row."""

    x: float
    y: float
    width: float


def svg_number(value: float) -> str:
    """A coordinate as SVG reads it, never localised ("12.5", not "12,5")."""
    return f"{value:.10g}"


@dataclass
class ChartRow:
    year_y: float
    year: int
    need: Bar
    supply: Bar
    shortfall: Shortfall | None = None

    @cached_property
    def svg(self) -> dict:
        """The row's attributes written out for the template: hundreds of numbers through the
        template's number formatting cost more than the rest of the chart."""
        n, need, supply, short = svg_number, self.need, self.supply, self.shortfall
        shown = {
            "year": str(self.year),
            "year_x": n(LEFT - 8),
            "year_y": n(self.year_y),
            "bar": n(BAR),
            "x": n(LEFT),
            "need_y": n(need.y),
            "need_width": n(need.width),
            "need_label_x": n(need.label_x),
            "need_label_y": n(need.label_y),
            "supply_y": n(supply.y),
            "supply_width": n(supply.supply_width),
            "rest": supply.rest_width > 0,
            "rest_x": n(supply.rest_x),
            "rest_width": n(supply.rest_width),
            "supply_label_x": n(supply.label_x),
            "supply_label_y": n(supply.label_y),
        }
        if short is not None:
            shown.update(short_x=n(short.x), short_y=n(short.y), short_width=n(short.width))
        return shown


@dataclass
class ChartBlock:
    heading_y: float
    heading: str
    rows: list[ChartRow] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    title: str
    desc: str
    left: int
    blocks: list[ChartBlock]
    bar: int = BAR
    ticks: list[Tick] = field(default_factory=list)
    axis_top: float = 0  # the y of the upper scale's numbers
    plot_top: float = 0  # where the bars (and the scale's lines) begin and end
    plot_bottom: float = 0
    axis_bottom: float = 0  # the y of the lower scale's numbers
    scale_end: int = 1

    @property
    def unit_x(self) -> float:
        """Where the scale's unit ("people") stands: after its last number."""
        return (self.ticks[-1].x if self.ticks else self.left) + 30

    @property
    def legend(self) -> list[dict]:
        labels = [
            ("need", _("Need")),
            ("supply", _("Regional supply")),
            ("interventions", _("Interventions")),
            ("shortfall", _("Not covered")),
        ]
        return [{"key": k, "label": text, "x": 10 + i * 180} for i, (k, text) in enumerate(labels)]


def shared_scale(groups) -> tuple[int, list[int]]:
    """One scale for every occupation: from 0 to a round number at least the largest need or
    planned supply of any gap, with its tick values."""
    top = max([1] + [max(g.needed, g.coverage.planned_supply) for grp in groups for g in grp.gaps])
    return scale_ticks(top)


def need_supply_chart(groups, totals: dict) -> Chart:
    """``groups``: OccupationGroup with decorated gaps (each with ``coverage``).

    One scale for all occupations (``shared_scale``): a bar's length compares with every other
    bar's, and the axis says what the lengths mean.
    """
    plot = WIDTH - LEFT - RIGHT
    end, tick_values = shared_scale(groups)

    def px(value: int) -> float:
        return round(plot * value / end, 1)

    ticks = [Tick(value=v, x=LEFT + px(v), label=grouped(v)) for v in tick_values]
    axis_top = LEGEND + 14
    blocks, y = [], LEGEND + AXIS
    plot_top = y
    for group in groups:
        block = ChartBlock(heading_y=y + 16, heading=f"{group.occupation.code} {group.occupation.name}")
        y += HEAD
        for gap in group.gaps:
            c = gap.coverage
            need = Bar(
                y=y,
                width=px(c.needed),
                label=_("Need %(n)s") % {"n": grouped(c.needed)},
            )
            supply = Bar(
                y=y + BAR + BAR_GAP,
                width=px(c.planned_supply),
                label=_("Planned %(n)s") % {"n": grouped(c.planned_supply)},
                supply_width=px(c.regional_supply),
            )
            shortfall = None
            if c.needed > c.planned_supply:
                shortfall = Shortfall(
                    x=LEFT + supply.width, y=supply.y, width=round(need.width - supply.width, 1)
                )
                supply.label_offset = need.width - supply.width
            row = ChartRow(year_y=y + BAR + BAR_GAP / 2 + 4, year=gap.year, need=need, supply=supply)
            row.shortfall = shortfall
            block.rows.append(row)
            y += 2 * BAR + BAR_GAP + ROW_GAP
        blocks.append(block)
        y += BLOCK_GAP
    plot_bottom = y
    y += AXIS
    years = sorted({g.year for grp in groups for g in grp.gaps})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    desc = _(
        "Horizontal bars for %(occupations)s occupations, %(years)s, all on one scale from 0 to %(end)s "
        "people. For each year the upper bar is the need and the lower bar the planned supply: "
        "regional supply plus interventions (hatched); a dashed outline marks what is not covered. "
        "In total the need is %(needed)s people and the planned supply %(planned)s; "
        "%(uncovered)s people are not covered. The table below gives every number."
    ) % {
        "occupations": len(groups),
        "years": span,
        "needed": grouped(totals["needed"]),
        "planned": grouped(totals["regional_supply"] + totals["planned"]),
        "uncovered": grouped(totals["uncovered"]),
        "end": grouped(end),
    }
    return Chart(
        width=WIDTH,
        height=int(y),
        title=_("Need versus planned supply, per occupation and year"),
        desc=desc,
        left=LEFT,
        blocks=blocks,
        ticks=ticks,
        axis_top=axis_top,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        axis_bottom=plot_bottom + 16,
        scale_end=end,
    )
