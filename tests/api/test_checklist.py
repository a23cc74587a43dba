"""The routine checklist through the API (api/checklist.py): rounds with the readiness figure by the
web's rule, each routine's and organisation's figures, the answers for the region's staff and the
organisation's own users only, lessons as on the lesson bank; bad filters refused; query counts
constant in the data."""

from datetime import date

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm

from accounts import api_tokens, policy
from accounts.models import Confidentiality
from checklist.rounds import services as round_services
from checklist.rounds.models import RoutineAnswer
from tests import factories as f
from tests.api.records import case_records, round_with_answers
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def get(user, url):
    token = api_tokens.token_create(user=user, name="Test").secret
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def coordinator():
    return f.coordinator("24")


@pytest.fixture
def orgs():
    return [f.OrganisationFactory(name=f"Org {c}", region=f.region("24")) for c in "ABC"]


def test_a_round_has_the_readiness_figure_by_the_webs_rule(coordinator, orgs):
    round_ = round_with_answers("24", coordinator, orgs, submit=1)  # Org A: Ja to everything
    # Org B answers Nej to every routine (with a plan) and submits; Org C has a draft only.
    b = round_.participants.get(organisation=orgs[1])
    plan = {"value": "nej", "plan_what": "Öva", "plan_who": "Vi", "plan_when": date(2027, 1, 1)}
    values = {a.routine_id: plan for a in b.answers.all()}
    round_services.answer_save(
        user=f.contact(organisation=orgs[1]), participant=b, values=values, submit=True
    )
    c = round_.participants.get(organisation=orgs[2])
    first = c.answers.first()
    round_services.answer_save(
        user=f.contact(organisation=orgs[2]), participant=c, values={first.routine_id: {"value": "ja"}}
    )

    routines = round_.routines.count()
    listed = get(coordinator, "/api/v1/rounds/").json()["results"]
    assert len(listed) == 1
    row = listed[0]
    assert (row["participants"], row["submitted"], row["is_open"]) == (3, 2, True)
    assert row["readiness"] == {
        "ja": routines,
        "delvis": 0,
        "nej": routines,
        "figure": 50.0,
    }  # the draft counts nowhere

    detail = get(coordinator, f"/api/v1/rounds/{round_.pk}/").json()
    assert detail["readiness"] == row["readiness"]
    assert len(detail["routines"]) == routines
    assert all(r["disagreement"] and r["readiness"]["figure"] == 50.0 for r in detail["routines"])
    figures = {o["name"]: o["readiness"]["figure"] for o in detail["organisations"]}
    assert figures == {"Org A": 100.0, "Org B": 0.0, "Org C": None}


def test_rounds_and_answers_only_for_who_follows_the_region_or_answers_for_the_organisation(
    coordinator, orgs
):
    round_ = round_with_answers("24", coordinator, orgs, submit=1)
    own = f.contact(organisation=orgs[1])  # Org B: not submitted
    assert get(own, "/api/v1/rounds/").json()["results"] == []
    assert get(own, f"/api/v1/rounds/{round_.pk}/").status_code == 404
    answers = get(own, "/api/v1/answers/").json()["results"]
    assert answers and {a["organisation"] for a in answers} == {orgs[1].pk}
    assert not any(a["counted"] for a in answers)  # a draft counts nowhere
    other = RoutineAnswer.objects.filter(participant__organisation=orgs[0]).first()
    assert get(own, f"/api/v1/answers/{other.pk}/").status_code == 404
    gavle = f.coordinator("21")
    assert get(gavle, "/api/v1/answers/").json()["results"] == []
    assert get(gavle, f"/api/v1/rounds/{round_.pk}/").status_code == 404
    staff = get(f.reader("24"), f"/api/v1/answers/?round={round_.pk}&submitted=true").json()["results"]
    assert {a["organisation"] for a in staff} == {orgs[0].pk} and all(a["counted"] for a in staff)


@pytest.mark.parametrize(
    "url", ["/api/v1/answers/?organisation=-1", "/api/v1/answers/?value=kanske", "/api/v1/answers/?round=x",
            "/api/v1/answers/?routine=0", "/api/v1/lessons/?theme=hemligt", "/api/v1/lessons/?case=1e400"],
)  # fmt: skip
def test_a_bad_filter_is_refused_with_a_message(coordinator, url):
    response = get(coordinator, url)
    assert response.status_code == 400 and response.json(), (url, response.status_code)


def test_lessons_as_on_the_lesson_bank(coordinator):
    secret = f.CaseFactory(
        coordinator=coordinator, name="Hemliga fabriken", code_name="Projekt Gran",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )  # fmt: skip
    assign_perm(policy.VIEW_CASE, coordinator, secret)
    open_case = f.CaseFactory(coordinator=coordinator)
    hidden = case_records(secret, coordinator, text="Hemlig")["lesson"]
    shared = case_records(open_case, coordinator, text="Delad")["lesson"]
    internal = case_records(open_case, coordinator, sharing="intern", text="Intern")["lesson"]
    ids = lambda user, q="": {r["id"] for r in get(user, f"/api/v1/lessons/{q}").json()["results"]}  # noqa: E731
    assert ids(coordinator) == {hidden.pk, shared.pk, internal.pk}
    assert ids(coordinator, "?theme=kompetensforsorjning") == {hidden.pk, shared.pk, internal.pk}
    assert ids(coordinator, "?theme=mark") == set()
    outsider = f.coordinator("24")
    assert ids(outsider) == {shared.pk, internal.pk}
    assert ids(f.reader("24")) == {shared.pk}
    assert get(outsider, f"/api/v1/lessons/{hidden.pk}/").status_code == 404
    assert get(f.reader("24"), f"/api/v1/lessons/{internal.pk}/").status_code == 404
    body = get(coordinator, f"/api/v1/lessons/{shared.pk}/").json()
    assert body["themes"] == ["kompetensforsorjning"] and body["case"] == open_case.pk


@pytest.mark.parametrize("url", ["/api/v1/rounds/", "/api/v1/answers/", "/api/v1/lessons/", "ROUND"])
def test_query_counts_do_not_grow_with_the_data(client, coordinator, url):
    client.force_login(coordinator)
    first = round_with_answers("24", coordinator, [f.OrganisationFactory(region=f.region("24"))], submit=1)
    case_records(f.CaseFactory(coordinator=coordinator), coordinator)
    target = f"/api/v1/rounds/{first.pk}/" if url == "ROUND" else url
    few = count_queries(client, target, warm=True)
    orgs = [f.OrganisationFactory(region=f.region("24")) for _ in range(5)]
    for _ in range(3):
        round_with_answers("24", coordinator, orgs, submit=3)
        case_records(f.CaseFactory(coordinator=coordinator), coordinator)
    if url == "ROUND":  # one round, more organisations: a round of its own with six
        big = round_with_answers(
            "24", coordinator, orgs + [f.OrganisationFactory(region=f.region("24"))], submit=4
        )
        few_round = count_queries(client, f"/api/v1/rounds/{big.pk}/", warm=True)
        assert few_round == few, (few, few_round)
        return
    many = count_queries(client, target, warm=True)
    assert many == few, (url, few, many)
