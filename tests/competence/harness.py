"""Rows for tests/test_access_harness.py: every URL of moment 2, with who must be refused.

Items are made in the harness's open and confidential cases on first use (idempotent: the
harness asks for its routes more than once per test).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation
from tests.world import CORE_TEAM, OUTSIDERS_24, everyone_but


def _items(w, case):
    user = w["coordinator"]
    gap, _ = CompetenceGap.objects.get_or_create(
        case=case,
        occupation=Occupation.objects.get(code="8189"),
        year=2027,
        defaults={"needed": 100, "regional_supply": 10, "source": "etableraren", "created_by": user,
                  "note": "Hemlig fabrik" if case.is_confidential else ""},
    )  # fmt: skip
    intervention, _ = Intervention.objects.get_or_create(
        case=case,
        gap=gap,
        defaults={"kind": "yh", "organisation": w["organisation"], "places_per_year": 20,
                  "start": date(2027, 1, 1), "created_by": user},
    )  # fmt: skip
    need, _ = LivingNeed.objects.get_or_create(
        case=case, kind="bostader", defaults={"description": "Bostäder", "created_by": user}
    )
    return {"competencegap": gap, "intervention": intervention, "livingneed": need}


def rows(w) -> list[tuple[str, str, list[str]]]:
    conf, open_case = w["case_confidential"], w["case_open"]
    core = everyone_but(*CORE_TEAM)
    # Who may edit the open case's workspace: staff who see it (coordinators and officials of its
    # region, admins). Readers and actor contacts read it; the rest do not see it at all.
    editors_only = [*OUTSIDERS_24, "reader", "contact"]
    seers_only = OUTSIDERS_24
    result = []
    for case, edit_refused, read_refused in [(conf, core, core), (open_case, editors_only, seers_only)]:
        kw = {"case_pk": case.pk}
        result += [
            ("competence:case_competence", reverse("competence:case_competence", kwargs=kw), read_refused),
            ("competence:summary", reverse("competence:summary", kwargs=kw), read_refused),
            (
                "competence:occupation_search",
                reverse("competence:occupation_search", kwargs=kw),
                edit_refused,
            ),
        ]
        for kind, item in _items(w, case).items():
            item_kw = {**kw, "kind": kind, "pk": item.pk}
            result += [
                (
                    "workspace:item_create",
                    reverse("workspace:item_create", kwargs={**kw, "kind": kind}),
                    edit_refused,
                ),
                ("workspace:item_edit", reverse("workspace:item_edit", kwargs=item_kw), edit_refused),
                ("workspace:item_delete", reverse("workspace:item_delete", kwargs=item_kw), edit_refused),
                ("workspace:item_history", reverse("workspace:item_history", kwargs=item_kw), read_refused),
            ]
    return result
