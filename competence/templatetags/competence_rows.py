"""Moment 2's rows in the competence tab's template (``competence.rows``): ``{% competence_row kind %}``
draws ``item`` (a gap, an intervention or a need), ``{% gap_line %}`` and ``{% gap_coverage %}`` a
gap's line in the list and its coverage (``oob``: swapped in out of band)."""

from django import template

from workspace.core.rows import csrf_input

from .. import rows as competence_rows

register = template.Library()


def _rows(context) -> competence_rows.Rows:
    """What the rows of one page share, made once for the page (per what it depends on)."""
    readonly, error = bool(context.get("readonly")), str(context.get("error") or "")
    cache = context.render_context.setdefault("competence_rows", {})
    if (readonly, error) not in cache:
        cache[(readonly, error)] = competence_rows.Rows(
            case=context["case"],
            csrf=csrf_input(context.get("csrf_token")),
            can_edit=bool(context.get("can_edit")),
            readonly=readonly,
            error=error,
        )
    return cache[(readonly, error)]


@register.simple_tag(takes_context=True)
def competence_row(context, kind: str):
    """A record of moment 2 (``item``): ``kind`` is "competencegap", "intervention" or "livingneed"."""
    return competence_rows.DRAW[kind](context["item"], _rows(context))


@register.simple_tag(takes_context=True)
def gap_line(context):
    return competence_rows.gap_line(context["item"], _rows(context), oob=bool(context.get("oob")))


@register.simple_tag(takes_context=True)
def gap_coverage(context):
    return competence_rows.coverage(context["item"], _rows(context), oob=bool(context.get("oob")))
