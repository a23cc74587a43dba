import re
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import services
from accounts.models import RoleName, User
from accounts.tasks import send_invitation
from tests import factories as f

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ett-nytt-langt-losenord-2025"


@pytest.fixture
def admin(client):
    user = f.admin()
    client.force_login(user)
    return user


def invite(client, django_capture_on_commit_callbacks, **kw):
    data = {
        "username": "bo.ek",
        "first_name": "Bo",
        "last_name": "Ek",
        "email": "bo.ek@example.se",
        "role": RoleName.COORDINATOR,
        "region": f.region("24").pk,
        "how": "invite",
        **kw,
    }
    # The e-mail goes out after commit; Celery runs eagerly in tests.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return User.objects.get(username="bo.ek")


def set_password_and_log_in(client, message) -> None:
    path = link_in(message)
    client.logout()
    # Django swaps the token for a session key and redirects to the form.
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("login")

    response = client.post(reverse("login"), {"username": "bo.ek", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="bo.ek").pk


def link_in(message) -> str:
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 1, message.body
    assert urls[0].startswith(settings.SITE_URL)
    return urls[0].removeprefix(settings.SITE_URL)


def test_it_sends_one_invitation(client, admin, mailoutbox, django_capture_on_commit_callbacks):
    user = invite(client, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["bo.ek@example.se"]
    assert "bo.ek" in message.body
    assert message.subject
    assert not user.has_usable_password()
    assert user.groups.get().name == RoleName.COORDINATOR


def test_its_link_lets_the_user_choose_a_password_and_log_in(
    client, admin, mailoutbox, django_capture_on_commit_callbacks
):
    invite(client, django_capture_on_commit_callbacks)
    set_password_and_log_in(client, mailoutbox[0])


def test_its_link_works_once(client, admin, mailoutbox, django_capture_on_commit_callbacks):
    invite(client, django_capture_on_commit_callbacks)
    set_password_and_log_in(client, mailoutbox[0])
    response = client.get(link_in(mailoutbox[0]), follow=True)
    assert not response.context["validlink"]


def test_it_sends_nothing_before_the_commit(admin, mailoutbox):
    # A user rolled back with its transaction must not have been mailed.
    services.user_create(
        by=admin, username="bo.ek", email="bo.ek@example.se", role=RoleName.ADMIN, invite=True
    )
    assert mailoutbox == []


def test_it_sends_nothing_when_setting_a_password(admin, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.user_create(
            by=admin, username="bo.ek", email="bo.ek@example.se", role=RoleName.ADMIN, password=NEW_PASSWORD
        )
    assert mailoutbox == []


def test_the_task_skips_a_deactivated_user(mailoutbox):
    user = f.reader("24", is_active=False)
    assert send_invitation(user.pk) is False
    assert send_invitation(999999) is False
    assert mailoutbox == []


def test_the_task_retries_when_the_mail_server_is_down(mailoutbox):
    user = f.reader("24")
    with (
        mock.patch("accounts.tasks.send_mail", autospec=True, side_effect=ConnectionRefusedError),
        mock.patch.object(
            send_invitation, "retry", autospec=True, side_effect=RuntimeError("retry")
        ) as retry,
        pytest.raises(RuntimeError, match="retry"),
    ):
        send_invitation(user.pk)
    assert retry.call_count == 1
