"""The workspace's records through the API (api/items.py): every kind read as its tab reads it — a
confidential case's records only for those granted the case, internal records only for the case's
staff, a record under another only where that one is read — a case's members and phases, bad
filters refused with a message, and list query counts constant in the data."""

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm

from accounts import api_tokens, policy
from accounts.models import Confidentiality
from establishments.models import PhaseChange
from tests import factories as f
from tests.api.records import PREFIXES, case_records
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

ITEM_PREFIXES = [p for m, p in PREFIXES.items() if m != "lesson"]


def get(user, url):
    token = api_tokens.token_create(user=user, name="Test").secret
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def listed(user, prefix, query="") -> list[dict]:
    response = get(user, f"/api/v1/{prefix}/{query}")
    assert response.status_code == 200, (prefix, response.content[:300])
    return response.json()["results"]


@pytest.fixture
def world():
    coordinator = f.coordinator("24")
    secret = f.CaseFactory(
        coordinator=coordinator, name="Hemliga fabriken", code_name="Projekt Gran",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )  # fmt: skip
    assign_perm(policy.VIEW_CASE, coordinator, secret)
    open_case = f.CaseFactory(coordinator=coordinator, name="Öppna fabriken")
    return {
        "coordinator": coordinator,
        "secret": secret,
        "open": open_case,
        "secret_records": case_records(secret, coordinator, text="Hemlig"),
        "open_records": case_records(open_case, coordinator, text="Öppen"),
        "internal_records": case_records(open_case, coordinator, sharing="intern", text="Intern"),
    }


@pytest.mark.parametrize("prefix", ITEM_PREFIXES)
def test_the_granted_coordinator_reads_every_kind_in_both_cases(world, prefix):
    rows = listed(world["coordinator"], prefix)
    assert {r["case"] for r in rows} == {world["secret"].pk, world["open"].pk}
    one = next(r for r in rows if r["case"] == world["secret"].pk)
    detail = get(world["coordinator"], f"/api/v1/{prefix}/{one['id']}/")
    assert detail.status_code == 200 and detail.json() == one
    assert detail["ETag"] == f'"{one["version"]}"'


@pytest.mark.parametrize("prefix", ITEM_PREFIXES)
def test_a_confidential_case_is_never_listed_found_or_filtered_for_who_is_not_granted_it(world, prefix):
    outsider = f.coordinator("24")  # the same region, not granted
    rows = listed(outsider, prefix)
    assert rows and {r["case"] for r in rows} == {world["open"].pk}
    assert listed(outsider, prefix, f"?case={world['secret'].pk}") == []
    model_name = next(m for m, p in PREFIXES.items() if p == prefix)
    hidden = world["secret_records"][model_name]
    response = get(outsider, f"/api/v1/{prefix}/{hidden.pk}/")
    assert response.status_code == 404 and "Hemlig" not in response.content.decode()
    assert "Hemlig" not in get(outsider, f"/api/v1/{prefix}/").content.decode()


@pytest.mark.parametrize("prefix", ITEM_PREFIXES)
def test_internal_records_only_for_the_cases_staff(world, prefix):
    reader = f.reader("24")
    body = get(reader, f"/api/v1/{prefix}/").content.decode()
    if prefix == "members":  # the actor map has no sharing levels: every member is seen with the case
        assert "Intern" in body
        return
    assert "Öppen" in body and "Intern" not in body
    official = f.official("2482")
    assert "Intern" in get(official, f"/api/v1/{prefix}/?case={world['open'].pk}").content.decode()


def test_a_record_under_another_is_read_only_where_that_one_is_read(world):
    """A step shared with the members under an internal route is hidden from a reader, as on the tab."""
    from workspace.routes.models import RouteStep

    internal_route = world["internal_records"]["contactroute"]
    step = RouteStep.objects.create(
        case=world["open"], sharing="medlemmar", created_by=world["coordinator"], route=internal_route,
        order=2, person=world["open_records"]["routestep"].person, handles="Steg under intern väg",
    )  # fmt: skip
    reader = f.reader("24")
    assert step.pk not in {r["id"] for r in listed(reader, "route-steps")}
    assert get(reader, f"/api/v1/route-steps/{step.pk}/").status_code == 404
    assert step.pk in {r["id"] for r in listed(world["coordinator"], "route-steps")}


def test_a_gap_says_its_occupation_and_gap(world):
    gap = world["open_records"]["competencegap"]
    row = next(r for r in listed(world["coordinator"], "competence-gaps", "?ssyk=7411") if r["id"] == gap.pk)
    assert (row["ssyk"], row["needed"], row["regional_supply"], row["gap"]) == ("7411", 40, 10, 30)
    assert listed(world["coordinator"], "competence-gaps", "?ssyk=2341") == []


def test_a_case_reads_with_its_members_and_phases(world):
    case = world["open"]
    PhaseChange.objects.create(
        case=case, from_phase="signal", to_phase="dialog", changed_by=world["coordinator"]
    )
    body = get(world["coordinator"], f"/api/v1/cases/{case.pk}/").json()
    assert [m["name"] for m in body["members"]] == ["Intern organisation", "Öppen organisation"]
    assert body["phases"][0]["to_phase"] == "dialog" and body["phases"][0]["from_phase"] == "signal"


@pytest.mark.parametrize(
    "query",
    ["?case=abc", "?case=99999999999999999999", "?sharing=hemligt", "?updated_after=igår", "?case=-4"],
)
def test_a_bad_filter_is_refused_with_a_message(world, query):
    response = get(world["coordinator"], f"/api/v1/milestones/{query}")
    assert response.status_code == 400, (query, response.status_code)
    assert response.json()  # says which filter and why


def test_a_detail_key_the_database_cannot_hold_is_a_404(world):
    for prefix in ITEM_PREFIXES:
        assert get(world["coordinator"], f"/api/v1/{prefix}/99999999999999999999/").status_code == 404
        assert get(world["coordinator"], f"/api/v1/{prefix}/x/").status_code == 404


@pytest.mark.parametrize("prefix", ITEM_PREFIXES)
def test_list_query_counts_do_not_grow_with_the_data(client, world, prefix):
    client.force_login(world["coordinator"])
    url = f"/api/v1/{prefix}/"
    few = count_queries(client, url, warm=True)
    for i in range(4):
        case = f.CaseFactory(coordinator=world["coordinator"])
        case_records(case, world["coordinator"], text=f"Fler{i}")
    many = count_queries(client, url, warm=True)
    assert many == few, (prefix, few, many)


def test_lists_are_ordered_by_the_fields_a_view_names_and_paged_in_that_order(world):
    from workspace.goals.models import Milestone

    for day in (5, 1, 3):
        Milestone.objects.create(
            case=world["open"], created_by=world["coordinator"], title=f"Dag {day}",
            date=f"2028-01-0{day}",
        )  # fmt: skip
    token = api_tokens.token_create(user=world["coordinator"], name="Test").secret
    seen, url = [], "/api/v1/milestones/?ordering=date&page_size=2"
    while url:
        page = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()
        seen += [r["date"] for r in page["results"]]
        url = page["next"]
    assert seen == sorted(seen) and len(seen) == Milestone.objects.count()
    newest = listed(world["coordinator"], "milestones", "?ordering=-date")
    assert newest[0]["date"] == "2028-01-05"
    # A field the view does not name (the case's, the text) is ignored: the default order, by key.
    ignored = listed(world["coordinator"], "milestones", "?ordering=title")
    assert [r["id"] for r in ignored] == sorted((r["id"] for r in ignored), reverse=True)


@pytest.mark.parametrize(
    "position",
    ["igår", "2026-13-45T00:00:00Z", "2026-01-01T00:00:00", "1e400", "99999999999999999999999"],
)
def test_a_forged_cursor_position_is_refused_not_sent(world, position):
    import base64
    from urllib.parse import quote, urlencode

    cursor = quote(base64.b64encode(urlencode({"p": position}).encode()).decode())
    for ordering in ("-updated_at", "-id"):
        response = get(world["coordinator"], f"/api/v1/milestones/?ordering={ordering}&cursor={cursor}")
        assert response.status_code == 404, (ordering, position, response.status_code)


def test_a_cursor_time_with_an_offset_postgresql_refuses_is_sent_in_utc(world):
    import base64
    from urllib.parse import quote, urlencode

    cursor = quote(base64.b64encode(urlencode({"p": "2026-01-01T00:00:00+19:11"}).encode()).decode())
    response = get(world["coordinator"], f"/api/v1/milestones/?ordering=-updated_at&cursor={cursor}")
    assert response.status_code == 200
