"""The action plan tab's rows as HTML: one action with its badges, owner, due date, states, what it
serves, its commitment, and the forms to answer, propose, edit or remove it.

Drawn with ``html()`` (``workspace.core.html``: everything escaped that is not markup) rather than by
the template engine node by node, which cost most of the tab. The template's partial
(``workspace/plan_tab.html#action``) draws one action through this, for the tab and for the
fragments htmx swaps in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.models import Sharing
from config import formats
from config.paths import link
from workspace.core.html import html

from .models import Action, CommitmentState


def _sentence(text: str, **values) -> SafeString:
    """A translated sentence with escaped values, as ``{% blocktranslate with … %}`` gives it."""
    return mark_safe(text % {name: conditional_escape(value) for name, value in values.items()})


@dataclass
class RowContext:
    """What every action of one answer shares: the case and what the reader may do."""

    case: object
    csrf_input: str
    can_edit: bool = False
    readonly: bool = False
    respondable: set = field(default_factory=set)  # the actions the reader's organisation may answer
    error: str = ""
    notice: str = ""

    def __post_init__(self):
        self.today = timezone.localdate()
        self.labels = {
            name: {value: str(label) for value, label in Action._meta.get_field(name).choices}
            for name in ("status", "commitment", "sharing")
        }


def _serves(item: Action, rows: RowContext) -> str:
    gaps, needs = list(item.gaps.all()), list(item.living_needs.all())
    if not gaps and not needs:
        return ""
    competence = link("competence:case_competence", rows.case.pk)
    links = [html('<a href="{}#competencegap-{}">{}</a>', competence, g.pk, g) for g in gaps] + [
        html('<a href="{}#livingneed-{}">{}</a>', competence, n.pk, n) for n in needs
    ]
    return html('\n<p class="item__meta">{} {}\n</p>', _("Serves:"), mark_safe(", ".join(links)))


def _commitment(item: Action) -> str:
    if item.commitment == CommitmentState.PROPOSED:
        return _sentence(
            _("Proposed to %(org)s by %(who)s on %(when)s; not yet answered."),
            who=item.proposed_by,
            when=formats.longdate(item.proposed_at),
            org=item.owner_organisation,
        )
    if item.commitment == CommitmentState.ACCEPTED:
        return _sentence(
            _("Accepted by %(who)s on %(when)s."),
            who=item.responded_by,
            when=formats.longdatetime(item.responded_at),
        )
    if item.commitment == CommitmentState.DECLINED:
        return html(
            '{} <span class="action__reason">{} {}</span>',
            _sentence(
                _("Declined by %(who)s on %(when)s."),
                who=item.responded_by,
                when=formats.longdatetime(item.responded_at),
            ),
            _("Reason:"),
            item.decline_reason,
        )
    return ""


def _respond_form(item: Action, rows: RowContext) -> str:
    url = link("workspace:action_respond", rows.case.pk, item.pk)
    return html(
        '\n<form method="post" action="{url}" class="respond-form" hx-post="{url}" '
        'hx-target="closest .item" hx-swap="outerHTML">\n{csrf}'
        '<input type="hidden" name="version" value="{version}">\n<fieldset>\n<legend>{question}</legend>\n'
        '<button type="submit" name="decision" value="accept" class="button button--primary button--small">'
        '{accept}<span class="visually-hidden"> {title}</span></button>\n'
        '<label for="reason-{pk}">{reason}</label>\n'
        '<input type="text" id="reason-{pk}" name="reason" maxlength="2000">\n'
        '<button type="submit" name="decision" value="decline" class="button button--small button--danger">'
        '{decline}<span class="visually-hidden"> {title}</span></button>\n</fieldset>\n</form>',
        url=url,
        csrf=mark_safe(rows.csrf_input),
        version=item.version,
        question=_sentence(_("Does %(org)s take on this action?"), org=item.owner_organisation),
        accept=_("Accept"),
        title=item.title,
        pk=item.pk,
        reason=_("Reason, if you decline"),
        decline=_("Decline"),
    )


def _actions(item: Action, rows: RowContext) -> str:
    case_pk = rows.case.pk
    parts = [
        html(
            '\n<div class="actions small">\n<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            link("workspace:item_history", case_pk, "action", item.pk),
            _("History"),
            item.title,
        )
    ]
    if rows.can_edit:
        edit = link("workspace:item_edit", case_pk, "action", item.pk)
        parts.append(
            html(
                '\n<a href="{}" hx-get="{}" hx-target="closest .item" hx-swap="outerHTML">{}'
                '<span class="visually-hidden"> {}</span></a>',
                edit,
                edit,
                _("Edit"),
                item.title,
            )
        )
        if (
            item.owner_organisation_id
            and item.sharing != Sharing.INTERNAL
            and item.commitment not in (CommitmentState.PROPOSED, CommitmentState.ACCEPTED)
        ):
            propose = link("workspace:action_propose", case_pk, item.pk)
            parts.append(
                html(
                    '\n<form method="post" action="{url}" class="inline-form" hx-post="{url}" '
                    'hx-target="closest .item" hx-swap="outerHTML">\n{csrf}'
                    '<input type="hidden" name="version" value="{version}">\n'
                    '<button type="submit" class="button button--small">{label}'
                    '<span class="visually-hidden">: {title}</span></button>\n</form>',
                    url=propose,
                    csrf=mark_safe(rows.csrf_input),
                    version=item.version,
                    label=_sentence(_("Propose to %(org)s"), org=item.owner_organisation),
                    title=item.title,
                )
            )
        delete = link("workspace:item_delete", case_pk, "action", item.pk)
        parts.append(
            html(
                '\n<form method="post" action="{url}" class="inline-form" hx-post="{url}" '
                'hx-confirm="{confirm}">\n{csrf}<input type="hidden" name="version" value="{version}">\n'
                '<button type="submit" class="link-button">{label}<span class="visually-hidden"> {title}'
                "</span></button>\n</form>",
                url=delete,
                confirm=_("Remove this?"),
                csrf=mark_safe(rows.csrf_input),
                version=item.version,
                label=_("Remove"),
                title=item.title,
            )
        )
    parts.append(mark_safe("\n</div>"))
    return mark_safe("".join(parts))


def action(item: Action, rows: RowContext) -> SafeString:
    """One action: a list item inside the "newer version" list of a refused edit, elsewhere an
    article (an inline edit form, a div, takes its place)."""
    overdue = item.is_overdue(rows.today)
    tag = "li" if rows.readonly else "article"
    labels = rows.labels
    badges = [
        html(
            '<span class="badge badge--status-{}">{}</span>',
            item.status,
            labels["status"].get(item.status, item.status),
        )
    ]
    if overdue:
        badges.append(html('<span class="badge badge--danger">{}</span>', _("Overdue")))
    if item.commitment != CommitmentState.NONE:
        badges.append(
            html(
                '<span class="badge badge--commitment-{}">{} {}</span>',
                item.commitment,
                _("Commitment:"),
                labels["commitment"].get(item.commitment, item.commitment),
            )
        )
    badges.append(html('<span class="badge">{}</span>', labels["sharing"].get(item.sharing, item.sharing)))
    if item.owner_organisation_id:
        owner = html(
            "{}{}",
            item.owner_organisation,
            html(", {}", item.owner_person) if item.owner_person_id else "",
        )
    else:
        owner = html('<span class="badge badge--warn">{}</span>', _("No owner"))
    due = (
        html('<time datetime="{}">{}</time>', formats.isodate(item.due_date), formats.longdate(item.due_date))
        if item.due_date
        else "–"
    )
    states = []
    if item.current_state:
        states.append(
            html(
                '\n<p><strong>{}</strong> <span class="prewrap">{}</span></p>',
                _("Today:"),
                item.current_state,
            )
        )
    if item.target_state:
        states.append(
            html(
                '\n<p><strong>{}</strong> <span class="prewrap">{}</span></p>',
                _("Target:"),
                item.target_state,
            )
        )
    messages = []
    if rows.error:
        messages.append(html('\n<p class="message message--error" role="alert">{}</p>', rows.error))
    if rows.notice:
        messages.append(html('\n<p class="message message--success" role="status">{}</p>', rows.notice))
    return html(
        '<{tag} class="item action{overdue}{unaccepted}"{id}>\n<div class="item__head">\n'
        '<div class="action__body">\n<h3 class="action__title">{title}</h3>\n'
        '<p class="action__badges">\n{badges}\n</p>\n'
        '<dl class="action__facts">\n<div><dt>{owner_label}</dt><dd>{owner}</dd></div>\n'
        "<div><dt>{due_label}</dt><dd>{due}</dd></div>\n</dl>{states}{serves}\n"
        '<p class="item__meta">\n{commitment}\n</p>{messages}{respond}\n</div>{actions}\n</div>\n</{tag}>',
        tag=tag,
        overdue=" action--overdue" if overdue else "",
        unaccepted=" action--unaccepted" if item.unaccepted else "",
        id=html(' id="action-{}"', item.pk) if not rows.readonly else "",
        title=item.title,
        badges=mark_safe("\n".join(badges)),
        owner_label=_("Owner"),
        owner=owner,
        due_label=_("Due"),
        due=due,
        states=html('\n<div class="action__states">{}\n</div>', mark_safe("".join(states))) if states else "",
        serves=_serves(item, rows),
        commitment=_commitment(item),
        messages=mark_safe("".join(messages)),
        respond=_respond_form(item, rows) if not rows.readonly and item.pk in rows.respondable else "",
        actions=_actions(item, rows) if not rows.readonly else "",
    )
