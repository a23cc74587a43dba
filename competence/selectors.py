"""Reads of moment 2, competence mapping, always narrowed by the access policy first.

Coverage: for an occupation in a year, the interventions cover the people that every intervention
of that occupation delivers that year (not stopped, from its start year to its last year),
at most the gap itself. What remains is uncovered. A reader counts only what they may see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policy
from config.queries import count_of
from establishments.selectors import CaseReads, case_facts
from establishments.slots import Check, Progress

from . import display
from .barometer.models import SHORTAGE_SITUATIONS
from .barometer.selectors import assessments_for, situation_of
from .charts import grouped, need_supply_chart
from .models import CompetenceGap, Intervention, LivingNeed, Occupation


@dataclass
class Coverage:
    """One gap's arithmetic: need, regional supply, what interventions deliver and cover."""

    needed: int
    regional_supply: int
    planned: int  # people the active interventions deliver that year, uncapped

    @property
    def gap(self) -> int:
        return self.needed - self.regional_supply

    @property
    def shortfall(self) -> int:
        return max(self.gap, 0)

    @property
    def surplus(self) -> int:
        return max(-self.gap, 0)

    @property
    def covered(self) -> int:
        return min(self.planned, self.shortfall)

    @property
    def uncovered(self) -> int:
        return self.shortfall - self.covered

    @property
    def planned_supply(self) -> int:
        return self.regional_supply + self.planned

    @property
    def percent_covered(self) -> int:
        return 100 if not self.shortfall else round(100 * self.covered / self.shortfall)

    @cached_property
    def text(self) -> dict[str, str]:
        """The figures and sentences as the page writes them ("1 200" in Swedish), made once."""
        return display.coverage_text(self)


@dataclass
class OccupationGroup:
    occupation: Occupation
    gaps: list[CompetenceGap] = field(default_factory=list)
    barometer: list = field(default_factory=list)  # barometer.selectors.Shown, on the tab

    @property
    def needed(self) -> int:
        return sum(g.needed for g in self.gaps)

    @property
    def uncovered(self) -> int:
        return sum(g.coverage.uncovered for g in self.gaps)


def visible_gaps(*, user, case):
    """The gaps the user may read, each with ``barometer_situation``: what Arbetsförmedlingen's
    latest Yrkesbarometer says of its occupation in the case's county (or the country)."""
    return (
        policy.visible_items(user, case, CompetenceGap.objects.select_related("occupation"))
        .annotate(barometer_situation=situation_of())
        .order_by("occupation__code", "year", "pk")
    )


def visible_interventions(*, user, case):
    """Interventions the user may read, on gaps the user may read."""
    levels = policy.sharing_levels_for(user, case)
    return (
        policy.visible_items(user, case, Intervention.objects.all())
        .filter(gap__sharing__in=levels)
        .select_related("organisation", "gap", "offering")
        .order_by("start", "pk")
    )


def visible_living_needs(*, user, case):
    return policy.visible_items(user, case, LivingNeed.objects.select_related("organisation"))


def coverage_by_gap(gaps, interventions) -> dict[int, Coverage]:
    """Each gap's coverage from the interventions of its occupation active in its year."""
    by_occupation = defaultdict(list)
    for intervention in interventions:
        by_occupation[intervention.gap.occupation_id].append(intervention)
    result = {}
    for gap in gaps:
        planned = sum(i.places_per_year for i in by_occupation[gap.occupation_id] if i.active_in(gap.year))
        result[gap.pk] = Coverage(needed=gap.needed, regional_supply=gap.regional_supply, planned=planned)
    return result


def decorate_gaps(gaps, interventions) -> list[CompetenceGap]:
    """Hang each gap's coverage and its own interventions on it, for the templates."""
    coverage = coverage_by_gap(gaps, interventions)
    own = defaultdict(list)
    for intervention in interventions:
        own[intervention.gap_id].append(intervention)
    for gap in gaps:
        gap.coverage = coverage[gap.pk]
        gap.shown_interventions = own[gap.pk]
        # A shortage the barometer sees, left without any intervention: flagged on the tab and the
        # overview. (A gap read without the annotation, as after an inline edit, is not flagged.)
        gap.unmet_shortage = bool(
            getattr(gap, "barometer_situation", None) in SHORTAGE_SITUATIONS
            and gap.coverage.shortfall
            and not gap.coverage.covered
        )
    return gaps


def gap_decorated(*, user, case, gap: CompetenceGap) -> CompetenceGap:
    """One gap with its coverage and interventions (after an inline edit)."""
    interventions = list(
        visible_interventions(user=user, case=case).filter(gap__occupation=gap.occupation_id)
    )
    return decorate_gaps([gap], interventions)[0]


def _totals(gaps) -> dict:
    return {
        "needed": sum(g.needed for g in gaps),
        "regional_supply": sum(g.regional_supply for g in gaps),
        "planned": sum(g.coverage.planned for g in gaps),
        "shortfall": sum(g.coverage.shortfall for g in gaps),
        "covered": sum(g.coverage.covered for g in gaps),
        "uncovered": sum(g.coverage.uncovered for g in gaps),
    }


def competence_summary(*, user, case) -> dict:
    """The gaps with their coverage, the totals and the chart: two queries, whatever the size."""
    gaps = decorate_gaps(
        list(visible_gaps(user=user, case=case)), list(visible_interventions(user=user, case=case))
    )
    groups: dict[int, OccupationGroup] = {}
    for gap in gaps:
        groups.setdefault(gap.occupation_id, OccupationGroup(gap.occupation)).gaps.append(gap)
    totals = _totals(gaps)
    totals_text = {key: grouped(value) for key, value in totals.items()}
    totals_text["planned_supply"] = grouped(totals["regional_supply"] + totals["planned"])
    return {
        "gaps": gaps,
        "groups": list(groups.values()),
        "totals": totals,
        "totals_text": totals_text,
        "chart": need_supply_chart(list(groups.values()), totals) if gaps else None,
    }


def competence_context(*, user, case) -> dict:
    """Everything the competence tab shows, in a fixed number of queries, each row with its texts
    (``display.rows``)."""
    summary = competence_summary(user=user, case=case)
    barometer = assessments_for((g.occupation.pk for g in summary["groups"]), case.region.code)
    for group in summary["groups"]:
        group.barometer = barometer.get(group.occupation.pk, [])
    display.rows(summary["gaps"], "competencegap")
    display.rows([i for g in summary["gaps"] for i in g.shown_interventions], "intervention")
    return {
        **summary,
        "needs": display.rows(list(visible_living_needs(user=user, case=case)), "livingneed"),
    }


def competence_facts(user, case) -> dict:
    """How many living-environment needs the user sees, how many have no responsible actor and the
    first of those, as expressions on the case's row."""
    needs = policy.visible_items(user, case, LivingNeed.objects.all()).filter(case=OuterRef("pk"))
    unowned = needs.filter(organisation__isnull=True)

    return {
        "needs": count_of(needs),
        "needs_unowned": count_of(unowned),
        "first_unowned": Subquery(unowned.order_by("pk").values("pk")[:1]),
    }


def competence_progress(*, user, case, reads: CaseReads | None = None) -> Progress:
    """Moment 2's five checks, each linking to where it is put right, in three queries (two with
    ``reads``: the overview reads every moment's facts at once). The checks about gaps (needs) are
    not met while none is recorded."""
    gaps = decorate_gaps(
        list(visible_gaps(user=user, case=case)), list(visible_interventions(user=user, case=case))
    )
    facts = case_facts(user=user, case=case, tab="competence", facts=competence_facts, reads=reads)
    needs, unowned = facts["needs"], facts["needs_unowned"]
    url = reverse("competence:case_competence", kwargs={"case_pk": case.pk})
    short = [g for g in gaps if g.coverage.shortfall]
    without = [g for g in short if not g.coverage.covered]
    partly = [g for g in short if g.coverage.covered and g.coverage.uncovered]
    uncovered = [g for g in gaps if g.coverage.uncovered]
    no_gaps = _("no competence gaps recorded")
    no_needs = _("no living-environment needs recorded")
    shortage = [g for g in without if g.unmet_shortage]
    without_text = (
        ngettext("%(n)d gap without an intervention", "%(n)d gaps without an intervention", len(without))
        % {"n": len(without)}
        if without
        else ""
    )
    if shortage:  # Arbetsförmedlingen sees a shortage of these: the region cannot count on hiring
        without_text += " " + (
            ngettext(
                "(%(n)d in a shortage occupation, by Arbetsförmedlingen's Yrkesbarometer)",
                "(%(n)d in shortage occupations, by Arbetsförmedlingen's Yrkesbarometer)",
                len(shortage),
            )
            % {"n": len(shortage)}
        )
    partly_text = (
        ngettext(
            "%(n)d gap only partly covered (%(people)s people uncovered)",
            "%(n)d gaps only partly covered (%(people)s people uncovered)",
            len(partly),
        )
        % {"n": len(partly), "people": sum(g.coverage.uncovered for g in partly)}
        if partly
        else ""
    )
    no_owner_text = (
        ngettext(
            "%(n)d living-environment need without a responsible actor",
            "%(n)d living-environment needs without a responsible actor",
            unowned,
        )
        % {"n": unowned}
        if unowned
        else ""
    )

    def at(items, fallback: str) -> str:
        return f"{url}#{items[0]._meta.model_name}-{items[0].pk}" if items else f"{url}#{fallback}"

    return Progress(
        [
            Check(_("Competence gaps are recorded"), bool(gaps), f"{url}#h-gaps", "" if gaps else no_gaps),
            Check(
                _("Every gap has an intervention"),
                bool(gaps) and not without,
                at(shortage or without, "h-gaps"),
                without_text if gaps else no_gaps,
            ),
            Check(
                _("Every gap is fully covered"),
                bool(gaps) and not uncovered,
                at(partly or uncovered, "h-gaps"),
                (partly_text or without_text) if gaps else no_gaps,
            ),
            Check(
                _("Living-environment needs are recorded"),
                bool(needs),
                f"{url}#h-living",
                "" if needs else no_needs,
            ),
            Check(
                _("Every living-environment need has a responsible actor"),
                bool(needs) and not unowned,
                f"{url}#livingneed-{facts['first_unowned']}" if unowned else f"{url}#h-living",
                no_owner_text if needs else no_needs,
            ),
        ]
    )
