"""The pages of moment 2 ask the database the same number of questions at 5 and at 200 gaps,
interventions and living-environment needs."""

from datetime import date

import pytest
from django.urls import reverse

from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation
from tests import factories as f
from tests.helpers import count_queries

from .conftest import make_gap, make_intervention, make_need

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def grow(case, user, n: int) -> None:
    """n gaps (occupations × years), n interventions, n needs, on top of what is there."""
    have = set(CompetenceGap.objects.filter(case=case).values_list("occupation_id", "year"))
    occupations = list(Occupation.objects.filter(level=4).order_by("code")[:60])
    slots = [(o, y) for o in occupations for y in range(2026, 2031) if (o.pk, y) not in have][:n]
    orgs = f.OrganisationFactory.create_batch(3)
    gaps = CompetenceGap.objects.bulk_create(
        [
            CompetenceGap(
                case=case, occupation=o, year=y, needed=100 + i, regional_supply=i % 50, source="annan",
                sharing=["intern", "medlemmar", "etableraren"][i % 3], created_by=user,
            )
            for i, (o, y) in enumerate(slots)
        ]
    )  # fmt: skip
    Intervention.objects.bulk_create(
        [
            Intervention(
                case=case, gap=gaps[i % len(gaps)], kind="yh", organisation=orgs[i % 3], places_per_year=10,
                start=date(2026, 1, 1), sharing="medlemmar", created_by=user,
            )
            for i in range(n)
        ]
    )  # fmt: skip
    LivingNeed.objects.bulk_create(
        [
            LivingNeed(
                case=case,
                kind="bostader",
                description=f"Behov {i}",
                organisation=orgs[i % 3],
                created_by=user,
            )
            for i in range(n)
        ]
    )


PAGES = [
    "tab", "summary", "gap_form", "intervention_form", "need_form", "new_intervention", "history", "search",
    "overview",
]  # fmt: skip
READ_PAGES = ["tab", "summary", "history", "overview"]  # an actor contact reads, and does not edit


@pytest.mark.parametrize(
    ("page", "who"), [(p, "coordinator") for p in PAGES] + [(p, "contact") for p in READ_PAGES]
)
def test_query_count_does_not_grow_with_the_data(client, w, page, who):
    gap = make_gap(w.case, w.coordinator, code="0110", year=2026)
    intervention = make_intervention(gap, w.coordinator)
    need = make_need(w.case, w.coordinator)
    for i in range(30):  # a history of its own, longer than the page shows
        gap.needed = 100 + i
        from competence import services

        gap = services.competence_gap_save(user=w.coordinator, gap=gap, expected_version=gap.version)
    args = {"case_pk": w.case.pk}
    urls = {
        "tab": reverse("competence:case_competence", kwargs=args),
        "summary": reverse("competence:summary", kwargs=args),
        "gap_form": reverse("workspace:item_edit", kwargs={**args, "kind": "competencegap", "pk": gap.pk}),
        "intervention_form": reverse(
            "workspace:item_edit", kwargs={**args, "kind": "intervention", "pk": intervention.pk}
        ),
        "need_form": reverse("workspace:item_edit", kwargs={**args, "kind": "livingneed", "pk": need.pk}),
        "new_intervention": reverse("workspace:item_create", kwargs={**args, "kind": "intervention"})
        + f"?gap={gap.pk}",
        "history": reverse("workspace:item_history", kwargs={**args, "kind": "competencegap", "pk": gap.pk}),
        "search": reverse("competence:occupation_search", kwargs=args) + "?q=ope",
        "overview": w.case.get_absolute_url(),
    }
    user = getattr(w, who)
    if who == "contact" and page in {
        "gap_form",
        "intervention_form",
        "need_form",
        "new_intervention",
        "search",
    }:
        pytest.skip("an actor contact does not edit")
    client.force_login(user)
    url = urls[page]
    grow(w.case, w.coordinator, 4)
    client.get(url)  # warm up: session, content types
    small = count_queries(client, url)
    grow(w.case, w.coordinator, 196)
    assert CompetenceGap.objects.filter(case=w.case).count() == 201
    large = count_queries(client, url)
    print(f"{page} ({who}): {small} queries at 5 rows, {large} at 200")
    assert small == large, f"{page}: {small} queries at 5 rows, {large} at 200"
