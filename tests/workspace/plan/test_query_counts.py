"""The action plan's pages run the same number of queries at 5 and at 200 actions."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from competence.models import CompetenceGap, LivingNeed, Occupation
from tests import factories as f
from tests.helpers import count_queries
from workspace.plan import services as plan_services
from workspace.plan.models import Action, CalendarFeed

pytestmark = pytest.mark.django_db


def grow(plan, n):
    """n actions over every theme, owners, commitments in every state, links to gaps and needs."""
    occupations = list(Occupation.objects.filter(level=4)[:3])
    gaps = [
        CompetenceGap.objects.get_or_create(
            case=plan.case,
            occupation=o,
            year=2027,
            defaults={
                "needed": 100,
                "regional_supply": 20,
                "source": "etableraren",
                "created_by": plan.coordinator,
            },
        )[0]
        for o in occupations
    ]
    needs = [
        LivingNeed.objects.get_or_create(
            case=plan.case, kind=kind, defaults={"description": "Behov", "created_by": plan.coordinator}
        )[0]
        for kind in ("bostader", "forskola_skola")
    ]
    themes = ["kompetensforsorjning", "bostader", "mark", "transport", "el_vatten"]
    states = ["ej_foreslagen", "foreslagen", "accepterad", "avbojd"]
    people = [plan.fatima, plan.kommun_person]
    start = Action.objects.count()
    actions = Action.objects.bulk_create(
        [
            Action(
                case=plan.case,
                created_by=plan.coordinator,
                theme=themes[i % 5],
                title=f"Åtgärd {start + i}",
                owner_organisation=people[i % 2].organisation,
                owner_person=people[i % 2],
                due_date=plan.today + timedelta(days=i - 3),
                commitment=states[i % 4],
                proposed_by=plan.coordinator if i % 4 else None,
                responded_by=plan.contact if i % 4 >= 2 else None,
                decline_reason="Ingen budget" if i % 4 == 3 else "",
                sharing=["medlemmar", "etableraren", "intern"][i % 3],
            )
            for i in range(n)
        ]
    )
    Action.gaps.through.objects.bulk_create(
        [Action.gaps.through(action=a, competencegap=gaps[i % len(gaps)]) for i, a in enumerate(actions)]
    )
    Action.living_needs.through.objects.bulk_create(
        [Action.living_needs.through(action=a, livingneed=needs[i % 2]) for i, a in enumerate(actions)]
    )


@pytest.mark.parametrize("who", ["coordinator", "contact"])
def test_counts_do_not_grow(plan, who):
    user = getattr(plan, who)
    client = Client()
    client.force_login(user)
    case_kw = {"case_pk": plan.case.pk}
    feed = plan_services.calendar_feed_create(user=user)
    pages = [
        reverse("workspace:action_plan", kwargs=case_kw),
        reverse("workspace:action_plan_export", kwargs=case_kw),
        reverse("workspace:action_plan_export", kwargs=case_kw) + "?for=company",
        reverse("workspace:item_history", kwargs={**case_kw, "pk": plan.action.pk, "kind": "action"}),
        reverse("establishments:case_detail", args=[plan.case.pk]),  # the overview shows the progress
        reverse("workspace:calendar_feed_settings"),
    ]
    feed_url = reverse("workspace:calendar_feed_settings") + f"{feed.token}.ics"
    grow(plan, 4)
    small = [count_queries(client, url) for url in pages] + [count_queries(Client(), feed_url)]
    grow(plan, 195)
    # More cases the user may see, each with actions: the feed stays flat across cases too.
    for _ in range(3):
        other = f.CaseFactory(coordinator=plan.coordinator, deputy=plan.deputy)
        other.memberships.create(organisation=plan.af)
        Action.objects.create(
            case=other, created_by=plan.coordinator, theme="mark", title="X", due_date=plan.today
        )
    assert Action.objects.filter(case=plan.case).count() == 200
    large = [count_queries(client, url) for url in pages] + [count_queries(Client(), feed_url)]
    print(f"{who}: queries at 5 actions {small}, at 200 {large}")
    assert small == large
    assert CalendarFeed.objects.count() == 1
