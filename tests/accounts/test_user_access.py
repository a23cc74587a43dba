"""Only administrators manage users."""

import pytest
from django.urls import reverse

from accounts.models import RoleName
from tests import factories as f
from tests.helpers import users_snapshot

pytestmark = pytest.mark.django_db

NOT_ADMIN = {
    "coordinator": lambda: f.coordinator("24"),
    "official": lambda: f.official("2482"),
    "contact": lambda: f.contact(),
    "reader": lambda: f.reader("24"),
    "no role": lambda: f.UserFactory(),
}
PAGES = ["user_list", "user_create", "user_edit", "user_set_active"]


@pytest.fixture
def target():
    return f.reader("24", username="lasaren", email="lasaren@example.se")


def url_of(page, target) -> str:
    return reverse(f"accounts:{page}", args=[target.pk] if page in {"user_edit", "user_set_active"} else [])


def valid_post(page, target) -> dict:
    """What an administrator's browser would send, and the system accepts."""
    return {
        "user_list": {},
        "user_create": {
            "username": "inkraktare",
            "email": "inkraktare@example.se",
            "role": RoleName.ADMIN,
            "how": "password",
            "password": "Ett-langt-losenord-2025",
        },
        "user_edit": {"email": "kapad@example.se", "role": RoleName.ADMIN},
        "user_set_active": {"active": "0"},
    }[page]


@pytest.mark.parametrize("page", PAGES)
def test_it_redirects_anonymous_to_login(client, target, page):
    before = users_snapshot()
    for response in (
        client.get(url_of(page, target)),
        client.post(url_of(page, target), valid_post(page, target)),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert users_snapshot() == before


@pytest.mark.parametrize("role", NOT_ADMIN)
@pytest.mark.parametrize("page", PAGES)
def test_it_forbids_everyone_but_administrators(client, target, role, page):
    client.force_login(NOT_ADMIN[role]())
    # The activation switch only takes POST, and says so before it asks who you are.
    assert client.get(url_of(page, target)).status_code == (405 if page == "user_set_active" else 403)
    before = users_snapshot()
    assert client.post(url_of(page, target), valid_post(page, target)).status_code == 403
    assert users_snapshot() == before


@pytest.mark.parametrize("page", PAGES)
def test_it_lets_an_administrator_make_the_same_post(client, target, page):
    client.force_login(f.admin())
    before = users_snapshot()
    response = client.post(url_of(page, target), valid_post(page, target))
    if page == "user_list":
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert users_snapshot() != before


def test_it_treats_a_deactivated_administrator_as_anonymous(client, target):
    admin = f.admin(is_active=False)
    client.force_login(admin)
    response = client.get(url_of("user_list", target))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_hides_the_users_link_from_others(client):
    client.force_login(f.coordinator("24"))
    assert reverse("accounts:user_list") not in client.get("/").content.decode()
    client.force_login(f.admin())
    assert reverse("accounts:user_list") in client.get("/").content.decode()
