"""The search over cases and signals, the start page's own cases and the overview's signal links:
what they find, for whom, whatever the database (SQLite here, PostgreSQL with its trigram indexes in
CI)."""

import pytest
from django.urls import reverse

from accounts import policy
from establishments import selectors, services
from establishments.models import Signal
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def world():
    coordinator, deputy = f.coordinator("24"), f.coordinator("24")
    company = f.CompanyFactory(name="Vätgasbolaget Norr AB")
    case = f.CaseFactory(
        coordinator=coordinator, deputy=deputy, name="Vätgaspark", company=company, sector="Vätgas"
    )
    secret = services.case_create(
        user=coordinator,
        name="Datahallen i Gävle",
        code_name="Projekt Nordljus",
        company=f.CompanyFactory(name="Hemligbolaget AB"),
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=deputy,
    )
    sender = f.CompanyFactory(name="Avsändarbolaget AB")
    signal = f.SignalFactory(
        logged_by=coordinator, subject="Kabelfabrik, 300 jobb", source_organisation=sender, source_text=""
    )
    return {"coordinator": coordinator, "deputy": deputy, "case": case, "secret": secret, "signal": signal}


def found(user, q) -> tuple[list, list]:
    cases = list(selectors.case_list(user=user, filters={"q": q}))
    signals = list(selectors.signal_list(user=user, filters={"q": q}))
    return cases, signals


@pytest.mark.parametrize("q", ["vätgasbolaget", "NORR AB", "Vätgaspark", "vätgas"])
def test_a_case_is_found_by_its_name_sector_or_companys_name(world, q):
    cases, _ = found(world["coordinator"], q)
    assert cases == [world["case"]]


@pytest.mark.parametrize("q", ["avsändarbolaget", "Kabelfabrik"])
def test_a_signal_is_found_by_its_subject_or_its_senders_name(world, q):
    _, signals = found(world["coordinator"], q)
    assert signals == [world["signal"]]


def test_a_confidential_case_is_found_by_its_code_name_only_even_by_those_granted(world):
    coordinator = world["coordinator"]
    assert found(coordinator, "Nordljus")[0] == [world["secret"]]
    for q in ("Hemligbolaget", "Datahallen"):
        assert found(coordinator, q)[0] == []


def test_the_search_page_lists_only_what_the_user_may_see(client, world):
    outsider = f.coordinator("21")  # another region
    client.force_login(outsider)
    for q in ("Vätgasbolaget", "Avsändarbolaget", "Nordljus"):
        results = client.get(reverse("search"), {"q": q}).context["results"]
        assert results["cases"] == [] and results["signals"] == []
    client.force_login(world["coordinator"])
    results = client.get(reverse("search"), {"q": "Avsändarbolaget"}).context["results"]
    assert results["signals"] == [world["signal"]]


@pytest.mark.parametrize("q", ["%", "_", "\\", "'; DROP TABLE establishments_signal; --", "ab", "x" * 200])
def test_odd_searches_find_nothing_and_break_nothing(client, world, q):
    client.force_login(world["coordinator"])
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    cases, signals = found(world["coordinator"], q)
    assert world["secret"] not in cases


def test_the_start_page_lists_the_cases_of_the_signals_i_logged(client, world):
    official = f.official("2482")
    elsewhere = f.CaseFactory(
        coordinator=world["coordinator"],
        deputy=world["deputy"],
        name="Annanstans",
        lead_municipality=f.municipality("2480"),
    )
    f.SignalFactory(logged_by=official, case=elsewhere, state="kopplad")
    untouched = f.CaseFactory(
        coordinator=world["coordinator"],
        deputy=world["deputy"],
        name="Orörd",
        lead_municipality=f.municipality("2480"),
    )
    mine = selectors.my_cases(user=official)
    assert elsewhere not in mine  # logged a signal to it, but the case is not in their reach
    assert world["case"] in mine  # their municipality leads it
    assert untouched not in mine
    coordinator = f.coordinator("24")
    f.SignalFactory(logged_by=coordinator, case=untouched, state="kopplad")
    assert selectors.my_cases(user=coordinator) == [untouched]


def test_the_overview_links_the_signals_the_policy_lets_the_user_open(client, world):
    case = world["case"]
    linked = f.SignalFactory(logged_by=world["coordinator"], case=case, state="kopplad", subject="Länkad")
    users = {world["coordinator"]: True, f.official("2482"): True, f.admin(): True, f.reader("24"): False}
    for user, openable in users.items():
        client.force_login(user)
        context = client.get(case.get_absolute_url()).context
        assert context["signals"] == [linked]
        assert policy.visible_signals(user, Signal.objects.filter(pk=linked.pk)).exists() is openable
        assert (linked.pk in context["openable_signals"]) is openable


def test_recent_changes_are_the_latest_of_what_the_user_may_see(world):
    coordinator = world["coordinator"]
    old = world["case"]
    newer = [
        f.CaseFactory(coordinator=coordinator, deputy=world["deputy"], name=f"Nyare {i}") for i in range(25)
    ]
    elsewhere = f.CaseFactory(
        coordinator=f.coordinator("21"), deputy=f.coordinator("21"), lead_municipality=f.municipality("2180")
    )
    member = f.OrganisationFactory(name="Medlemmen")
    old.memberships.create(organisation=member)
    contact = f.contact(organisation=member)

    cases = [r["label"] for r in selectors.recent_changes(user=coordinator, limit=10) if r["what"] == "Case"]
    assert cases and cases == [c.name for c in reversed(newer)][: len(cases)]
    assert elsewhere.name not in cases

    # The contact sees one case, changed before all the others: its change is still there.
    seen = selectors.recent_changes(user=contact, limit=10)
    assert [r["label"] for r in seen if r["what"] == "Case"] == [old.name]

    services.case_update(
        case=old, user=coordinator, candidate_municipalities=[f.municipality("2480")], reason="Ny kandidat"
    )
    latest = [r for r in selectors.recent_changes(user=coordinator, limit=10) if r["what"] == "Case"]
    assert latest[0]["label"] == old.name
    assert "Ny kandidat" in [r["reason"] for r in latest if r["label"] == old.name]
