"""The rows of the workspace tabs, each drawn by its moment's rows module (``workspace.<moment>.rows``)
at the cost of a few string joins rather than dozens of template nodes; ``{% item_actions %}``, a
record's history, edit and remove actions for templates that draw their own rows; and ``{% link %}``,
the URL ``{% url %}`` gives at the cost of a string join (``config.paths``)."""

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape

from config.paths import link as make_link
from workspace.actor_map import rows as actor_rows
from workspace.core import rows as core_rows
from workspace.goals import rows as goals_rows
from workspace.journal import rows as journal_rows
from workspace.plan import rows as plan_rows
from workspace.routes import rows as route_rows

register = template.Library()


class LinkNode(template.Node):
    def __init__(self, name, args, asvar):
        self.name, self.args, self.asvar = name, args, asvar

    def render(self, context):
        url = make_link(self.name.resolve(context), *(arg.resolve(context) for arg in self.args))
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def link(parser, token):
    """``{% link 'workspace:item_edit' case.pk kind item.pk %}`` or ``… as edit_url``: positional
    arguments only."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'link' takes a URL name and its arguments")
    asvar = None
    if len(bits) >= 4 and bits[-2] == "as":
        asvar = bits[-1]
        bits = bits[:-2]
    if any("=" in bit for bit in bits[2:]):
        raise template.TemplateSyntaxError("'link' takes positional arguments only")
    return LinkNode(parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], asvar)


def csrf_input(context) -> str:
    """What ``{% csrf_token %}`` draws."""
    return core_rows.csrf_input(context.get("csrf_token"))


@register.simple_tag(takes_context=True)
def item_actions(context, item=None, kind=None):
    """A record's error (``error``) and, unless ``readonly``, its history link and, for those who
    may edit (``can_edit``), its edit link and remove button (``workspace.core.rows.actions``);
    ``item`` and ``kind`` default to the context's."""
    return core_rows.actions(
        context["item"] if item is None else item,
        context["kind"] if kind is None else kind,
        case=context["case"],
        can_edit=bool(context.get("can_edit")),
        readonly=bool(context.get("readonly")),
        error=context.get("error") or "",
        csrf=csrf_input(context),
    )


# Rows drawn in Python (see each moment's rows module) -------------------------------------------


def _route_rows(context) -> route_rows.RowContext:
    return route_rows.RowContext(
        case=context["case"],
        user=context["request"].user,
        csrf_input=csrf_input(context),
        left=context.get("left") or set(),
        can_edit=bool(context.get("can_edit")),
        readonly=bool(context.get("readonly")),
        show_internal=bool(context.get("show_internal")),
        just_saved=bool(context.get("just_saved")),
        grouped=bool(context.get("group")),
    )


def _route_key(context) -> tuple:
    return (
        bool(context.get("readonly")),
        bool(context.get("just_saved")),
        bool(context.get("group")),
        id(context.get("left")),
    )


@register.simple_tag(takes_context=True)
def route_row(context):
    """A contact route (``item``) with its referral chain."""
    return route_rows.route(context["item"], _shared(context, _route_rows, *_route_key(context)))


@register.simple_tag(takes_context=True)
def route_step(context):
    """One step (``item``) of a referral chain."""
    return route_rows.step(context["item"], _shared(context, _route_rows, *_route_key(context)))


def _shared(context, make, *key):
    """What the rows of one page share, made once for the page (per ``key``, what it depends on)."""
    cache = context.render_context.setdefault("workspace_rows", {})
    key = (make, *key)
    if key not in cache:
        cache[key] = make(context)
    return cache[key]


def _action_rows(context) -> plan_rows.RowContext:
    return plan_rows.RowContext(
        case=context["case"],
        csrf_input=csrf_input(context),
        can_edit=bool(context.get("can_edit")),
        readonly=bool(context.get("readonly")),
        respondable=context.get("respondable") or set(),
        error=context.get("error") or "",
        notice=context.get("notice") or "",
    )


@register.simple_tag(takes_context=True)
def action_row(context):
    """An action of the plan (``item``)."""
    rows = _shared(
        context,
        _action_rows,
        bool(context.get("readonly")),
        str(context.get("error") or ""),
        str(context.get("notice") or ""),
    )
    return plan_rows.action(context["item"], rows)


@register.simple_tag(takes_context=True)
def member_row(context):
    """An actor of the case (``m``) and its engagement, on the goals tab."""
    return goals_rows.member(
        context["m"],
        case=context["case"],
        can_edit=bool(context.get("can_edit")),
        csrf_input=csrf_input(context),
        error=context.get("error") or "",
    )


@register.simple_tag(takes_context=True)
def actor_card(context):
    """An actor of the actor map (``item``)."""
    return actor_rows.card(
        context["item"],
        case=context["case"],
        can_edit=bool(context.get("can_edit")),
        readonly=bool(context.get("readonly")),
        just_saved=bool(context.get("just_saved")),
    )


def _item_rows(context) -> core_rows.RowContext:
    return core_rows.RowContext(
        case=context["case"],
        csrf=csrf_input(context),
        can_edit=bool(context.get("can_edit")),
        readonly=bool(context.get("readonly")),
        error=context.get("error") or "",
    )


def _item_key(context) -> tuple:
    return bool(context.get("readonly")), str(context.get("error") or "")


@register.simple_tag(takes_context=True)
def goals_row(context, kind: str):
    """A record of moment 1 (``item``): ``kind`` is "expectation", "milestone" or "resourcecommitment"."""
    draw = {
        "expectation": goals_rows.expectation,
        "milestone": goals_rows.milestone,
        "resourcecommitment": goals_rows.resource,
    }[kind]
    return draw(context["item"], _shared(context, _item_rows, *_item_key(context)))


@register.simple_tag(takes_context=True)
def journal_row(context, kind: str):
    """A record of the journal (``item``): ``kind`` is "journalentry" or "followup"."""
    rows = _shared(context, _item_rows, *_item_key(context))
    today = context.get("today") or timezone.localdate()
    if kind == "journalentry":
        return journal_rows.entry(context["item"], rows, today)
    return journal_rows.follow_up(context["item"], rows, today)
