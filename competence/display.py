"""What the competence tab writes for each row, made once per row: the labels every row repeats,
its choices written out, its figures in the page's language and the sentences about them.

``competence.rows`` draws the rows from these; the chart and the table under it use the figures.
The messages are the ones the tab's templates used, so their translations stay as they are.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from config.formats import day

from .charts import grouped
from .models import CompetenceGap, Confidence, GapSource, Intervention, LivingNeed

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
        "unmet_shortage": _("Shortage occupation without an intervention"),
        "offering": _("In the education supply"),
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
    """``items`` of ``kind`` with ``shown``: the texts of their kind (``competence.rows`` draws them)."""
    text = ROW_TEXT[kind]()
    for item in items:
        item.shown = text(item)
    return items
