"""The readiness pages cost the same number of queries at 3 and at 60 organisations × 10 routines
(two rounds, answers in both, actions made of some of them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from checklist.models import RegionalAction, RoutineAnswer, Value
from tests import factories as f
from tests.checklist.readiness.helpers import fill_many, open_round
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

VALUES = [Value.YES, Value.PARTLY, Value.NO]


def build(n: int):
    orgs = [f.OrganisationFactory(name=f"Organisation {i:03d}") for i in range(n)]
    for org in orgs:
        f.PersonFactory(organisation=org)
    autumn = open_round(organisations=orgs, title="Hösten", opened_at=timezone.now() - timedelta(days=200))
    fill_many(autumn, orgs, lambda i, number: VALUES[(i + number) % 3])
    spring = open_round(organisations=orgs, title="Våren")
    fill_many(spring, orgs, lambda i, number: VALUES[(i + number + 1) % 3])
    coordinator = f.coordinator("24")
    nej = list(RoutineAnswer.objects.filter(participant__round=spring, value=Value.NO).order_by("pk")[:n])
    for a in nej:
        RegionalAction.objects.create(
            region=spring.region, source_answer=a, theme="larmsystem", title=f"Åtgärd {a.pk}",
            owner_organisation=a.participant.organisation, created_by=coordinator,
            due_date=timezone.localdate(),
        )  # fmt: skip
    action = RegionalAction.objects.order_by("pk").first()
    return coordinator, spring, nej[0], action


def urls(spring, nej, action):
    return {
        "overview": reverse("checklist:overview", args=["24"]),
        "trends": reverse("checklist:trends", args=["24"]),
        "plan": reverse("checklist:plan", args=["24"]),
        "matrix": reverse("checklist:matrix", args=[spring.pk]),
        "matrix_xlsx": reverse("checklist:matrix_xlsx", args=[spring.pk]),
        "matrix_print": reverse("checklist:matrix_print", args=[spring.pk]),
        "action_from_answer": reverse("checklist:action_from_answer", args=[nej.pk]),
        "action_edit": reverse("checklist:action_edit", args=[action.pk]),
    }


def counts(client, user, pages) -> dict[str, int]:
    client.force_login(user)
    out = {}
    for name, url in pages.items():
        out[name] = count_queries(client, url, warm=True)  # caches (content types, sessions) warm
    return out


def test_query_counts_do_not_grow_with_organisations(client):
    small_user, small_round, small_nej, small_action = build(3)
    small = counts(client, small_user, urls(small_round, small_nej, small_action))
    large_user, large_round, large_nej, large_action = build(60)
    large = counts(client, large_user, urls(large_round, large_nej, large_action))
    assert small == large, (small, large)
    print("readiness query counts:", small)


def test_an_officials_and_an_administrators_counts_do_not_grow_either(client):
    _, small_round, small_nej, small_action = build(3)
    pages = {k: v for k, v in urls(small_round, small_nej, small_action).items() if "action" not in k}
    small = counts(client, f.official("2482"), pages)
    _, large_round, large_nej, large_action = build(60)
    pages = {k: v for k, v in urls(large_round, large_nej, large_action).items() if "action" not in k}
    large = counts(client, f.official("2482"), pages)
    assert small == large, (small, large)
    admin = f.admin()
    client.force_login(admin)
    index_queries = count_queries(client, reverse("checklist:readiness_index"))
    open_round(organisations=[f.OrganisationFactory()], region_code="21", title="Gävleborg")
    assert count_queries(client, reverse("checklist:readiness_index")) == index_queries
