import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Level, OrganisationType
from tests import factories as f
from tests.factories import populated_organisations
from tests.helpers import count_queries, shows, sv_plural

pytestmark = pytest.mark.django_db

URL = reverse("actors:organisation_list")


@pytest.fixture
def orgs():
    skelleftea, gavle = f.municipality("2482"), f.municipality("2180")
    return {
        "kommun": f.OrganisationFactory(
            name="Skellefteå kommun",
            type=OrganisationType.KOMMUN,
            level=Level.LOKAL,
            municipality=skelleftea,
            region=skelleftea.region,
            org_number="212000-0142",
        ),
        "af": f.OrganisationFactory(
            name="Arbetsförmedlingen",
            type=OrganisationType.ARBETSFORMEDLINGEN,
            level=Level.NATIONELL,
            notes="Kontor i Skellefteå och Umeå.",
        ),
        "region": f.OrganisationFactory(
            name="Region Gävleborg",
            type=OrganisationType.REGION,
            level=Level.REGIONAL,
            region=gavle.region,
        ),
        "company": f.CompanyFactory(
            name="Batterifabriken AB",
            municipality=gavle,
            region=gavle.region,
            org_number="556016-0680",
        ),
    }


def names(response) -> set[str]:
    return {o.name for o in response.context["page"]}


@pytest.fixture
def logged_in(client):
    client.force_login(f.reader("24"))
    return client


def test_it_lists_every_organisation(logged_in, orgs):
    assert names(logged_in.get(URL)) == {o.name for o in orgs.values()}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "arbetsformedlingen"}, {"af"}),
        ({"type": "foretag"}, {"company"}),
        ({"level": "regional"}, {"region"}),
        ({"level": "lokal"}, {"kommun"}),
        ({"region": "region_of_gavle"}, {"region", "company"}),
        ({"municipality": "gavle"}, {"company"}),
        ({"municipality": "gavle", "type": "region"}, set()),
        ({"q": "batteri"}, {"company"}),
        ({"q": "BATTERI"}, {"company"}),
        ({"q": "556016"}, {"company"}),
        ({"q": "Umeå"}, {"af"}),
        ({"q": "ingen träff alls"}, set()),
    ],
)
def test_it_filters(logged_in, orgs, params, expected):
    gavle = f.municipality("2180")
    lookup = {"region_of_gavle": gavle.region_id, "gavle": gavle.pk}
    params = {k: lookup.get(v, v) for k, v in params.items()}
    response = logged_in.get(URL, params)
    assert names(response) == {orgs[k].name for k in expected}


@pytest.mark.parametrize(
    "params",
    [
        {"region": "abc"},
        {"region": "999999"},
        {"municipality": "-1"},
        {"municipality": "2482x"},
        {"type": "ingen-typ"},
        {"level": "galaktisk"},
        {"page": "abc"},
        {"page": "9999"},
        {"q": "x" * 500},
    ],
)
def test_it_ignores_a_bad_filter_value(logged_in, orgs, params):
    response = logged_in.get(URL, params)
    assert response.status_code == 200
    if "q" not in params:
        assert names(response) == {o.name for o in orgs.values()}


def test_it_searches_swedish_letters_in_any_case(logged_in):
    f.OrganisationFactory(name="Östersunds kommun")
    assert names(logged_in.get(URL, {"q": "östersund"})) == {"Östersunds kommun"}


def test_it_keeps_the_good_filters_when_one_is_bad(logged_in, orgs):
    response = logged_in.get(URL, {"region": "abc", "type": "foretag"})
    assert names(response) == {"Batterifabriken AB"}


def test_it_counts_people_and_person_dependent_roles(logged_in, orgs):
    org = orgs["kommun"]
    anna, bo, cecilia = (f.PersonFactory(organisation=org) for _ in range(3))
    f.RoleFactory(organisation=org, person=anna, title="Utan ersättare 1")
    f.RoleFactory(organisation=org, person=bo, title="Utan ersättare 2")
    f.RoleFactory(organisation=org, person=cecilia, deputy=anna, title="Med ersättare")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    f.RoleFactory(
        organisation=org,
        person=cecilia,
        title="Avslutad",
        valid_from=yesterday - datetime.timedelta(days=30),
        valid_to=yesterday,
    )

    response = logged_in.get(URL)

    row = next(o for o in response.context["page"] if o.pk == org.pk)
    assert row.people_count == 3
    # The ended role no longer needs a deputy; the one with a deputy is covered.
    assert row.dependent_roles == 2
    assert shows(
        response, sv_plural("%(counter)s without deputy", "%(counter)s without deputy", 2, counter=2)
    )
    other = next(o for o in response.context["page"] if o.pk == orgs["af"].pk)
    assert (other.people_count, other.dependent_roles) == (0, 0)


def test_it_pages_long_lists(logged_in):
    populated_organisations(120)
    response = logged_in.get(URL, {"page": "3"})
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.count == 120


def test_it_runs_the_same_number_of_queries_for_5_and_200_organisations(client):
    client.force_login(f.coordinator("24"))
    populated_organisations(5, prefix="A")
    count_queries(client, URL)  # warm-up: first-request caches must not count

    few = count_queries(client, URL)
    populated_organisations(195, prefix="B")
    many = count_queries(client, URL)

    assert few == many, f"organisation list: {few} queries at 5 rows, {many} at 200"
    print(f"organisation list: {few} queries")
