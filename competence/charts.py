"""The need-versus-supply chart of the competence tab, drawn on the server as SVG (no JavaScript).

Python computes the geometry and writes it out (``svg``). For every
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
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from config.svg import scale_ticks
from workspace.core.html import html, join

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
    def drawn(self) -> SafeString:
        """The chart as the page writes it (``svg``)."""
        return svg(self)

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


_LEGEND_FILL = {"need": "#9a3412", "supply": "#1f4e5f", "interventions": "url(#chart-hatch)"}
_SHORTFALL = 'fill="none" stroke="#9a3412" stroke-width="1.5" stroke-dasharray="4 3"'
_LABEL = 'stroke="#ffffff" stroke-width="3" paint-order="stroke"'


def _legend(chart: Chart) -> SafeString:
    parts = []
    for item in chart.legend:
        if item["key"] == "shortfall":
            box = html('<rect x="{}" y="8" width="14" height="14" ' + _SHORTFALL + "/>", item["x"])
        else:
            fill = _LEGEND_FILL[item["key"]]
            box = html('<rect x="{}" y="8" width="14" height="14" fill="{}"/>', item["x"], fill)
        parts.append(html('\n    {}\n    <text x="{}" y="20">{}</text>', box, item["x"] + 20, item["label"]))
    return join(parts)


def _scale(chart: Chart) -> SafeString:
    n = svg_number
    top, bottom, above, below = (
        n(v) for v in (chart.plot_top, chart.plot_bottom, chart.axis_top, chart.axis_bottom)
    )
    parts = []
    for i, tick in enumerate(chart.ticks):
        parts.append(
            html(
                '<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" stroke="{stroke}" stroke-width="1"{dash}/>'
                '\n    <text x="{x}" y="{above}" text-anchor="middle" fill="#3d474e">{label}</text>'
                '\n    <text x="{x}" y="{below}" text-anchor="middle" fill="#3d474e">{label}</text>',
                x=n(tick.x),
                top=top,
                bottom=bottom,
                stroke="#535e66" if i == 0 else "#c3ccd2",
                dash="" if i == 0 else SafeString(' stroke-dasharray="2 3"'),
                above=above,
                below=below,
                label=tick.label,
            )
        )
    last = n(chart.ticks[-1].x) if chart.ticks else ""
    return html(
        '\n    <text x="{unit_x}" y="{above}" fill="#3d474e">{people}</text>\n    {ticks}'
        '\n    <line x1="{left}" x2="{last}" y1="{top}" y2="{top}" stroke="#535e66" stroke-width="1"/>'
        '\n    <line x1="{left}" x2="{last}" y1="{bottom}" y2="{bottom}" stroke="#535e66" stroke-width="1"/>',
        unit_x=n(chart.unit_x),
        above=above,
        people=_("people"),
        ticks=SafeString("\n    ".join(parts)),
        left=n(chart.left),
        last=last,
        top=top,
        bottom=bottom,
    )


def _row(row: ChartRow) -> SafeString:
    s = row.svg
    rest, short = "", ""
    if s["rest"]:
        rest = html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#chart-hatch)" stroke="#0b6e4f" '
            'stroke-width="1"/>',
            s["rest_x"],
            s["supply_y"],
            s["rest_width"],
            s["bar"],
        )
    if row.shortfall:
        short = html(
            '<rect x="{}" y="{}" width="{}" height="{}" ' + _SHORTFALL + "/>",
            s["short_x"],
            s["short_y"],
            s["short_width"],
            s["bar"],
        )
    return html(
        '\n    <text x="{year_x}" y="{year_y}" text-anchor="end">{year}</text>'
        '\n    <rect x="{x}" y="{need_y}" width="{need_width}" height="{bar}" fill="#9a3412"/>'
        '\n    <text x="{need_label_x}" y="{need_label_y}" ' + _LABEL + ">{need}</text>"
        '\n    <rect x="{x}" y="{supply_y}" width="{supply_width}" height="{bar}" fill="#1f4e5f"/>'
        "\n    {rest}\n    {short}"
        '\n    <text x="{supply_label_x}" y="{supply_label_y}" ' + _LABEL + ">{supply}</text>",
        need=row.need.label,
        supply=row.supply.label,
        rest=rest,
        short=short,
        **{key: value for key, value in s.items() if key not in ("rest",)},
    )


def svg(chart: Chart) -> SafeString:
    """The chart as the page writes it (an SVG in a <figure>), drawn with ``html()`` rather than by
    the template engine number by number: every coordinate a string, never localised."""
    blocks = [
        html(
            '\n  <g class="chart__block">\n    <text x="0" y="{}" font-weight="600" font-size="14" '
            'stroke="#ffffff" stroke-width="4" paint-order="stroke">{}</text>{}\n  </g>',
            svg_number(block.heading_y),
            block.heading,
            join(_row(row) for row in block.rows),
        )
        for block in chart.blocks
    ]
    return html(
        '\n<figure class="chart" tabindex="0" aria-label="{title}">'
        '\n<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" viewBox="0 0 {width} {height}" '
        'width="{width}" height="{height}"'
        '\n     role="img" aria-labelledby="chart-title chart-desc" '
        'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, Arial, sans-serif" font-size="13" '
        'fill="#1d2327">'
        '\n  <title id="chart-title">{title}</title>\n  <desc id="chart-desc">{desc}</desc>'
        '\n  <defs>\n    <pattern id="chart-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)">'
        '\n      <rect width="6" height="6" fill="#0b6e4f"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/>\n    </pattern>\n  </defs>'
        '\n  <g class="chart__legend">{legend}\n  </g>'
        '\n  <g class="chart__scale" aria-hidden="true">{scale}\n  </g>{blocks}\n</svg>\n</figure>\n',
        title=chart.title,
        width=chart.width,
        height=chart.height,
        desc=chart.desc,
        legend=_legend(chart),
        scale=_scale(chart),
        blocks=join(blocks),
    )
