"""The demo fills the battery-factory case's actor map and contact routes, with warnings to show."""

import pytest
from django.urls import reverse

from demo.actor_map import seed_actor_map_and_routes
from demo.seeder import DemoSeeder
from establishments.models import CaseMember
from workspace.actor_map.selectors import actor_map_progress
from workspace.routes.models import ContactRoute, RouteStep
from workspace.routes.selectors import contact_routes_progress

pytestmark = pytest.mark.django_db


def test_the_demo_fills_both_moments(client):
    seeder = DemoSeeder()
    seeder.seed()
    case = seeder.cases["batteri"]
    if not ContactRoute.objects.filter(case=case).exists():  # seed_demo may already call it
        seed_actor_map_and_routes(case=case, users=seeder.users, orgs=seeder.orgs, people=seeder.people)
    assert CaseMember.objects.get(case=case, organisation=seeder.orgs["nordanvind"]).case_role == "ager"
    assert ContactRoute.objects.filter(case=case).count() == 6
    assert RouteStep.objects.filter(case=case, is_fallback=True).count() == 5
    coordinator = seeder.users["samordnare"]
    actor_map = actor_map_progress(user=coordinator, case=case)
    routes = contact_routes_progress(user=coordinator, case=case)
    assert 0 < actor_map.done < actor_map.total and len(actor_map.missing) == 3  # mandate, deputy, theme
    assert 0 < routes.done < routes.total and len(routes.missing) == 3  # fallback, stale, left
    client.force_login(coordinator)
    for name in ("actor_map", "contact_routes", "one_way_in", "one_way_in_pdf"):
        assert client.get(reverse(f"workspace:{name}", args=[case.pk])).status_code == 200
