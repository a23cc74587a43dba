"""The actor map tab's rows as HTML: an actor's card (level, role, engagement, mandate, contact and
deputy, themes, influence and interest), with its history and edit links.

Drawn with ``html()`` (``workspace.core.html``: everything escaped that is not markup) rather than by
the template engine node by node; the template's partial (``workspace/actor_map.html#item``) draws
one card through this, for the tab and for the fragments htmx swaps in after an edit.
"""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from actors.models import Level
from config.paths import link
from establishments.models import CaseMember, Theme
from workspace.core.html import html


def theme_names(values) -> list[str]:
    """The translated labels of blueprint theme values, in the blueprint's order."""
    chosen = set(values or [])
    return [str(label) for value, label in Theme.choices if value in chosen]


def card(item: CaseMember, *, case, can_edit: bool, readonly: bool, just_saved: bool) -> SafeString:
    name = item.organisation.name
    number = html('<span class="badge">{}</span> ', item.number) if getattr(item, "number", None) else ""
    links = ""
    if not readonly:
        links = html(
            '\n<a class="small" href="{}">{}<span class="visually-hidden"> {}</span></a>',
            link("workspace:item_history", case.pk, "casemember", item.pk),
            _("History"),
            name,
        )
        if can_edit:
            edit = link("workspace:item_edit", case.pk, "casemember", item.pk)
            links = html(
                '{}\n<a class="button button--small" href="{}" hx-get="{}" hx-target="closest .item" '
                'hx-swap="outerHTML">{}<span class="visually-hidden"> {}</span></a>',
                links,
                edit,
                edit,
                _("Edit"),
                name,
            )
    if item.mandate:
        mandate = html('<span class="prewrap">{}</span>', item.mandate)
    else:
        mandate = html('<span class="badge badge--warn">{}</span>', _("No mandate"))
    contact = "–"
    if item.contact_id:
        deputy = (
            item.deputy_contact.name
            if item.deputy_contact_id
            else html('<span class="badge badge--warn">{}</span>', _("No deputy"))
        )
        contact = html("{} · {}: {}", item.contact.name, _("deputy"), deputy)
    refresh = ""
    saved = ""
    if just_saved:
        saved = html(' · <span role="status">{}</span>', _("Saved."))
        refresh = html(
            '\n<div hx-get="{}?fragment=overview" hx-trigger="load" hx-target="#actor-map-overview" '
            'hx-swap="outerHTML"></div>',
            link("workspace:actor_map", case.pk),
        )
    return html(
        '\n<div class="item actor" id="casemember-{pk}">\n<div class="item__head">\n<div>\n'
        '<h3 class="item__title">{number}<a href="{url}">{name}</a></h3>\n'
        '<p class="item__meta">{level} · {role} · <span class="badge badge--engagement-{engagement}">'
        "{engagement_label}</span>{saved}</p>\n</div>{links}\n</div>\n"
        '<dl class="facts facts--compact">\n'
        "<dt>{mandate_label}</dt><dd>{mandate}</dd>\n"
        "<dt>{contact_label}</dt><dd>{contact}</dd>\n"
        "<dt>{themes_label}</dt><dd>{themes}</dd>\n"
        "<dt>{scale_label}</dt><dd>{influence} / {interest}</dd>\n"
        "</dl>{refresh}\n</div>",
        pk=item.pk,
        number=number,
        url=link("actors:organisation_detail", item.organisation_id),
        name=name,
        level=Level(item.organisation.level).label if item.organisation.level in Level.values else "",
        role=dict(CaseMember.CaseRole.choices).get(item.case_role, item.case_role),
        engagement=item.engagement,
        engagement_label=dict(CaseMember.Engagement.choices).get(item.engagement, item.engagement),
        saved=saved,
        links=links,
        mandate_label=_("Mandate in this case"),
        mandate=mandate,
        contact_label=_("Contact person"),
        contact=contact,
        themes_label=_("Themes"),
        themes=", ".join(theme_names(item.themes)) or "–",
        scale_label=_("Influence / interest"),
        influence=item.influence or "–",
        interest=item.interest or "–",
        refresh=refresh,
    )
