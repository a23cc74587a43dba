import pytest
from django.urls import reverse

from accounts.models import RoleName
from tests import factories as f
from tests.factories import bulk_users
from tests.helpers import count_queries, shows

pytestmark = pytest.mark.django_db

URL = reverse("accounts:user_list")


@pytest.fixture
def admin(client):
    user = f.admin(username="admin", first_name="Astrid", last_name="Admin")
    client.force_login(user)
    return user


@pytest.fixture
def users():
    return {
        "anna": f.coordinator("24", username="anna", first_name="Anna", last_name="Berg"),
        "bo": f.official("2482", username="bo", first_name="Bo", last_name="Ek", email="bo@skelleftea.se"),
        "cecilia": f.reader(
            "24", username="cecilia", first_name="Cecilia", last_name="Holm", is_active=False
        ),
    }


def usernames(response) -> set[str]:
    return {u.username for u in response.context["page"]}


def test_it_lists_every_user_with_role_and_status(client, admin, users):
    response = client.get(URL)
    assert usernames(response) == {"admin", "anna", "bo", "cecilia"}
    for text in ("Anna Berg", RoleName.COORDINATOR, "Skellefteå", "bo@skelleftea.se"):
        assert shows(response, text), text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "ANNA"}, {"anna"}),
        ({"q": "skelleftea.se"}, {"bo"}),
        ({"q": "ek"}, {"bo"}),
        ({"role": RoleName.OFFICIAL}, {"bo"}),
        ({"role": RoleName.ADMIN}, {"admin"}),
        ({"active": "0"}, {"cecilia"}),
        ({"active": "1"}, {"admin", "anna", "bo"}),
        ({"active": "1", "role": RoleName.READER}, set()),
    ],
)
def test_it_filters(client, admin, users, params, expected):
    assert usernames(client.get(URL, params)) == expected


@pytest.mark.parametrize(
    "params", [{"role": "Kung"}, {"active": "ja"}, {"page": "abc"}, {"page": "-1"}, {"q": "x" * 500}]
)
def test_it_ignores_a_bad_filter_value(client, admin, users, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    if "q" not in params:
        assert usernames(response) == {"admin", "anna", "bo", "cecilia"}


def test_it_offers_no_self_deactivation(client, admin, users):
    page = client.get(URL).content.decode()
    assert reverse("accounts:user_set_active", args=[admin.pk]) not in page
    assert reverse("accounts:user_set_active", args=[users["anna"].pk]) in page


def test_it_runs_the_same_number_of_queries_for_5_and_200_users(client, admin):
    skelleftea = f.municipality("2482")
    org = f.OrganisationFactory()

    def grow(officials, contacts, prefix):
        place = {"municipality": skelleftea, "region": skelleftea.region}
        bulk_users(officials, RoleName.OFFICIAL, prefix=f"{prefix}off", **place)
        bulk_users(contacts, RoleName.CONTACT, prefix=f"{prefix}con", organisation=org)

    grow(2, 2, "a")  # with the administrator: 5 users
    count_queries(client, URL)  # warm-up
    few = count_queries(client, URL)
    grow(98, 97, "b")
    many = count_queries(client, URL)

    assert few == many, f"user list: {few} queries at 5 users, {many} at 200"
    print(f"user list: {few} queries")
