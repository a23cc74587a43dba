"""The journal's rows as HTML: a meeting or decision with its follow-ups, and a follow-up.

Drawn with ``html()`` (``workspace.core.html``: everything escaped that is not markup) rather than by
the template engine node by node; the template's partials (``workspace/journal.html#journalentry``
and ``#followup``) draw one row through these, for the tab and for the fragments htmx swaps in.
"""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from config import formats
from workspace.core.html import html, join
from workspace.core.rows import RowContext

from .models import FollowUp, JournalEntry


def follow_up(item: FollowUp, rows: RowContext, today) -> SafeString:
    if item.done:
        state = html('<span class="badge badge--ok">{}</span>', _("Done"))
    elif item.due and today and item.due < today:
        state = html('<span class="badge badge--warn">{}</span>', _("Overdue"))
    else:
        state = ""
    return html(
        '\n<li class="item" id="followup-{pk}">\n  <div class="item__head">\n    <div>\n'
        "<p>{state}\n{text}</p>\n"
        '<p class="item__meta">{owner}{person}{due} · {sharing}</p>\n    </div>\n{actions}\n  </div>\n</li>',
        pk=item.pk,
        state=state,
        text=item.text,
        owner=item.owner,
        person=html(", {}", item.owner_person) if item.owner_person_id else "",
        due=html(" · {}", _("by %(due)s") % {"due": formats.longdate(item.due)}) if item.due else "",
        sharing=rows.badge(item),
        actions=rows.actions(item, "followup"),
    )


def entry(item: JournalEntry, rows: RowContext, today) -> SafeString:
    kinds = dict(JournalEntry.Kind.choices)
    follow_ups = getattr(item, "visible_follow_ups", None)
    return html(
        '\n<li class="item" id="journalentry-{pk}">\n  <div class="item__head">\n    <div>\n'
        '<h3 class="item__title"><time datetime="{iso}">{date}</time> · {title}</h3>\n'
        '<p class="item__meta"><span class="badge{decision}">{kind}</span> {sharing}</p>\n'
        "{participants}{notes}    </div>\n{actions}\n  </div>{follow_ups}\n</li>",
        pk=item.pk,
        iso=formats.isodate(item.date),
        date=formats.longdate(item.date),
        title=item.title,
        decision=" badge--phase" if item.kind == JournalEntry.Kind.DECISION else "",
        kind=kinds.get(item.kind, item.kind),
        sharing=rows.badge(item),
        participants=html(
            '<p class="small"><strong>{}:</strong> {}</p>\n', _("Participants"), item.participants
        )
        if item.participants
        else "",
        notes=html('<p class="prewrap">{}</p>\n', item.notes) if item.notes else "",
        actions=rows.actions(item, "journalentry"),
        follow_ups=html(
            '\n<h4 class="small">{}</h4>\n<ul class="item-list">{}</ul>',
            _("Follow-ups"),
            join(follow_up(f, rows, today) for f in follow_ups),
        )
        if follow_ups
        else "",
    )
