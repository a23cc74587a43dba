import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse

from accounts import policy, services
from accounts.models import RoleName, User
from tests import factories as f
from tests.helpers import shows, sv, users_snapshot

pytestmark = pytest.mark.django_db

URL = reverse("accounts:user_create")
PASSWORD = "Ett-langt-losenord-2025"


@pytest.fixture
def admin(client):
    user = f.admin()
    client.force_login(user)
    return user


def data(**kw) -> dict:
    return {
        "username": "anna.berg",
        "first_name": "Anna",
        "last_name": "Berg",
        "email": "anna.berg@example.se",
        "role": RoleName.READER,
        "region": f.region("24").pk,
        "how": "password",
        "password": PASSWORD,
        **kw,
    }


def test_it_creates_a_user_with_a_password(client, admin, mailoutbox):
    response = client.post(URL, data())
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_list")
    user = User.objects.get(username="anna.berg")
    assert policy.role_of(user) == RoleName.READER
    assert user.region == f.region("24")
    assert not user.is_staff
    record = user.history.get()
    assert (record.history_user, record.history_change_reason) == (
        admin,
        "User created",
    )
    assert mailoutbox == []
    client.logout()
    assert client.login(request=HttpRequest(), username="anna.berg", password=PASSWORD)


def test_it_makes_administrators_staff(client, admin):
    client.post(URL, data(role=RoleName.ADMIN, region=""))
    assert User.objects.get(username="anna.berg").is_staff


def test_it_places_an_official_in_the_region_of_their_municipality(client, admin):
    client.post(URL, data(role=RoleName.OFFICIAL, region="", municipality=f.municipality("2482").pk))
    user = User.objects.get(username="anna.berg")
    assert user.region == f.region("24")


@pytest.mark.parametrize("username", ["Anna.Berg", "anna.berg"])
def test_it_rejects_a_taken_user_name(client, admin, username):
    f.reader("24", username="anna.berg")
    before = users_snapshot()
    response = client.post(URL, data(username=username))
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [sv("This user name is taken.")]
    assert shows(response, sv("This user name is taken."))
    assert users_snapshot() == before


def test_it_rejects_an_invitation_without_email(
    client, admin, mailoutbox, django_capture_on_commit_callbacks
):
    before = users_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data(how="invite", email="", password=""))
    assert response.context["form"].errors["email"] == [sv("An invitation needs an e-mail address.")]
    assert shows(response, sv("An invitation needs an e-mail address."))
    assert users_snapshot() == before
    assert mailoutbox == []


@pytest.mark.parametrize("password", ["123", "password", "anna", "12345678901"])
def test_it_rejects_a_weak_password(client, admin, password):
    before = users_snapshot()
    response = client.post(URL, data(password=password))
    assert response.status_code == 200
    errors = response.context["form"].errors["password"]
    assert errors
    assert shows(response, errors[0])
    assert users_snapshot() == before


def test_it_rejects_a_password_like_the_user_name(client, admin):
    before = users_snapshot()
    response = client.post(URL, data(username="anna.berg.skelleftea", password="anna.berg.skelleftea"))
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert users_snapshot() == before


def test_it_asks_for_a_password_when_not_inviting(client, admin):
    response = client.post(URL, data(password=""))
    assert response.context["form"].errors["password"] == [sv("Give a password, or send an invitation.")]


@pytest.mark.parametrize(
    ("role", "field", "message"),
    [
        (RoleName.COORDINATOR, "region", "A regional coordinator needs a region."),
        (RoleName.READER, "region", "A reader needs a region."),
        (RoleName.OFFICIAL, "municipality", "A municipal official needs a municipality."),
        (RoleName.CONTACT, "organisation", "An actor contact needs an organisation."),
    ],
)
def test_it_requires_the_place_the_role_needs(client, admin, role, field, message):
    before = users_snapshot()
    response = client.post(URL, data(role=role, region="", municipality="", organisation=""))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [sv(message)]
    assert users_snapshot() == before


def test_it_rejects_a_municipality_outside_the_region(client, admin):
    before = users_snapshot()
    response = client.post(
        URL, data(role=RoleName.OFFICIAL, region=f.region("01").pk, municipality=f.municipality("2482").pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"] == [
        sv("The municipality does not lie in the chosen region.")
    ]
    assert users_snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("username", "anna berg"), ("username", ""), ("email", "inte-en-adress"), ("role", "Kung")],
)
def test_it_rejects_bad_input_with_a_message(client, admin, field, value):
    before = users_snapshot()
    response = client.post(URL, data(**{field: value}))
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert shows(response, errors[field][0])
    assert users_snapshot() == before


@pytest.mark.parametrize(
    ("role", "field"),
    [
        (RoleName.COORDINATOR, "region"),
        (RoleName.READER, "region"),
        (RoleName.OFFICIAL, "municipality"),
        (RoleName.CONTACT, "organisation"),
    ],
)
def test_the_service_refuses_a_role_without_its_place(admin, role, field):
    before = users_snapshot()
    with pytest.raises(ValidationError) as exc:
        services.user_create(by=admin, username="anna.berg", email="", role=role)
    assert list(exc.value.message_dict) == [field]
    assert users_snapshot() == before


def test_the_service_refuses_an_invitation_without_email(admin):
    with pytest.raises(ValidationError) as exc:
        services.user_create(by=admin, username="anna.berg", email="", role=RoleName.ADMIN, invite=True)
    assert list(exc.value.message_dict) == ["email"]
    assert not User.objects.filter(username="anna.berg").exists()


def test_the_service_refuses_a_caller_who_is_not_administrator():
    with pytest.raises(PermissionDenied):
        services.user_create(by=f.coordinator("24"), username="anna.berg", email="", role=RoleName.ADMIN)
    assert not User.objects.filter(username="anna.berg").exists()
