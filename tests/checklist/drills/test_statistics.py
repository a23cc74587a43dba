"""A drill case is clearly marked as a drill and left out of every list and figure of real cases:
the case list (and its row count), its CSV export, the dashboard (my cases, recent changes),
search, the cases a signal can be linked to, and an organisation's cases. It can still be listed
on purpose (the case list's "Drill cases" filter), marked with a badge, and its own pages say it is
a drill and link to the drill."""

import pytest
from django.urls import reverse

from establishments import selectors as case_selectors
from tests import factories as f
from tests.checklist.harness_drills import start

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def cases():
    coordinator = f.coordinator("24")
    f.coordinator("24")  # the deputy
    org = f.OrganisationFactory(name="Arbetsförmedlingen", level="nationell")
    contact = f.contact(org)
    official = f.official("2482")
    real = f.CaseFactory(name="Batterifabriken", coordinator=coordinator, deputy=f.coordinator("24"))
    real.memberships.create(organisation=org)
    drill = start(coordinator, [coordinator, official, contact])
    return {"coordinator": coordinator, "official": official, "contact": contact, "org": org, "real": real,
            "drill": drill, "case": drill.case}  # fmt: skip


def names(qs):
    return {c.name for c in qs}


def test_the_drill_case_is_a_drill(cases):
    case = cases["case"]
    assert case.is_drill and not cases["real"].is_drill
    assert case.drill == cases["drill"]


@pytest.mark.parametrize("key", ["coordinator", "official", "contact"])
def test_lists_and_figures_of_real_cases_leave_the_drill_out(client, cases, key):
    user, case = cases[key], cases["case"]
    assert case_selectors.case_get(user=user, pk=case.pk) == case  # the user does see the drill case
    client.force_login(user)
    case_url = case.get_absolute_url()
    listing = client.get(reverse("establishments:case_list")).content.decode()
    assert case_url not in listing and "Batterifabriken" in listing
    assert "1 row" in listing  # the count is of real cases only
    csv = client.get(reverse("establishments:case_list"), {"format": "csv"}).content.decode()
    assert case.name not in csv and "Batterifabriken" in csv
    # The CSV never carries drill cases, even when the list shows them.
    params = {"format": "csv", "drills": "include"}
    csv = client.get(reverse("establishments:case_list"), params).content.decode()
    assert case.name not in csv
    assert case_url not in client.get(reverse("dashboard")).content.decode()  # my cases, recent changes
    assert case_url not in client.get(reverse("search"), {"q": "Drill"}).content.decode()
    assert case not in case_selectors.case_list(user=user)
    assert case not in case_selectors.cases_for_select(user=user)
    assert case not in case_selectors.dashboard(user=user)["my_cases"]


def test_an_organisation_page_leaves_drill_memberships_out(client, cases):
    client.force_login(cases["coordinator"])
    page = client.get(reverse("actors:organisation_detail", args=[cases["org"].pk])).content.decode()
    assert "Batterifabriken" in page and cases["case"].get_absolute_url() not in page


def test_drill_cases_can_be_listed_on_purpose_and_are_marked(client, cases):
    client.force_login(cases["coordinator"])
    url = reverse("establishments:case_list")
    page = client.get(url, {"drills": "include"}).content.decode()
    assert cases["case"].get_absolute_url() in page and "Batterifabriken" in page
    assert page.count('class="badge badge--drill"') == 1
    only = client.get(url, {"drills": "only"}).content.decode()
    assert cases["case"].get_absolute_url() in only and "Batterifabriken" not in only
    assert names(case_selectors.case_list(user=cases["coordinator"], filters={"drills": "only"})) == {
        cases["case"].name
    }


def test_the_case_pages_say_it_is_a_drill_and_link_to_it(client, cases):
    client.force_login(cases["official"])
    page = client.get(cases["case"].get_absolute_url()).content.decode()
    assert 'class="drill-banner"' in page and "This case is a drill" in page
    assert reverse("checklist:drill_detail", args=[cases["drill"].pk]) in page
    real = client.get(cases["real"].get_absolute_url()).content.decode()
    assert "drill-banner" not in real
