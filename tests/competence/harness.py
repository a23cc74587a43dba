"""Rows for tests/test_access_harness.py: every URL of moment 2, with who must be refused.

Items are made in the harness's open and confidential cases on first use (idempotent: the
harness asks for its routes more than once per test).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation, Offering
from tests import factories as f
from tests.world import COORDINATORS, CORE_TEAM, OUTSIDERS_24, everyone_but


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
    return result + supply_rows(w) + picture_rows(w)


def _offering(w) -> Offering:
    """The member organisation's offering in Skellefteå (region 24), made on first use."""
    if "offering" not in w:
        offering = Offering.objects.create(
            name="Processoperatör (harness)", provider=w["member_org"], form="yh",
            municipality=f.municipality("2482"), places_per_year=30, graduates_per_year=25,
            start=date(2026, 8, 20), status="beviljad",
        )  # fmt: skip
        offering.occupations.set([Occupation.objects.get(code="8131")])
        w["offering"] = offering
    return w["offering"]


def supply_rows(w) -> list[tuple[str, str, list[str]]]:
    """The education supply: read by every role; added by administrators, coordinators and actor
    contacts; changed by administrators, the region's coordinators and the provider's contact."""
    pk = _offering(w).pk
    region_24_coordinators = [c for c in COORDINATORS if c != "coordinator_other_region"]
    return [
        ("supply:offering_list", reverse("supply:offering_list"), []),
        (
            "supply:offering_create",
            reverse("supply:offering_create"),
            ["official", "official_other", "reader"],
        ),
        ("supply:offering_detail", reverse("supply:offering_detail", args=[pk]), []),
        (
            "supply:offering_edit",
            reverse("supply:offering_edit", args=[pk]),
            everyone_but(*region_24_coordinators, "contact"),
        ),
        ("supply:offering_history", reverse("supply:offering_history", args=[pk]), []),
    ]


def picture_rows(w) -> list[tuple[str, str, list[str]]]:
    """The regional competence picture: a region's coordinators, officials and readers, and
    administrators; actor contacts none. Read-only (a POST is refused to everyone)."""
    contacts = ["contact", "contact_other"]
    not_24 = ["coordinator_other_region", "official_other", *contacts]
    not_21 = ["coordinator", "deputy", "coordinator_same_region", "official", "reader", *contacts]
    result = [("picture:index", reverse("picture:index"), contacts)]
    for region, refused in (("24", not_24), ("21", not_21)):
        result += [
            ("picture:region", reverse("picture:region", args=[region]), refused),
            ("picture:region_xlsx", reverse("picture:region_xlsx", args=[region]), refused),
            ("picture:occupation", reverse("picture:occupation", args=[region, "7411"]), refused),
            ("picture:occupation_pdf", reverse("picture:occupation_pdf", args=[region, "7411"]), refused),
        ]
    return result


def supply_state(w):
    """What a refused request must leave as it was."""
    offering = _offering(w)
    return (Offering.objects.count(), offering.history.count(), Offering.objects.get(pk=offering.pk).name)
