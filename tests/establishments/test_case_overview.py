"""The case overview: each moment's checks explained and linked, and the signals that led to the
case linked only for those who may open them (readers and actor contacts see subject and date)."""

import re
from html import unescape

import pytest
from django.urls import resolve

from establishments.models import Signal
from tests import factories as f
from tests.helpers import count_queries
from workspace.plan.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def case_world():
    coordinator = f.coordinator("24")
    org = f.OrganisationFactory(name="Medlemmen")
    case = f.CaseFactory(coordinator=coordinator, deputy=f.coordinator("24"))
    case.memberships.create(organisation=org)
    signal = f.SignalFactory(
        logged_by=coordinator,
        case=case,
        state="kopplad",
        subject="Batterifabrik, cirka 1 500 jobb, Skellefteå",
        source_text="Ringde själv: Anna Andersson 070-123 45 67",
    )
    return {
        "coordinator": coordinator,
        "official": f.official("2482"),
        "reader": f.reader("24"),
        "contact": f.contact(organisation=org),
        "case": case,
        "signal": signal,
    }


def links(html: str) -> list[str]:
    return sorted({unescape(h) for h in re.findall(r'href="(/[^"]*)"', html) if not h.startswith("/static/")})


@pytest.mark.parametrize("who", ["reader", "contact"])
def test_readers_and_contacts_get_the_subject_without_a_link(client, case_world, who):
    client.force_login(case_world[who])
    response = client.get(case_world["case"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Batterifabrik, cirka 1 500 jobb, Skellefteå" in html
    assert case_world["signal"].get_absolute_url() not in html
    assert "Anna Andersson" not in html  # never the free text or the caller
    # Every link on the page answers for this user: no 404 to walk into.
    for href in links(html):
        path = href.split("#")[0]
        assert client.get(path, follow=True).status_code == 200, href  # a redirect ends on a page


@pytest.mark.parametrize("who", ["coordinator", "official"])
def test_those_who_triage_get_the_link(client, case_world, who):
    client.force_login(case_world[who])
    html = client.get(case_world["case"].get_absolute_url()).content.decode()
    url = case_world["signal"].get_absolute_url()
    assert f'href="{url}"' in html
    assert client.get(url).status_code == 200


def test_an_official_of_another_municipality_gets_no_link(client, case_world):
    client.force_login(f.official("2180"))
    html = client.get(case_world["case"].get_absolute_url()).content.decode()
    assert case_world["signal"].get_absolute_url() not in html


def test_an_empty_case_says_what_each_moment_checks(client, case_world):
    client.force_login(case_world["coordinator"])
    html = client.get(case_world["case"].get_absolute_url()).content.decode()
    assert html.count('<details class="checks">') == 5
    assert "0 of 5 checks met" in html and "3 of 5" not in html
    assert not re.search(r">\s*0 \w+ (without|not|overdue)", html)  # never "0 actions without an owner"
    assert "no actions yet" in html.lower()


def test_the_checks_link_to_pages_that_exist(client, case_world):
    client.force_login(case_world["coordinator"])
    html = client.get(case_world["case"].get_absolute_url()).content.decode()
    checks = "".join(re.findall(r'<details class="checks">.*?</details>', html, re.S))
    hrefs = links(checks)
    assert hrefs and all("#" in h for h in hrefs)
    for href in hrefs:
        path, _, anchor = href.partition("#")
        resolve(path)
        page = client.get(path)
        assert page.status_code == 200, href
        assert f'id="{anchor}"' in page.content.decode(), href


def test_a_complete_check_is_marked_and_not_linked(client, case_world):
    client.force_login(case_world["coordinator"])
    case = case_world["case"]
    case.memberships.update(mandate="Mark")
    html = client.get(case.get_absolute_url()).content.decode()
    checks = "".join(re.findall(r'<details class="checks">.*?</details>', html, re.S))
    assert "checks__item--met" in checks and "Every actor has a mandate" in checks
    assert not re.search(r'<a href="[^"]*">Every actor has a mandate</a>', checks)


def test_a_confidential_case_is_not_shown_to_a_reader(client, case_world):
    from establishments import services

    case = services.case_create(
        user=case_world["coordinator"],
        name="Hemligt namn",
        code_name="Projekt Nordljus",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=case_world["coordinator"],
        deputy=f.coordinator("24"),
    )
    client.force_login(case_world["reader"])
    assert client.get(case.get_absolute_url()).status_code in (403, 404)


def _grow(case, coordinator, n):
    Signal.objects.bulk_create(
        [
            Signal(
                subject=f"Fabrik {i}",
                received_by="Växeln",
                logged_by=coordinator,
                channel="telefon",
                source_text=f"Bolag {i}",
                summary="Mark",
                municipality=f.municipality("2482"),
                case=case,
                state="kopplad",
            )
            for i in range(n)
        ]
    )
    Action.objects.bulk_create(
        [Action(case=case, theme="mark", title=f"Åtgärd {i}", created_by=coordinator) for i in range(n)]
    )


# The most queries the overview makes for each (the request's savepoints included): it may come to
# need fewer, never more.
MOST = {"coordinator": 16, "reader": 16, "contact": 16}


@pytest.mark.parametrize("who", ["coordinator", "reader", "contact"])
def test_the_overview_query_count_does_not_grow(client, case_world, who):
    case, coordinator = case_world["case"], case_world["coordinator"]
    client.force_login(case_world[who])
    url = case.get_absolute_url()
    _grow(case, coordinator, 3)
    few = count_queries(client, url, warm=True)
    _grow(case, coordinator, 40)
    many = count_queries(client, url, warm=True)
    assert many <= few, (few, many)
    assert few <= MOST[who], (few, MOST[who])
