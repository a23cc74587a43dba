"""Moment 1's rows as HTML: an expectation or fear, a milestone, a committed resource, and an actor
of the case with its engagement (a select that saves itself, htmx on change and a button without
JavaScript, for those who may edit; a badge for the others).

Drawn with ``html()`` (``workspace.core.html``: everything escaped that is not markup) rather than by
the template engine node by node; the template's partials (``workspace/goals.html#expectation`` and
the others) draw one row through these, for the tab and for the fragments htmx swaps in.
"""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from config import formats
from config.paths import link
from establishments.models import CaseMember
from workspace.core.html import html, join
from workspace.core.rows import RowContext

from .models import Expectation, Milestone, ResourceCommitment


def _item(kind: str, item, body: SafeString, rows: RowContext) -> SafeString:
    return html(
        '\n<li class="item" id="{}-{}">\n  <div class="item__head">\n    <div>\n{}\n    </div>\n{}\n'
        "  </div>\n</li>",
        kind,
        item.pk,
        body,
        rows.actions(item, kind),
    )


def expectation(item: Expectation, rows: RowContext) -> SafeString:
    kinds = dict(Expectation.Kind.choices)
    body = html(
        '<p><span class="badge {}">{}</span></p>\n<p class="prewrap">{}</p>\n<p class="item__meta">{}{}</p>',
        "badge--warn" if item.kind == Expectation.Kind.FEAR else "badge--ok",
        kinds.get(item.kind, item.kind),
        item.text,
        html("{} · ", item.organisation) if item.organisation_id else "",
        rows.badge(item),
    )
    return _item("expectation", item, body, rows)


def milestone(item: Milestone, rows: RowContext) -> SafeString:
    kinds = dict(Milestone.Kind.choices)
    body = html(
        '<p><strong><time datetime="{}">{}</time></strong> · {} <span class="muted">({})</span></p>\n'
        '{}<p class="item__meta">{}</p>',
        formats.isodate(item.date),
        formats.longdate(item.date),
        item.title,
        kinds.get(item.kind, item.kind),
        html('<p class="prewrap small">{}</p>\n', item.note) if item.note else "",
        rows.badge(item),
    )
    return _item("milestone", item, body, rows)


def resource(item: ResourceCommitment, rows: RowContext) -> SafeString:
    parts = []
    if item.people is not None:
        parts.append(_("%(n)s full-time") % {"n": floatformat(item.people, "-1g")})
    if item.amount_sek is not None:
        parts.append(f"{formats.num(item.amount_sek)} kr")
    body = html(
        '<p><strong>{}</strong>: {}</p>\n<p class="item__meta">{} · {}</p>',
        item.organisation,
        item.description,
        " · ".join(parts),
        rows.badge(item),
    )
    return _item("resourcecommitment", item, body, rows)


def member(m: CaseMember, *, case, can_edit: bool, csrf_input: str, error: str = "") -> SafeString:
    engagements = [(value, str(label)) for value, label in CaseMember.Engagement.choices]
    roles = dict(CaseMember.CaseRole.choices)
    head = html(
        '<div><strong>{}</strong> <span class="muted small">{}</span>\n{}</div>',
        m.organisation,
        roles.get(m.case_role, m.case_role),
        html('<p class="errors" role="alert">{}</p>', error) if error else "",
    )
    if can_edit:
        url = link("workspace:engagement_change", case.pk, m.pk)
        options = join(
            html(
                '<option value="{}"{}>{}</option>', value, " selected" if value == m.engagement else "", label
            )
            for value, label in engagements
        )
        engagement = html(
            '\n<form method="post" action="{url}" class="engagement-form"\n'
            '      hx-post="{url}" hx-trigger="change" hx-target="closest .item" hx-swap="outerHTML">\n'
            '{csrf}<input type="hidden" name="version" value="{version}">\n'
            '<label for="engagement-{pk}" class="visually-hidden">{label}</label>\n'
            '<select id="engagement-{pk}" name="engagement">\n{options}\n</select>\n'
            '<noscript><button type="submit" class="button button--small">{save}</button></noscript>\n'
            "</form>",
            url=url,
            csrf=SafeString(csrf_input),
            version=m.version,
            pk=m.pk,
            label=_("Engagement of %(org)s") % {"org": m.organisation},
            options=options,
            save=_("Save"),
        )
    else:
        labels = dict(engagements)
        engagement = html(
            '\n<span class="badge{}">{}</span>',
            " badge--warn" if m.engagement == CaseMember.Engagement.SHOULD else "",
            labels.get(m.engagement, m.engagement),
        )
    return html(
        '\n<li class="item" id="member-{}">\n<div class="item__head">\n{}{}\n</div>\n</li>',
        m.pk,
        head,
        engagement,
    )
