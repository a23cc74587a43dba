"""What every row of a workspace tab shares, as HTML: its error, and its history link and, for those
who may edit, its edit link and remove button. Each moment's rows module draws its rows around this
(``workspace.<moment>.rows``); ``{% item_actions %}`` (``workspace_rows``) draws it in a template."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.models import Sharing
from config.paths import link

from .html import html, join


def csrf_input(token) -> SafeString | str:
    """What ``{% csrf_token %}`` draws for the token of the request (none outside a request)."""
    if not token or token == "NOTPROVIDED":
        return ""
    return html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def actions(
    item, kind: str, *, case, can_edit: bool, readonly: bool = False, error: str = "", csrf: str = ""
) -> SafeString:
    """The record's error, if any; then unless ``readonly`` (a version shown beside a refused edit)
    its history link and, if ``can_edit``, its edit link and its remove button."""
    parts = []
    if error:
        parts.append(html('<p class="errors" role="alert">{}</p>', error))
    if not readonly:
        name = str(item)
        parts.append(
            html(
                '<div class="actions small">\n  <a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                link("workspace:item_history", case.pk, kind, item.pk),
                _("History"),
                name,
            )
        )
        if can_edit:
            edit = link("workspace:item_edit", case.pk, kind, item.pk)
            delete = link("workspace:item_delete", case.pk, kind, item.pk)
            parts.append(
                html(
                    '\n  <a href="{edit}" hx-get="{edit}" hx-target="closest .item" hx-swap="outerHTML">'
                    '{edit_label}<span class="visually-hidden"> {name}</span></a>\n'
                    '  <form method="post" action="{delete}" class="inline-form"\n'
                    '        hx-post="{delete}" hx-target="closest .item" hx-swap="outerHTML"\n'
                    '        hx-confirm="{confirm}">{csrf}'
                    '<input type="hidden" name="version" value="{version}">\n'
                    '    <button type="submit" class="link-button">{remove}'
                    '<span class="visually-hidden"> {name}</span></button></form>',
                    edit=edit,
                    delete=delete,
                    edit_label=_("Edit"),
                    name=name,
                    confirm=_("Remove this?"),
                    csrf=SafeString(csrf),
                    version=item.version,
                    remove=_("Remove"),
                )
            )
        parts.append(SafeString("\n</div>"))
    return join(parts)


@dataclass
class RowContext:
    """What every record of one answer shares: the case, what the reader may do, the form token; its
    sharing badge and its actions."""

    case: object
    csrf: str = ""
    can_edit: bool = False
    readonly: bool = False
    error: str = ""

    def __post_init__(self):
        self.sharing = {value: str(label) for value, label in Sharing.choices}

    def actions(self, item, kind: str) -> SafeString:
        return actions(
            item,
            kind,
            case=self.case,
            can_edit=self.can_edit,
            readonly=self.readonly,
            error=self.error,
            csrf=self.csrf,
        )

    def badge(self, item) -> SafeString:
        return html('<span class="badge">{}</span>', self.sharing.get(item.sharing, item.sharing))
