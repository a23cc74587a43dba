"""What the competence tab writes for each row, made once per row in Python.

The tab has a row per gap, intervention and need, each with the same labels, a few choices written
out and a sentence or two. Through template tags ({% translate %}, {% blocktranslate %}, filters,
``get_FOO_display``) that is most of the page's time; here it is a few string operations per row.
The messages are the ones the templates used, so their translations stay as they are.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import Sharing
from config.formats import day

from .charts import grouped
from .models import CompetenceGap, Confidence, GapSource, Intervention, LivingNeed

SHARING = dict(Sharing.choices)
SOURCE = dict(GapSource.choices)
CONFIDENCE = dict(Confidence.choices)
INTERVENTION_KIND = dict(Intervention.Kind.choices)
INTERVENTION_STATUS = dict(Intervention.Status.choices)
NEED_KIND = dict(LivingNeed.Kind.choices)
NEED_STATUS = dict(LivingNeed.Status.choices)

BADGE = {
    Intervention.Status.STOPPED: "badge--warn",
    Intervention.Status.ONGOING: "badge--ok",
    Intervention.Status.DECIDED: "badge--ok",
}
NEED_BADGE = {LivingNeed.Status.MET: "badge--ok", LivingNeed.Status.IDENTIFIED: "badge--warn"}


def words() -> dict[str, str]:
    """The labels every row repeats, translated once."""
    return {
        "need": _("Need"),
        "regional_supply": _("Regional supply"),
        "gap": _("Gap"),
        "interventions": _("Interventions"),
        "source": _("Source"),
        "confidence": _("Confidence"),
        "responsible": _("Responsible"),
        "nobody_yet": _("nobody yet"),
        "fully_covered": _("Fully covered"),
        "no_gap": _("No gap"),
        "not_covered_yet": _("No intervention covers this gap yet."),
        "supply_meets_need": _("The regional supply meets the need."),
        "no_intervention_this_year": _(
            "No intervention starts with this year; those of earlier years count."
        ),
        "no_interventions": _("No interventions for this gap yet."),
    }


def coverage_text(c) -> dict[str, str]:
    """A gap's figures and the sentences about its coverage (``selectors.Coverage``)."""
    shown = {
        name: grouped(getattr(c, name))
        for name in (
            "needed", "regional_supply", "gap", "planned", "planned_supply", "covered", "uncovered",
            "shortfall", "surplus",
        )
    }  # fmt: skip
    shown["percent"] = str(c.percent_covered)
    shown["percent_label"] = _("%(p)s percent of the gap covered") % {"p": shown["percent"]}
    shown["uncovered_badge"] = _("%(n)s uncovered") % {"n": shown["uncovered"]}
    shown["surplus_text"] = _("The regional supply exceeds the need by %(n)s.") % {"n": shown["surplus"]}
    # A translation with its markup, as {% blocktranslate %} writes it; the numbers are escaped.
    shown["delivered"] = mark_safe(  # noqa: S308
        _(
            "Interventions deliver %(planned)s that year: <strong>%(covered)s of the gap of %(gap)s "
            "covered</strong>"
        )
        % {key: escape(shown[name]) for key, name in DELIVERED.items()}
    )
    return shown


DELIVERED = {"planned": "planned", "covered": "covered", "gap": "shortfall"}


def _translated(choices: dict) -> dict[str, str]:
    return {key: str(label) for key, label in choices.items()}


def _gaps():
    source, confidence = _translated(SOURCE), _translated(CONFIDENCE)
    add = _("Add an intervention for %(year)s")

    def text(gap: CompetenceGap) -> dict[str, str]:
        return {
            "source": source.get(gap.source, gap.source),
            "confidence": confidence.get(gap.confidence, gap.confidence),
            "add_intervention": add % {"year": gap.year},
        }

    return text


def _interventions():
    kinds, statuses = _translated(INTERVENTION_KIND), _translated(INTERVENTION_STATUS)
    until, since = _("%(n)s a year from %(start)s to %(end)s"), _("%(n)s a year from %(start)s")

    def text(item: Intervention) -> dict[str, str]:
        values = {"n": grouped(item.places_per_year or 0), "start": day(item.start), "end": item.end_year}
        return {
            "kind": kinds.get(item.kind, item.kind),
            "status": statuses.get(item.status, item.status),
            "badge": BADGE.get(item.status, ""),
            "places": (until if item.end_year else since) % values,
        }

    return text


def _needs():
    kinds, statuses = _translated(NEED_KIND), _translated(NEED_STATUS)
    quantity, by = _("quantity %(n)s"), _("by %(year)s")

    def text(item: LivingNeed) -> dict[str, str]:
        return {
            "kind": kinds.get(item.kind, item.kind),
            "status": statuses.get(item.status, item.status),
            "badge": NEED_BADGE.get(item.status, ""),
            "quantity": quantity % {"n": grouped(item.quantity)} if item.quantity is not None else "",
            "year": by % {"year": item.year} if item.year else "",
        }

    return text


ROW_TEXT = {"competencegap": _gaps, "intervention": _interventions, "livingneed": _needs}


def rows(items, kind: str):
    """``items`` of ``kind`` as the tab writes them: each with ``shown``, its sharing level and the
    texts of its kind."""
    text = ROW_TEXT[kind]()
    sharing = _translated(SHARING)
    for item in items:
        item.shown = {"sharing": sharing.get(item.sharing, item.sharing), **text(item)}
    return items
