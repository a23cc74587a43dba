import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import policy, services
from accounts.models import RoleName, User
from tests import factories as f
from tests.helpers import sv, users_snapshot

pytestmark = pytest.mark.django_db


def url(user) -> str:
    return reverse("accounts:user_edit", args=[user.pk])


@pytest.fixture
def admin(client):
    user = f.admin(username="admin", email="admin@example.se")
    client.force_login(user)
    return user


def data(**kw) -> dict:
    return {"first_name": "Anna", "last_name": "Berg", "email": "anna@example.se", **kw}


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_it_shows_the_current_values(client, admin):
    target = f.official("2482", username="anna", first_name="Anna")
    form = client.get(url(target)).context["form"]
    assert form.initial["role"] == RoleName.OFFICIAL
    assert form.initial["municipality"] == f.municipality("2482").pk
    assert form.fields["username"].disabled


def test_it_changes_role_and_place(client, admin):
    target = f.reader("24", username="anna")
    response = client.post(url(target), data(role=RoleName.COORDINATOR, region=f.region("21").pk))
    assert response.status_code == 302
    target = fresh(target)
    assert policy.role_of(target) == RoleName.COORDINATOR
    assert [g.name for g in target.groups.all()] == [RoleName.COORDINATOR]
    assert target.region == f.region("21")
    assert target.email == "anna@example.se"
    record = target.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        admin,
        "User changed",
    )


def test_it_makes_a_new_administrator_staff_and_an_old_one_not(client, admin):
    other = f.reader("24")
    client.post(url(other), data(role=RoleName.ADMIN))
    assert fresh(other).is_staff
    client.post(url(other), data(role=RoleName.READER, region=f.region("24").pk))
    assert not fresh(other).is_staff


def test_it_keeps_the_user_name(client, admin):
    target = f.reader("24", username="anna")
    client.post(url(target), data(username="kapad", role=RoleName.READER, region=f.region("24").pk))
    assert fresh(target).username == "anna"


def test_it_keeps_groups_that_are_not_roles(client, admin):
    target = f.reader("24")
    club = Group.objects.create(name="Nyhetsbrev")
    target.groups.add(club)
    client.post(url(target), data(role=RoleName.CONTACT, organisation=f.OrganisationFactory().pk))
    assert set(fresh(target).groups.values_list("name", flat=True)) == {"Nyhetsbrev", RoleName.CONTACT}


def test_the_service_refuses_to_take_the_admin_role_from_oneself(admin):
    before = users_snapshot()
    with pytest.raises(ValidationError) as exc:
        services.user_update(
            by=admin, user=admin, role=RoleName.READER, region=f.region("24"), email=admin.email
        )
    assert exc.value.message_dict == {"role": [sv("You cannot take the administrator role from yourself.")]}
    assert users_snapshot() == before
    assert policy.role_of(fresh(admin)) == RoleName.ADMIN


def test_it_refuses_to_take_the_admin_role_from_oneself(client, admin):
    before = users_snapshot()
    response = client.post(url(admin), data(role=RoleName.READER, region=f.region("24").pk))
    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        sv("You cannot take the administrator role from yourself.")
    ]
    assert users_snapshot() == before


def test_it_lets_an_administrator_edit_themself(client, admin):
    response = client.post(url(admin), data(role=RoleName.ADMIN, email="ny@example.se"))
    assert response.status_code == 302
    admin = fresh(admin)
    assert admin.email == "ny@example.se"
    assert policy.role_of(admin) == RoleName.ADMIN


def test_it_requires_the_place_of_the_new_role(client, admin):
    target = f.reader("24")
    before = users_snapshot()
    response = client.post(url(target), data(role=RoleName.OFFICIAL))
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"] == [
        sv("A municipal official needs a municipality.")
    ]
    assert users_snapshot() == before


def test_it_shows_the_role_of_a_deactivated_user(client, admin):
    target = f.reader("24", is_active=False)
    assert client.get(url(target)).context["form"].initial["role"] == RoleName.READER


def test_it_404s_for_an_unknown_user(client, admin):
    assert client.get(reverse("accounts:user_edit", args=[999999])).status_code == 404
