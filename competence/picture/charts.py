"""One occupation's demand against supply, year by year, drawn on the server as SVG
(``templates/competence/picture_chart.html``). For each year two columns on one scale: the demand,
stacked by case, and the supply, stacked by offering (secured offerings solid, planned ones
hatched, so the two differ by more than colour). The table beside the chart is its text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from config.svg import scale_ticks

from ..charts import grouped, svg_number
from ..supply.models import SECURED

WIDTH = 720
HEIGHT = 300
LEFT = 56
RIGHT = 12
TOP = 16
BOTTOM = 40
CASE_COLOURS = ["#1f4e79", "#7030a0", "#2e75b6", "#9c4a00", "#41719c", "#8e3b6b"]
OFFERING_COLOURS = ["#2e6b30", "#00695c", "#5d6b12", "#1b5e20", "#33691e", "#004d40"]


# Coordinates are handed to the template as text (``svg_number``): a template would localise a float
# ("12,5" in Swedish), which SVG cannot read.


@dataclass
class Segment:
    x: str
    y: str
    width: str
    height: str
    colour: str
    hatched: bool
    title: str


@dataclass
class Column:
    label_x: str
    label_y: str
    total: str
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Key:
    label: str
    colour: str
    hatched: bool = False


@dataclass
class Chart:
    width: int
    height: int
    columns: list[Column]
    years: list[dict]
    ticks: list[dict]
    baseline: str
    right: str
    keys: list[Key]
    title: str


def demand_supply_chart(basis) -> Chart | None:
    """The chart of an ``OccupationBasis``; None when there is neither demand nor supply to draw."""
    years = basis.year_range
    case_stacks = [
        [(c, c.years.get(y, 0), CASE_COLOURS[i % len(CASE_COLOURS)]) for i, c in enumerate(basis.cases)]
        for y in years
    ]
    offering_stacks = [
        [
            (o, o.graduates_in(y), OFFERING_COLOURS[i % len(OFFERING_COLOURS)])
            for i, o in enumerate(basis.row.offerings)
        ]
        for y in years
    ]
    top = max(
        [sum(v for _, v, _ in s) for s in case_stacks]
        + [sum(v for _, v, _ in s) for s in offering_stacks]
        + [0]
    )
    if not top:
        return None
    end, tick_values = scale_ticks(top)
    plot = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot

    def py(value: int) -> float:
        return round(plot * value / end, 1)

    slot = (WIDTH - LEFT - RIGHT) / len(years)
    column_width = round(min(48, slot / 3), 1)
    columns, labels = [], []
    for i, year in enumerate(years):
        centre = LEFT + slot * i + slot / 2
        labels.append({"x": svg_number(round(centre, 1)), "y": svg_number(baseline + 18), "label": str(year)})
        for j, stack in enumerate((case_stacks[i], offering_stacks[i])):
            x = round(centre - column_width - 2 if j == 0 else centre + 2, 1)
            y = baseline
            column = Column(label_x=svg_number(x + column_width / 2), label_y="0", total="")
            total = 0
            for item, value, colour in stack:
                if not value:
                    continue
                height = py(value)
                y = round(y - height, 1)
                total += value
                if j == 0:
                    title = _("%(case)s, %(year)s: demand %(n)s") % {
                        "case": item.name,
                        "year": year,
                        "n": grouped(value),
                    }
                else:
                    title = _("%(offering)s, %(year)s: %(n)s graduates") % {
                        "offering": item.name,
                        "year": year,
                        "n": grouped(value),
                    }
                column.segments.append(
                    Segment(
                        svg_number(x),
                        svg_number(y),
                        svg_number(column_width),
                        svg_number(height),
                        colour,
                        j == 1 and item.status not in SECURED,
                        title,
                    )
                )
            column.label_y = svg_number(round(y - 4, 1))
            column.total = grouped(total) if total else ""
            columns.append(column)
    ticks = [{"y": svg_number(round(baseline - py(v), 1)), "label": grouped(v)} for v in tick_values]
    keys = [Key(c.name, CASE_COLOURS[i % len(CASE_COLOURS)]) for i, c in enumerate(basis.cases)]
    keys += [
        Key(o.name, OFFERING_COLOURS[i % len(OFFERING_COLOURS)], o.status not in SECURED)
        for i, o in enumerate(basis.row.offerings)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        columns=columns,
        years=labels,
        ticks=ticks,
        baseline=svg_number(baseline),
        right=svg_number(WIDTH - RIGHT),
        keys=keys,
        title=_("Demand and supply of %(occupation)s, by year") % {"occupation": basis.row.occupation.name},
    )
