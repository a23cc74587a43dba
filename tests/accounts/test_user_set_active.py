"""Deactivation: users are never deleted, only switched off, so history keeps pointing at them."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts import policy
from accounts.models import RoleName, User
from tests import factories as f
from tests.helpers import sv, users_snapshot

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-123"  # tests.factories.UserFactory's


def url(user) -> str:
    return reverse("accounts:user_set_active", args=[user.pk])


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def admin(client):
    user = f.admin(username="admin")
    client.force_login(user)
    return user


def can_log_in(username) -> bool:
    browser = Client()
    response = browser.post(reverse("login"), {"username": username, "password": PASSWORD})
    return response.status_code == 302 and "_auth_user_id" in browser.session


def test_it_deactivates_a_user_without_deleting_them(client, admin):
    target = f.coordinator("24", username="anna")
    count = User.objects.count()
    response = client.post(url(target), {"active": "0"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_list")
    assert User.objects.count() == count
    target = fresh(target)
    assert not target.is_active
    # The role stays, ready for reactivation.
    assert target.groups.filter(name=RoleName.COORDINATOR).exists()
    record = target.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        admin,
        "Deactivated",
    )


def test_a_deactivated_user_cannot_log_in(client, admin):
    f.reader("24", username="anna")
    assert can_log_in("anna")
    client.post(url(User.objects.get(username="anna")), {"active": "0"})
    assert not can_log_in("anna")


def test_a_deactivated_user_is_logged_out_of_an_open_session(client, admin):
    target = f.reader("24")
    browser = Client()
    browser.force_login(target)
    assert browser.get(reverse("actors:organisation_list")).status_code == 200

    client.post(url(target), {"active": "0"})

    response = browser.get(reverse("actors:organisation_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_deactivated_user_has_no_role(admin):
    target = f.coordinator("24", is_active=False)
    assert policy.role_of(target) is None
    assert not policy.can_view_registry(target)


def test_it_reactivates_a_user(client, admin):
    target = f.reader("24", username="anna", is_active=False)
    client.post(url(target), {"active": "1"})
    assert fresh(target).is_active
    assert fresh(target).history.latest().history_change_reason == "Reactivated"  # stored untranslated
    assert can_log_in("anna")


def test_it_refuses_to_deactivate_oneself(client, admin):
    before = users_snapshot()
    response = client.post(url(admin), {"active": "0"})
    assert response.status_code == 302
    assert users_snapshot() == before
    assert fresh(admin).is_active
    assert sv("You cannot deactivate yourself.") in [str(m) for m in get_messages(response.wsgi_request)]


def test_it_treats_a_missing_value_as_deactivate(client, admin):
    # Only an explicit "1" switches someone on; anything else must not.
    target = f.reader("24")
    client.post(url(target), {"active": "ja"})
    assert not fresh(target).is_active


def test_it_rejects_get(client, admin):
    target = f.reader("24")
    assert client.get(url(target)).status_code == 405
    assert fresh(target).is_active


def test_it_404s_for_an_unknown_user(client, admin):
    assert client.post(reverse("accounts:user_set_active", args=[999999]), {"active": "0"}).status_code == 404


def test_there_is_no_way_to_delete_a_user(client, admin):
    target = f.reader("24")
    count = User.objects.count()
    for path in (url(target), reverse("accounts:user_edit", args=[target.pk])):
        client.delete(path)
        client.post(path, {"delete": "1", "active": "1"})
    assert User.objects.count() == count
