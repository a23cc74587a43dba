"""The registry's person list (``actors:person_list``): everyone in the registry for whoever may read
it, searched and filtered, paged; e-mail and phone only where the policy shows them."""

import pytest
from django.urls import reverse

from actors.models import Person
from tests import factories as f
from tests.factories import bulk_organisations, bulk_people
from tests.helpers import count_queries, shows, sv

pytestmark = pytest.mark.django_db

URL = reverse("actors:person_list")
HIDDEN_NOTE = "Contact details are shown for people in your organisation and in your cases."


@pytest.fixture
def world():
    """Two organisations in Skellefteå (one is on an open case with the third), one in Gävle on a
    confidential case, and a person in each."""
    skelleftea, gavle = f.municipality("2482"), f.municipality("2180")
    kommun = f.OrganisationFactory(
        name="Skellefteå kommun", municipality=skelleftea, region=skelleftea.region
    )
    partner = f.OrganisationFactory(name="Partnern AB", municipality=skelleftea, region=skelleftea.region)
    far = f.OrganisationFactory(name="Gävle Energi", municipality=gavle, region=gavle.region)
    secret = f.OrganisationFactory(name="Hemliga AB", municipality=gavle, region=gavle.region)
    open_case = f.CaseFactory()
    for org in (kommun, partner):
        open_case.memberships.create(organisation=org)
    secret_case = f.CaseFactory(confidentiality="konfidentiell", code_name="Projekt Hemlis")
    for org in (kommun, secret):
        secret_case.memberships.create(organisation=org)
    people = {
        "anna": f.PersonFactory(
            organisation=kommun,
            name="Anna Berg",
            title="Näringslivschef",
            email="anna@skelleftea.se",
            phone="070-111 22 33",
        ),
        "bo": f.PersonFactory(organisation=partner, name="Bo Ek", title="Vd", email="bo@partnern.se"),
        "cilla": f.PersonFactory(
            organisation=far, name="Cilla Lund", title="Hr-chef", email="cilla@gavle.se"
        ),
        "dan": f.PersonFactory(
            organisation=secret, name="Dan Holm", title="Platschef", email="dan@hemliga.se"
        ),
    }
    return {
        "kommun": kommun,
        "partner": partner,
        "far": far,
        "secret": secret,
        "people": people,
        "secret_case": secret_case,
    }


def names(response) -> set[str]:
    return {p.name for p in response.context["page"]}


ALL = {"Anna Berg", "Bo Ek", "Cilla Lund", "Dan Holm"}


@pytest.mark.parametrize(
    "make", [f.admin, lambda: f.coordinator("24"), lambda: f.official("2180"), lambda: f.reader("21")]
)
def test_everyone_who_reads_the_registry_sees_every_person(client, world, make):
    client.force_login(make())
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ALL


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "anna"}, {"Anna Berg"}),
        ({"q": "HR-CHEF"}, {"Cilla Lund"}),  # the title, in any case
        ({"q": "@gavle.se"}, {"Cilla Lund"}),  # the e-mail address: the staff see everyone's
        ({"q": "ingen träff alls"}, set()),
        ({"organisation": "partner"}, {"Bo Ek"}),
        ({"organisation_text": "Gävle Energi"}, {"Cilla Lund"}),  # typed, without JavaScript
        ({"region": "region_of_gavle"}, {"Cilla Lund", "Dan Holm"}),
        ({"municipality": "skelleftea"}, {"Anna Berg", "Bo Ek"}),
        ({"municipality": "skelleftea", "q": "bo"}, {"Bo Ek"}),
    ],
)
def test_it_searches_and_filters(client, world, params, expected):
    client.force_login(f.coordinator("24"))
    skelleftea, gavle = f.municipality("2482"), f.municipality("2180")
    lookup = {"partner": world["partner"].pk, "region_of_gavle": gavle.region_id, "skelleftea": skelleftea.pk}
    params = {k: lookup.get(v, v) for k, v in params.items()}
    assert names(client.get(URL, params)) == expected


def test_the_staff_see_every_e_mail_and_phone(client, world):
    client.force_login(f.coordinator("24"))
    response = client.get(URL)
    for text in ("anna@skelleftea.se", "070-111 22 33", "bo@partnern.se", "cilla@gavle.se", "dan@hemliga.se"):
        assert shows(response, text), text
    assert not shows(response, sv(HIDDEN_NOTE))


def test_an_actor_contact_sees_only_the_details_of_their_organisation_and_their_cases(client, world):
    """A contact of the municipality sees its own people and the open case's partner; not the far
    organisation (no shared case), nor the confidential case's member until granted the case."""
    client.force_login(f.contact(organisation=world["kommun"]))
    response = client.get(URL)
    assert names(response) == ALL  # the registry itself is national
    page = response.content.decode()
    assert "anna@skelleftea.se" in page and "bo@partnern.se" in page
    assert "cilla@gavle.se" not in page and "dan@hemliga.se" not in page
    assert shows(response, sv(HIDDEN_NOTE))
    rows = {p.name: p.contact_shown for p in response.context["page"]}
    assert rows == {"Anna Berg": True, "Bo Ek": True, "Cilla Lund": False, "Dan Holm": False}


def test_a_confidential_case_opens_its_members_details_only_once_granted(client, world):
    from guardian.shortcuts import assign_perm

    from accounts import policy

    user = f.contact(organisation=world["kommun"])
    client.force_login(user)
    assert "dan@hemliga.se" not in client.get(URL).content.decode()
    assign_perm(policy.VIEW_CASE, user, world["secret_case"])
    assert "dan@hemliga.se" in client.get(URL).content.decode()


def test_an_e_mail_search_tells_nothing_of_hidden_addresses(client, world):
    """Searching for an address the user may not see finds nobody: a hit would tell whose it is."""
    client.force_login(f.contact(organisation=world["kommun"]))
    assert names(client.get(URL, {"q": "cilla@gavle"})) == set()
    assert names(client.get(URL, {"q": "bo@partnern"})) == {"Bo Ek"}


def test_it_sends_anonymous_to_login_and_forbids_a_user_without_a_role(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(f.UserFactory())
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"region": "abc"},
        {"region": "999999"},
        {"municipality": "-1"},
        {"municipality_text": "Ingenstans"},
        {"organisation": "99999999"},
        {"organisation": "abc"},
        {"organisation_text": "Finns inte AB"},
        {"page": "abc"},
        {"page": "9999"},
        {"q": "x" * 500},
        {"q": "\x00"},
    ],
)
def test_it_ignores_a_bad_filter_value_and_says_what_was_wrong(client, world, params):
    client.force_login(f.coordinator("24"))
    before = Person.objects.count()
    response = client.get(URL, params)
    assert response.status_code == 200
    assert Person.objects.count() == before
    if "q" not in params:
        assert names(response) == ALL
    if "organisation_text" in params:
        assert "Finns inte AB" in response.content.decode()  # the field says nothing matches it
        assert response.context["form"].errors["organisation"]


def test_it_pages_long_lists(client, world):
    client.force_login(f.coordinator("24"))
    bulk_people(world["far"], 120)
    response = client.get(URL, {"page": "3"})
    assert response.context["page"].paginator.count == 124
    assert len(response.context["page"].object_list) == 24


@pytest.mark.parametrize("make", [lambda: f.coordinator("24"), None])
def test_it_runs_the_same_number_of_queries_for_5_and_200_people(client, world, make):
    """For the staff, and for an actor contact (whose visible contact details are read once)."""
    user = make() if make else f.contact(organisation=world["kommun"])
    client.force_login(user)
    count_queries(client, URL)  # warm-up: first-request caches must not count
    few = count_queries(client, URL)
    for org in bulk_organisations(
        20, prefix="Många", municipality=f.municipality("2180"), region=f.municipality("2180").region
    ):
        bulk_people(org, 10, prefix=f"Person {org.pk}")
    assert Person.objects.count() == 204
    many = count_queries(client, URL)
    assert few == many, f"person list: {few} queries at 4 people, {many} at 204"
    print(f"person list: {few} queries")
