"""A case's member organisations on the case form: typed and chosen among the registry's organisations
(``actors.widgets.SearchMultipleChoiceField``), the region's usual members one tick away
(``selectors.member_suggestions``), never a checkbox per organisation of the registry."""

import pytest
from django.urls import reverse

from establishments.models import EstablishmentCase
from establishments.selectors import member_suggestions
from tests import factories as f
from tests.establishments.test_cases import case_form
from tests.helpers import count_queries, shows

pytestmark = pytest.mark.django_db

CREATE = reverse("establishments:case_create")


@pytest.fixture
def team():
    return f.coordinator("24"), f.coordinator("24")


@pytest.fixture
def orgs():
    names = ["Arbetsförmedlingen", "Skellefteå kommun", "Skellefteå Kraft AB", "Region Västerbotten"]
    return {name: f.OrganisationFactory(name=name) for name in names}


def post_case(client, team, **fields):
    coordinator, deputy = team
    client.force_login(coordinator)
    return client.post(CREATE, case_form(coordinator=coordinator.pk, deputy=deputy.pk, **fields))


def member_names(case) -> set[str]:
    return set(case.members.values_list("name", flat=True))


def test_it_saves_the_ticked_organisations(client, team, orgs):
    keys = [orgs["Arbetsförmedlingen"].pk, orgs["Region Västerbotten"].pk]
    response = post_case(client, team, members=keys, members_text="")
    assert response.status_code == 302
    assert member_names(EstablishmentCase.objects.get()) == {"Arbetsförmedlingen", "Region Västerbotten"}


def test_without_javascript_the_typed_name_is_added(client, team, orgs):
    response = post_case(client, team, members=[orgs["Arbetsförmedlingen"].pk], members_text="region västerb")
    assert response.status_code == 302
    assert member_names(EstablishmentCase.objects.get()) == {"Arbetsförmedlingen", "Region Västerbotten"}


def test_an_exact_name_wins_over_names_that_hold_it(client, team, orgs):
    response = post_case(client, team, members_text="Skellefteå kommun")
    assert response.status_code == 302
    assert member_names(EstablishmentCase.objects.get()) == {"Skellefteå kommun"}


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"members_text": "Ingen sådan organisation"}, "no_match"),
        ({"members_text": "Skellefteå"}, "several"),
        ({"members": ["99999999"]}, "invalid_choice"),
        ({"members": ["abc"]}, "invalid_pk_value"),
        ({"members": ["1" * 30]}, "invalid_pk_value"),
    ],
)
def test_a_bad_member_is_refused_with_a_message_and_nothing_is_saved(client, team, orgs, fields, code):
    fields = {"members_text": "", **fields}
    fields["members"] = [orgs["Arbetsförmedlingen"].pk, *fields.get("members", [])]
    response = post_case(client, team, **fields)
    assert response.status_code == 200
    assert EstablishmentCase.objects.count() == 0
    [error] = response.context["form"].errors.as_data()["members"]
    assert error.code == code
    assert shows(response, next(iter(error)))  # the message, on the page beside the field
    # What was ticked is still ticked, what was typed is still there to correct.
    page = response.content.decode()
    assert f'name="members" value="{orgs["Arbetsförmedlingen"].pk}" checked' in page
    if fields["members_text"]:
        assert f'value="{fields["members_text"]}"' in page


def test_it_names_a_few_when_several_match(client, team, orgs):
    response = post_case(client, team, members_text="Skellefteå")
    errors = " ".join(response.context["form"].errors["members"])
    assert "Skellefteå kommun" in errors and "Skellefteå Kraft AB" in errors


def test_editing_shows_the_members_ticked_and_an_unticked_one_leaves(client, team, orgs):
    coordinator, deputy = team
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    for name in ("Arbetsförmedlingen", "Region Västerbotten"):
        case.memberships.create(organisation=orgs[name])
    client.force_login(coordinator)
    url = reverse("establishments:case_edit", args=[case.pk])
    page = client.get(url).content.decode()
    for name in ("Arbetsförmedlingen", "Region Västerbotten"):
        assert f'name="members" value="{orgs[name].pk}" checked' in page
    response = client.post(url, case_form(case, members=[orgs["Region Västerbotten"].pk], members_text=""))
    assert response.status_code == 302
    assert member_names(case) == {"Region Västerbotten"}
    assert case.history.count() >= 1


def test_who_does_not_manage_access_cannot_change_the_members(client, team, orgs):
    coordinator, deputy = team
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    case.memberships.create(organisation=orgs["Arbetsförmedlingen"])
    earlier = f.CaseFactory()  # makes Region Västerbotten a usual member, suggested to those who manage
    earlier.memberships.create(organisation=orgs["Region Västerbotten"])
    other = f.coordinator("24")  # edits the region's cases, does not manage who reaches them
    client.force_login(other)
    url = reverse("establishments:case_edit", args=[case.pk])
    page = client.get(url).content.decode()
    assert f'name="members" value="{orgs["Arbetsförmedlingen"].pk}" checked disabled' in page
    assert (
        page.count('type="checkbox" name="members"') == 1
    )  # nothing suggested to tick: the field is not theirs
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert f'<input type="checkbox" name="members" value="{orgs["Region Västerbotten"].pk}">' in page
    client.force_login(other)
    response = client.post(
        url, case_form(case, members=[orgs["Region Västerbotten"].pk], members_text="Skellefteå kommun")
    )
    assert response.status_code == 302
    assert member_names(case) == {"Arbetsförmedlingen"}


def test_the_region_s_usual_members_are_suggested_most_cases_first(team, orgs):
    coordinator, _ = team
    af, kommun, region = orgs["Arbetsförmedlingen"], orgs["Skellefteå kommun"], orgs["Region Västerbotten"]
    for members in ([af, kommun], [af], [af, kommun, region]):
        case = f.CaseFactory()
        for org in members:
            case.memberships.create(organisation=org)
    # Another region's cases and a confidential case the coordinator is not granted count for nothing.
    elsewhere = f.CaseFactory(lead_municipality=f.municipality("2180"))
    secret = f.CaseFactory(confidentiality="konfidentiell", code_name="Projekt Tyst")
    for case in (elsewhere, elsewhere, secret):
        case.memberships.get_or_create(organisation=orgs["Skellefteå Kraft AB"])
    assert [o.name for o in member_suggestions(user=coordinator)] == [
        "Arbetsförmedlingen",
        "Skellefteå kommun",
        "Region Västerbotten",
    ]


def test_a_suggestion_is_one_tick_away_and_not_shown_once_chosen(client, team, orgs):
    coordinator, _ = team
    earlier = f.CaseFactory()
    earlier.memberships.create(organisation=orgs["Arbetsförmedlingen"])
    client.force_login(coordinator)
    page = client.get(CREATE).content.decode()
    assert f'<input type="checkbox" name="members" value="{orgs["Arbetsförmedlingen"].pk}">' in page
    response = post_case(client, team, members=[orgs["Arbetsförmedlingen"].pk], name="")  # refused: no name
    page = response.content.decode()
    assert page.count(f'name="members" value="{orgs["Arbetsförmedlingen"].pk}"') == 1  # ticked, once


def test_the_form_s_queries_do_not_grow_with_the_registry_or_the_members(client, team):
    coordinator, deputy = team
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    client.force_login(coordinator)
    url = reverse("establishments:case_edit", args=[case.pk])

    def grow(n, prefix):
        for org in f.bulk_organisations(n, prefix=f"{prefix} medlem"):
            case.memberships.create(organisation=org)
        for org in f.bulk_organisations(n, prefix=f"{prefix} annan"):  # members of other cases: suggested
            f.CaseFactory().memberships.create(organisation=org)

    grow(2, "A")
    count_queries(client, url)  # warm-up
    few = count_queries(client, url)
    grow(40, "B")
    f.bulk_organisations(300, prefix="C")
    many = count_queries(client, url)
    assert few == many, f"case form: {few} queries with 2 members, {many} with 42"
    page = client.get(url).content.decode()
    assert page.count('type="checkbox" name="members" value=') == 42 + 12  # the members, 12 suggestions
