"""Login throttling (django-axes), password change and reset, and session limits."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import sessions
from accounts.models import AuditEvent
from tests import factories as f
from tests.helpers import count_queries, shows, sv

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-123"
LOGIN = reverse("login")


def attempt(client, username, password, *, address="10.0.0.1", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


# --- Lockout ------------------------------------------------------------------------------------


def test_the_sixth_try_after_five_wrong_passwords_is_refused_even_with_the_right_one(client, settings):
    user = f.admin(username="chefen")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert attempt(client, "chefen", "fel").status_code == 200
    locked = attempt(client, "chefen", "fel")
    assert locked.status_code == 429
    assert shows(locked, sv("Login paused"))
    right = attempt(client, "chefen", PASSWORD)
    assert right.status_code == 429
    assert not logged_in(client)
    # Another user, from another address, is not slowed: one request, logged in.
    other = Client()
    f.official(username="kollegan")
    assert attempt(other, "kollegan", PASSWORD, address="10.0.0.2").status_code == 302
    assert logged_in(other)
    assert user.pk  # the locked account itself is untouched


def test_the_lockout_ends_after_the_cool_off(client, settings):
    f.coordinator(username="glomsk")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "glomsk", "fel")
    assert attempt(client, "glomsk", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES, seconds=1)
    )
    assert attempt(client, "glomsk", PASSWORD).status_code == 302
    assert logged_in(client)


def test_an_address_is_locked_after_its_own_higher_limit(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 12
    f.reader(username="oskyldig")
    # Twelve wrong guesses over twelve user names from one address: no user name reaches its limit.
    for i in range(12):
        attempt(client, f"gissning{i}", "fel", address="192.0.2.7")
    assert attempt(Client(), "oskyldig", PASSWORD, address="192.0.2.7").status_code == 429
    # Eleven from another address are below the address limit.
    for i in range(11):
        attempt(client, f"annan{i}", "fel", address="192.0.2.8")
    assert attempt(Client(), "oskyldig", PASSWORD, address="192.0.2.8").status_code == 302


def test_the_django_admin_login_is_covered(client, settings):
    f.admin(username="chefen")
    url = reverse("admin:login")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "chefen", "fel", url=url)
    assert attempt(client, "chefen", PASSWORD, url=url).status_code == 429
    assert attempt(client, "chefen", PASSWORD).status_code == 429


def test_an_administrator_sees_and_lifts_a_lockout(client, settings):
    victim = f.official(username="utelast")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(Client(), "utelast", "fel", address="198.51.100.9")
    admin = f.admin()
    client.force_login(admin)
    page = client.get(reverse("accounts:lockouts"))
    assert shows(page, "utelast")
    assert shows(client.get(reverse("accounts:user_edit", args=[victim.pk])), sv("Lift the lockout"))
    lift = {"username": "utelast", "back": "user"}
    response = client.post(reverse("accounts:lockout_lift"), lift, follow=True)
    assert response.redirect_chain == [(reverse("accounts:user_edit", args=[victim.pk]), 302)]
    assert not shows(client.get(reverse("accounts:lockouts")), "utelast")
    assert attempt(Client(), "utelast", PASSWORD, address="198.51.100.9").status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOCKOUT_LIFTED)
    assert (event.by, event.user) == (admin, victim)


def test_an_address_lockout_is_lifted_by_address(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6
    for i in range(6):
        attempt(Client(), f"x{i}", "fel", address="203.0.113.5")
    client.force_login(f.admin())
    assert shows(client.get(reverse("accounts:lockouts")), "203.0.113.5")
    client.post(reverse("accounts:lockout_lift"), {"ip_address": "203.0.113.5"})
    assert not AccessAttempt.objects.filter(ip_address="203.0.113.5").exists()


@pytest.mark.parametrize("make", [f.coordinator, f.official, f.contact, f.reader])
def test_only_administrators_see_or_lift_lockouts(client, settings, make):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(Client(), "nagon", "fel")
    client.force_login(make())
    assert client.get(reverse("accounts:lockouts")).status_code == 403
    assert client.post(reverse("accounts:lockout_lift"), {"username": "nagon"}).status_code == 403
    assert AccessAttempt.objects.filter(username="nagon").exists()
    assert not AuditEvent.objects.exists()


def test_anonymous_callers_are_sent_to_login(client):
    for url in (reverse("accounts:lockouts"), reverse("accounts:profile")):
        assert client.get(url).url.startswith(LOGIN)
    assert client.post(reverse("accounts:lockout_lift"), {"username": "x"}).url.startswith(LOGIN)


def test_lifting_needs_a_user_name_or_an_address(client):
    client.force_login(f.admin())
    for data in ({}, {"ip_address": "not-an-address"}, {"username": "x" * 200}):
        response = client.post(reverse("accounts:lockout_lift"), data, follow=True)
        assert response.status_code == 200
    assert not AuditEvent.objects.exists()


def test_the_lockouts_page_makes_the_same_queries_for_one_or_many_lockouts(client, settings):
    admin = f.admin()
    client.force_login(admin)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(Client(), "en", "fel", address="10.1.0.1")
    one = count_queries(client, reverse("accounts:lockouts"), warm=True)
    for n in range(20):
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            attempt(Client(), f"fler{n}", "fel", address=f"10.2.0.{n}")
    assert count_queries(client, reverse("accounts:lockouts"), warm=True) == one


# --- Password change and reset -------------------------------------------------------------------


def test_a_user_changes_their_password_with_the_old_one_and_other_sessions_end(client):
    user = f.official(username="byter")
    elsewhere = Client()
    elsewhere.force_login(user)
    client.force_login(user)
    url = reverse("accounts:password_change")
    new = {"new_password1": "Ett-nytt-losenord-9", "new_password2": "Ett-nytt-losenord-9"}
    wrong = client.post(url, {"old_password": "fel", **new})
    assert wrong.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    ok = client.post(url, {"old_password": PASSWORD, **new})
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Ett-nytt-losenord-9")
    assert client.get(reverse("accounts:profile")).status_code == 200  # this session stays
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302  # the other one ended
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_CHANGED, user=user).count() == 1


def reset_link(mailoutbox) -> str:
    (mail,) = mailoutbox
    url = re.search(r"https?://\S+/losenord/\S+/\S+/", mail.body).group(0)
    return url.split("://", 1)[1].split("/", 1)[1]


def ask_for_reset(client, email, capture):
    # The e-mail goes out through the outbox after commit; Celery runs eagerly in tests.
    with capture(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def test_a_password_reset_by_e_mail_link_works_once_and_lifts_the_lockout(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    user = f.coordinator(username="glomde", email="glomde@example.se")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "glomde", "fel")
    response = ask_for_reset(client, "glomde@example.se", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert mailoutbox[0].to == ["glomde@example.se"]
    path = "/" + reset_link(mailoutbox)
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    new = {"new_password1": "Ett-nytt-losenord-9", "new_password2": "Ett-nytt-losenord-9"}
    done = client.post(set_url, new)
    assert done.status_code == 302 and done.url == LOGIN
    user.refresh_from_db()
    assert user.check_password("Ett-nytt-losenord-9")
    assert attempt(Client(), "glomde", "Ett-nytt-losenord-9").status_code == 302  # lockout lifted
    again = Client().get(path, follow=True)
    assert shows(again, sv("This link is no longer valid: it has been used or has expired."))
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_RESET, user=user).exists()


def test_a_reset_link_expires(client, settings, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    f.official(username="sen", email="sen@example.se")
    ask_for_reset(client, "sen@example.se", django_capture_on_commit_callbacks)
    path = "/" + reset_link(mailoutbox)
    later = time.time() + settings.PASSWORD_RESET_TIMEOUT + 60
    from django.contrib.auth.tokens import default_token_generator

    monkeypatch.setattr(default_token_generator, "_now", lambda: timezone.datetime.fromtimestamp(later))
    response = client.get(path, follow=True)
    assert shows(response, sv("This link is no longer valid: it has been used or has expired."))


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = ask_for_reset(client, "okand@example.se", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mailoutbox == []
    bad = client.post(reverse("password_reset"), {"email": "inte en adress"})
    assert bad.status_code == 200 and mailoutbox == []


# --- Sessions ------------------------------------------------------------------------------------


def test_a_session_ends_after_the_idle_time(client, settings):
    user = f.official()
    client.force_login(user)
    session = client.session
    session[sessions.SEEN_AT] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not logged_in(client)


def test_a_session_ends_a_working_day_after_login_however_busy(client, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(f.official())
    session = client.session
    session[sessions.AUTH_AT] = time.time() - settings.SESSION_COOKIE_AGE - 5
    session.save()
    assert client.get(reverse("dashboard")).url.startswith(LOGIN)


def test_a_busy_session_holds_and_writes_its_last_use_at_most_once_a_minute(client):
    client.force_login(f.official())
    seen = client.session[sessions.SEEN_AT]
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.session[sessions.SEEN_AT] == seen


def test_logging_out_everywhere_ends_every_session(client):
    user = f.reader()
    phone = Client()
    phone.force_login(user)
    client.force_login(user)
    response = client.post(reverse("accounts:sessions_end"))
    assert response.status_code == 200
    assert shows(response, sv("You are logged out everywhere: on this device and every other."))
    assert phone.get(reverse("dashboard")).url.startswith(LOGIN)
    assert client.get(reverse("dashboard")).url.startswith(LOGIN)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SESSIONS_ENDED, user=user).count() == 1


def test_the_profile_page_makes_the_same_queries_however_many_events(client):
    user = f.official()
    client.force_login(user)
    one = count_queries(client, reverse("accounts:profile"), warm=True)
    AuditEvent.objects.bulk_create(
        [AuditEvent(kind=AuditEvent.Kind.PASSWORD_CHANGED, user=user, by=user) for _ in range(30)]
    )
    assert count_queries(client, reverse("accounts:profile"), warm=True) == one


def test_a_successful_login_clears_the_user_name_not_the_address(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 10
    f.official(username="angripare")
    for i in range(9):
        attempt(Client(), f"gissning{i}", "fel", address="192.0.2.44")
    assert attempt(Client(), "angripare", PASSWORD, address="192.0.2.44").status_code == 302
    attempt(Client(), "gissning9", "fel", address="192.0.2.44")
    assert attempt(Client(), "angripare", PASSWORD, address="192.0.2.44").status_code == 429


def test_an_over_long_user_name_is_an_ordinary_failed_login(client, settings):
    """Found by the fuzz suite on PostgreSQL: a 300-character name overflowed axes' column (500)."""
    long = "x" * 300
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert attempt(client, long, "fel").status_code == 200
    assert attempt(client, long, "fel").status_code == 429
    assert AccessAttempt.objects.get().username == "x" * 150
