"""Moment 2's rows as HTML: a competence gap (its line in the list, its figures and its coverage),
an intervention and a living-environment need.

Drawn with ``html()`` (``workspace.core.html``: everything escaped that is not markup) rather than by
the template engine node by node, as the other workspace tabs draw theirs; the texts come from
``display`` (made once per row), the history, edit and remove actions from ``workspace.core.rows``.
The tab's partials (``competence/tab.html#competencegap`` and the others) draw one row through the
``competence_rows`` tags, for the tab and for the fragments htmx swaps in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from config.paths import link
from workspace.core.html import html
from workspace.core.rows import RowContext

from . import display

OOB = SafeString(' hx-swap-oob="true"')


@dataclass
class Rows(RowContext):
    """What the rows of one answer share (the case, what the reader may do, the form token) and the
    labels every row repeats."""

    words: dict = field(default_factory=dict)

    def __post_init__(self):
        super().__post_init__()
        self.words = display.words()


def coverage(item, rows: Rows, *, oob: bool = False) -> SafeString:
    """How much of a gap the interventions cover: a sentence, a badge and a bar."""
    c = getattr(item, "coverage", None)
    if c is None:
        return html('<div class="coverage" id="coverage-{}"{}></div>', item.pk, OOB if oob else "")
    t, w = c.text, rows.words
    if c.shortfall:
        said = t["delivered"] if c.planned else html("<strong>{}</strong>", w["not_covered_yet"])
        badge = (
            html('<span class="badge badge--warn">{}</span>', t["uncovered_badge"])
            if c.uncovered
            else html('<span class="badge badge--ok">{}</span>', w["fully_covered"])
        )
        body = html(
            '\n  <p class="coverage__text">{}\n  {}</p>\n  <svg class="progress" viewBox="0 0 100 1" '
            'preserveAspectRatio="none" focusable="false" role="img" aria-label="{}"><rect '
            'class="progress__bar" width="{}" height="1"/></svg>\n',
            said,
            badge,
            t["percent_label"],
            t["percent"],
        )
    else:
        body = html(
            '\n  <p class="coverage__text"><span class="badge badge--ok">{}</span> {}</p>\n',
            w["no_gap"],
            t["surplus_text"] if c.surplus else w["supply_meets_need"],
        )
    return html('<div class="coverage" id="coverage-{}"{}>{}</div>', item.pk, OOB if oob else "", body)


def gap_line(item, rows: Rows, *, oob: bool = False) -> SafeString:
    """A gap's line in the list (the summary of its row): the year and its figures."""
    c, w = item.coverage, rows.words
    t = c.text
    if c.uncovered:
        status = html('<span class="badge badge--warn">{}</span>', t["uncovered_badge"])
        if getattr(item, "unmet_shortage", False):
            status = html('{} <span class="badge badge--alert">{}</span>', status, w["unmet_shortage"])
    else:
        said = w["fully_covered" if c.shortfall else "no_gap"]
        status = html('<span class="badge badge--ok">{}</span>', said)
    return html(
        '<span class="gap-line" id="gap-line-{}"{}>\n  <strong class="gap-line__year">{}</strong>\n'
        '  <span class="gap-line__n"><span class="gap-line__k">{}</span> {}</span>\n'
        '  <span class="gap-line__n"><span class="gap-line__k">{}</span> {}</span>\n'
        '  <span class="gap-line__n"><span class="gap-line__k">{}</span> {}</span>\n'
        '  <span class="gap-line__n"><span class="gap-line__k">{}</span> {}</span>\n'
        '  <span class="gap-line__status">{}</span>\n</span>',
        item.pk,
        OOB if oob else "",
        item.year,
        w["need"],
        t["needed"],
        w["regional_supply"],
        t["regional_supply"],
        w["gap"],
        t["gap"],
        w["interventions"],
        t["planned"],
        status,
    )


def _item(tag: str, classes: str, kind: str, item, body: SafeString, rows: Rows) -> SafeString:
    return html(
        '\n<{tag} class="{classes}" id="{kind}-{pk}">\n  <div class="item__head">\n{body}\n'
        "    {actions}\n  </div>\n</{tag}>\n",
        tag=tag,
        classes=classes,
        kind=kind,
        pk=item.pk,
        body=body,
        actions=rows.actions(item, kind),
    )


def _note(item) -> SafeString | str:
    return html('\n      <p class="prewrap small">{}</p>', item.note) if item.note else ""


def gap(item, rows: Rows) -> SafeString:
    """A competence gap: its year, figures, source and confidence, note and coverage (a version
    shown beside a refused edit: as a list item, with its occupation, without its coverage)."""
    s, w, t = item.shown, rows.words, item.coverage.text
    body = html(
        '    <div class="gap__body">\n      <p class="gap__title"><strong>{}</strong>{}</p>\n'
        '      <dl class="numbers">\n'
        "        <div><dt>{}</dt><dd>{}</dd></div>\n"
        "        <div><dt>{}</dt><dd>{}</dd></div>\n"
        "        <div><dt>{}</dt><dd>{}</dd></div>\n"
        "      </dl>\n"
        '      <p class="item__meta">{}: {} · {}: {} · {}</p>{}\n      {}\n    </div>',
        item.year,
        html(" · {}", item.occupation) if rows.readonly else "",
        w["need"],
        t["needed"],
        w["regional_supply"],
        t["regional_supply"],
        w["gap"],
        t["gap"],
        w["source"],
        s["source"],
        w["confidence"],
        s["confidence"],
        rows.badge(item),
        _note(item),
        "" if rows.readonly else coverage(item, rows),
    )
    return _item("li" if rows.readonly else "div", "item gap", "competencegap", item, body, rows)


def intervention(item, rows: Rows) -> SafeString:
    """An intervention: its kind, name and status, who answers for it, how many a year and when."""
    s = item.shown
    offering = getattr(item, "offering", None) if item.offering_id else None
    body = html(
        '    <div>\n      <p><strong>{}</strong>{}\n        <span class="badge{}">{}</span></p>\n'
        '      <p class="item__meta">{} · {} · {}</p>{}{}\n    </div>',
        s["kind"],
        html(": {}", item.title) if item.title else "",
        f" {s['badge']}" if s["badge"] else "",
        s["status"],
        item.organisation,
        s["places"],
        rows.badge(item),
        html(
            '\n      <p class="item__meta">{}: <a href="{}">{}</a></p>',
            rows.words["offering"],
            link("supply:offering_detail", offering.pk),
            offering.name,
        )
        if offering is not None
        else "",
        _note(item),
    )
    return _item("li" if rows.readonly else "div", "item intervention", "intervention", item, body, rows)


def need(item, rows: Rows) -> SafeString:
    """A living-environment need: its kind, quantity, year and status, and who answers for it."""
    s, w = item.shown, rows.words
    responsible = (
        html("{}", item.organisation)
        if item.organisation_id
        else html('<strong class="text-warn">{}</strong>', w["nobody_yet"])
    )
    body = html(
        '    <div>\n      <p><strong>{}</strong>{}{}\n        <span class="badge{}">{}</span></p>\n'
        '      <p class="prewrap">{}</p>\n      <p class="item__meta">{}: {} · {}</p>\n    </div>',
        s["kind"],
        html(" · {}", s["quantity"]) if s["quantity"] else "",
        html(" · {}", s["year"]) if s["year"] else "",
        f" {s['badge']}" if s["badge"] else "",
        s["status"],
        item.description,
        w["responsible"],
        responsible,
        rows.badge(item),
    )
    return _item("li" if rows.readonly else "div", "item", "livingneed", item, body, rows)


DRAW = {"competencegap": gap, "intervention": intervention, "livingneed": need}
