"""The actor map and contact routes run the same number of queries at 5 and at 200 actors/routes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Organisation, Person, Role
from establishments.models import CaseMember, Theme
from tests.helpers import count_queries
from workspace.routes.models import ContactRoute, RouteStep, RouteTopic

pytestmark = pytest.mark.django_db


def grow(w, n):
    """n more actors (with contacts, roles and themes) and n more routes (with two steps each)."""
    case, user = w["case"], w["coordinator"]
    start = Organisation.objects.count()
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Aktör {start + i}",
                type="kommun",
                level=("lokal", "regional", "nationell", "internationell")[i % 4],
            )
            for i in range(n)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(name=f"Person {start + i}", organisation=o, email=f"p{start + i}@example.se")
            for i, o in enumerate(orgs)
        ]
    )
    deputies = Person.objects.bulk_create(
        [Person(name=f"Ersättare {start + i}", organisation=o) for i, o in enumerate(orgs)]
    )
    Role.objects.bulk_create(
        [
            Role(
                organisation=p.organisation,
                person=p,
                title="Kontakt",
                valid_from=timezone.localdate() - timedelta(days=30),
                valid_to=timezone.localdate() - timedelta(days=1) if i % 7 == 0 else None,
            )
            for i, p in enumerate(people)
        ]
    )
    CaseMember.objects.bulk_create(
        [
            CaseMember(
                case=case,
                organisation=o,
                contact=people[i],
                deputy_contact=deputies[i] if i % 3 else None,
                themes=[Theme.values[i % 11]],
                mandate="Mandat" if i % 2 else "",
                influence=i % 5 + 1,
                interest=(i * 3) % 5 + 1,
                engagement=("engagerad", "bor_engageras", "informeras")[i % 3],
                case_role="ager" if i == 0 else "stodjande",
            )
            for i, o in enumerate(orgs)
        ]
    )
    routes = ContactRoute.objects.bulk_create(
        [
            ContactRoute(
                case=case,
                topic=RouteTopic.values[i % 8],
                first_contact=people[i],
                answers="Svar",
                sharing=("etableraren", "medlemmar", "intern")[i % 3],
                created_by=user,
                note="Anteckning",
                last_verified=timezone.localdate() - timedelta(days=i),
            )
            for i in range(n)
        ]
    )
    RouteStep.objects.bulk_create(
        [
            RouteStep(
                case=case,
                route=r,
                order=k + 1,
                person=deputies[i],
                handles="Tar över",
                is_fallback=k == 1,
                sharing="etableraren",
                created_by=user,
            )
            for i, r in enumerate(routes)
            for k in range(2)
        ]
    )
    return routes[0]


PAGES = {
    "actor_map": lambda w, r: reverse("workspace:actor_map", args=[w["case"].pk]),
    "actor_map_fragment": lambda w, r: (
        reverse("workspace:actor_map", args=[w["case"].pk]) + "?fragment=overview"
    ),
    "actor_member_add": lambda w, r: reverse("workspace:item_create", args=[w["case"].pk, "casemember"]),
    "actor_member_edit": lambda w, r: reverse(
        "workspace:item_edit",
        args=[w["case"].pk, "casemember", CaseMember.objects.filter(case=w["case"]).first().pk],
    ),
    "contact_routes": lambda w, r: reverse("workspace:contact_routes", args=[w["case"].pk]),
    "route_create": lambda w, r: reverse("workspace:item_create", args=[w["case"].pk, "contactroute"]),
    "route_edit": lambda w, r: reverse("workspace:item_edit", args=[w["case"].pk, "contactroute", r.pk]),
    "step_create": lambda w, r: (
        reverse("workspace:item_create", args=[w["case"].pk, "routestep"]) + f"?route={r.pk}"
    ),
    "step_edit": lambda w, r: reverse(
        "workspace:item_edit", args=[w["case"].pk, "routestep", r.steps.first().pk]
    ),
    "one_way_in": lambda w, r: reverse("workspace:one_way_in", args=[w["case"].pk]),
    "one_way_in_pdf": lambda w, r: reverse("workspace:one_way_in_pdf", args=[w["case"].pk]),
}


READ_ONLY = {"actor_map", "actor_map_fragment", "contact_routes", "one_way_in", "one_way_in_pdf"}
CASES = [(page, "coordinator") for page in sorted(PAGES)] + [(page, "contact") for page in sorted(READ_ONLY)]


@pytest.mark.parametrize("page, who", CASES)
def test_query_count_does_not_grow(client, w, page, who):
    client.force_login(w[who])
    route = grow(w, 5)
    url = PAGES[page](w, route)
    headers = {"HTTP_HX_REQUEST": "true"} if "fragment" in page else {}
    client.get(url, **headers)  # warm up
    small = count_queries(client, url, **headers)
    grow(w, 195)
    large = count_queries(client, PAGES[page](w, route), **headers)
    print(f"{page} ({who}): {small} queries at 5 actors/routes, {large} at 200")
    assert small == large, f"{page}: {small} at 5, {large} at 200"
