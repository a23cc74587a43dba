"""The actor map's drawing: its two charts as SVG, drawn here from the coordinates the selectors
computed (``workspace.actor_map.selectors.actor_map_drawing``), each mark a few string joins rather
than a dozen template nodes; the numbered names beside them, and the table that says the same."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Level
from establishments.models import CaseMember
from workspace.actor_map.rows import theme_names
from workspace.core.html import html, join

register = template.Library()


def _number(value) -> str:
    """A coordinate as SVG reads it: never localised ("12.5", not "12,5")."""
    return str(value)


_SHAPES = {
    "engagerad": '<circle r="13" class="am-dot am-dot--engagerad"/>',
    "bor_engageras": '<polygon points="0,-15 15,0 0,15 -15,0" class="am-dot am-dot--bor_engageras"/>',
}
_OTHER_SHAPE = '<rect x="-12" y="-12" width="24" height="24" class="am-dot am-dot--informeras"/>'


def _mark(engagement: str, number=None) -> str:
    """One actor's mark: its shape tells the engagement as well as its colour; its number, if any."""
    shape = _SHAPES.get(engagement, _OTHER_SHAPE)
    if not number:
        return mark_safe(shape)
    return html(
        '{}<text y="5" text-anchor="middle" class="am-num am-num--{}">{}</text>',
        mark_safe(shape),
        engagement,
        number,
    )


@register.simple_tag
def engagement_mark(engagement: str):
    """The legend's mark of an engagement (no number)."""
    return _mark(engagement)


def _node(dot) -> str:
    member = dot.member
    title = html("<title>{}. {}</title>", member.number, dot.label) if dot.label else ""
    return html(
        '\n<g class="am-node" transform="translate({} {})">{}{}</g>',
        _number(dot.x),
        _number(dot.y),
        title,
        _mark(member.engagement, member.number),
    )


@register.simple_tag
def rings_chart(drawing: dict, case, count: int):
    """The actors on four rings by level, local innermost."""
    centre = _number(drawing["centre"])
    rings = drawing["rings"]
    circles = join(
        html(
            '<circle cx="{}" cy="{}" r="{}" class="am-ring am-ring--{}"/>',
            centre,
            centre,
            _number(ring.radius),
            ring.level,
        )
        for ring in rings
    )
    labels = join(
        html(
            '<text x="{}" y="{}" text-anchor="middle" class="am-ring-label">{}</text>',
            centre,
            int(ring.label_y) + 4,
            ring.label,
        )
        for ring in rings
    )
    nodes = "".join(_node(dot) for ring in rings for dot in ring.dots)
    description = ngettext(
        "%(counter)s actor on four rings by level, local innermost, international outermost; the shape "
        "and colour of each mark tell its engagement. The table below gives the same information.",
        "%(counter)s actors on four rings by level, local innermost, international outermost; the shape "
        "and colour of each mark tell its engagement. The table below gives the same information.",
        count,
    ) % {"counter": count}
    return html(
        '<svg class="actor-map__svg" viewBox="0 0 {size} {size}" role="img" '
        'aria-labelledby="rings-title rings-desc">\n'
        '<title id="rings-title">{title}</title>\n<desc id="rings-desc">{description}</desc>\n'
        "{circles}\n{labels}{nodes}\n</svg>",
        size=_number(drawing["size"]),
        title=_("Actor map of %(case)s") % {"case": case.public_name},
        description=description,
        circles=circles,
        labels=labels,
        nodes=mark_safe(nodes),
    )


@register.simple_tag
def grid_chart(drawing: dict):
    """The power and interest grid: influence up, interest to the right, from 1 to 5."""
    grid = drawing["grid"]
    quadrants = join(
        html(
            '<rect x="{}" y="{}" width="{}" height="{}" class="am-q am-q--{}"/>',
            q["x"],
            q["y"],
            q["w"],
            q["h"],
            q["key"],
        )
        for q in drawing["quadrants"]
    )
    ticks = []
    last = len(drawing["ticks"]) - 1
    for i, t in enumerate(drawing["ticks"]):
        if i != last:
            ticks.append(
                html(
                    '\n<line x1="{x}" x2="{end}" y1="{line}" y2="{line}" class="am-gridline"/>'
                    '\n<line y1="{y}" y2="{end}" x1="{line}" x2="{line}" class="am-gridline"/>',
                    x=grid["x"],
                    y=grid["y"],
                    end=grid["end"],
                    line=_number(t["line"]),
                )
            )
        ticks.append(
            html(
                '\n<text x="{}" y="{}" text-anchor="middle" class="am-tick">{}</text>'
                '\n<text x="{}" y="{}" text-anchor="end" class="am-tick">{}</text>',
                _number(t["x"]),
                drawing["tick_row_y"],
                t["value"],
                drawing["tick_col_x"],
                _number(t["y"]),
                t["value"],
            )
        )
    quadrant_labels = join(
        html(
            '<text x="{}" y="{}" text-anchor="{}" class="am-qlabel">{}</text>',
            q["x"],
            q["y"],
            q["anchor"],
            q["label"],
        )
        for q in drawing["quadrant_labels"]
    )
    dots = []
    for dot in drawing["grid_dots"]:
        if dot.member:
            member = dot.member
            dots.append(
                html(
                    '\n<g class="am-node" transform="translate({} {}) scale(0.8)">'
                    "<title>{}. {}</title>{}</g>",
                    _number(dot.x),
                    _number(dot.y),
                    member.number,
                    member.organisation.name,
                    _mark(member.engagement, member.number),
                )
            )
        else:
            dots.append(
                html(
                    '\n<text x="{}" y="{}" text-anchor="end" class="am-tick">{}</text>',
                    _number(dot.x),
                    _number(dot.y),
                    dot.label,
                )
            )
    return html(
        '<svg class="actor-map__svg" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="grid-title grid-desc">\n'
        '<title id="grid-title">{title}</title>\n<desc id="grid-desc">{description}</desc>\n'
        "{quadrants}{ticks}\n"
        '<rect x="{x}" y="{y}" width="{span}" height="{span}" class="am-grid"/>\n'
        "{quadrant_labels}\n"
        '<text x="{centre}" y="{axis_x_y}" text-anchor="middle" class="am-axis">{interest} →</text>\n'
        '<text transform="translate(14 {centre}) rotate(-90)" text-anchor="middle" class="am-axis">'
        "{influence} →</text>{dots}\n</svg>",
        width=drawing["grid_width"],
        height=drawing["grid_height"],
        title=_("Power and interest grid"),
        description=_(
            "Each actor placed by influence (up) and interest (right), from 1 to 5. Influence and "
            "interest of 3 or more count as high. The lists beside the grid name the actors of each "
            "quadrant."
        ),
        quadrants=quadrants,
        ticks=mark_safe("".join(ticks)),
        x=grid["x"],
        y=grid["y"],
        span=grid["span"],
        quadrant_labels=quadrant_labels,
        centre=_number(grid["centre"]),
        axis_x_y=drawing["axis_x_y"],
        interest=_("Interest"),
        influence=_("Influence"),
        dots=mark_safe("".join(dots)),
    )


@register.simple_tag
def chart_names(members):
    """A chart's numbered names, beside it: the number in its engagement's colour, the full name."""
    return html(
        "<ol>{}</ol>",
        join(
            html(
                '<li><span class="am-no am-no--{}">{}</span> <span>{}</span></li>',
                m.engagement,
                m.number,
                m.organisation.name,
            )
            for m in members
        ),
    )


def _or_dash(value) -> str:
    return "–" if value in (None, "") else value


@register.simple_tag
def actor_table_rows(members):
    """The actor map as a table's body rows: everything the charts show, and the mandate, contacts
    and themes."""
    levels = {value: str(label) for value, label in Level.choices}
    engagements = {value: str(label) for value, label in CaseMember.Engagement.choices}
    roles = {value: str(label) for value, label in CaseMember.CaseRole.choices}
    rows = []
    for m in members:
        mandate = m.mandate or "–"
        rows.append(
            html(
                '\n<tr>\n<td>{}</td><th scope="row">{}</th><td>{}</td>\n'
                "<td>{}</td><td>{}</td><td>{}</td>\n<td>{}</td><td>{}</td><td>{}</td>\n"
                "<td>{}</td><td>{}</td><td>{}</td>\n</tr>",
                m.number,
                m.organisation.name,
                levels.get(m.organisation.level, m.organisation.level),
                engagements.get(m.engagement, m.engagement),
                roles.get(m.case_role, m.case_role),
                ", ".join(theme_names(m.themes)) or "–",
                Truncator(mandate).chars(120),
                _or_dash(m.contact.name if m.contact else None),
                _or_dash(m.deputy_contact.name if m.deputy_contact else None),
                _or_dash(m.influence),
                _or_dash(m.interest),
                _or_dash(getattr(m, "quadrant", "")),
            )
        )
    return mark_safe("".join(rows))
