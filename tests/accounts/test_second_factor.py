"""The second factor: TOTP with recovery codes, required by role (SECOND_FACTOR_REQUIRED_ROLES)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import sessions
from accounts.models import AuditEvent, RoleName
from tests import factories as f
from tests.helpers import count_queries, shows, sv

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-123"
VERIFY = reverse("accounts:second_factor_verify")
ENROL = reverse("accounts:second_factor_enrol")


@pytest.fixture(autouse=True)
def required_for_admins_and_coordinators(settings):
    settings.SECOND_FACTOR_REQUIRED_ROLES = [RoleName.ADMIN, RoleName.COORDINATOR]
    settings.SECOND_FACTOR_FOR_SUPERUSERS = True


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return response


def code_of(device: TOTPDevice, shift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=shift):06d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get(ENROL)
    device = page.context["device"]
    response = client.post(ENROL, {"device": device.pk, "code": code_of(device)})
    assert response.status_code == 200 and response.context["first"]
    return TOTPDevice.objects.get(pk=device.pk), response.context["codes"]


def test_a_coordinator_without_a_second_factor_must_set_one_up_before_anything_else(client):
    user = f.coordinator(username="samo")
    assert log_in(client, user).url == reverse("dashboard")
    response = client.get(reverse("establishments:case_list"))
    assert response.status_code == 302 and response.url.startswith(ENROL)
    htmx = client.get(reverse("establishments:case_list"), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(ENROL)
    page = client.get(ENROL)
    assert page.status_code == 200
    assert shows(
        page,
        sv(
            "Your role in Samhandla needs a second factor: besides the password, a code from an app on your "
            "phone. Set it up once; it takes two minutes."
        ),
    )
    assert page.context["qr"].startswith("data:image/svg+xml;base64,")
    device, codes = enrol(client)
    assert device.confirmed and len(codes) == 10
    assert client.get(reverse("establishments:case_list")).status_code == 200
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SECOND_FACTOR_ENROLLED, user=user).count() == 1


def test_a_wrong_code_does_not_set_it_up(client):
    user = f.admin(username="chef")
    log_in(client, user)
    device = client.get(ENROL).context["device"]
    wrong = f"{(int(code_of(device)) + 1) % 1000000:06d}"
    for bad in (wrong, "", "abcdef", "1" * 40):
        response = client.post(ENROL, {"device": device.pk, "code": bad})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("dashboard")).url.startswith(ENROL)
    # A device id that is not the user's own unconfirmed one is refused, nothing confirmed.
    other = TOTPDevice.objects.create(user=f.official(), name="x", confirmed=False)
    response = client.post(ENROL, {"device": other.pk, "code": code_of(other)})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_the_next_login_asks_for_the_code_and_a_wrong_one_is_refused(client):
    user = f.coordinator(username="samo")
    log_in(client, user)
    device, _ = enrol(client)
    client.post(reverse("logout"))
    again = Client()
    log_in(again, user)
    assert again.get(reverse("dashboard")).url.startswith(VERIFY)
    wrong = again.post(VERIFY, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert again.get(reverse("dashboard")).url.startswith(VERIFY)
    # django-otp throttles the device after a wrong code; the next right code is accepted once it allows.
    unthrottled = {"throttling_failure_count": 0, "throttling_failure_timestamp": None}
    TOTPDevice.objects.filter(pk=device.pk).update(**unthrottled)
    device = TOTPDevice.objects.get(pk=device.pk)
    # The code of the step after the enrolment's (used once, never again). Relative to the device's
    # drift: had the enrolment's request crossed a 30-second boundary, django-otp would have synced
    # the drift to -1 and a code one step past "now" would lie outside its window.
    ok = again.post(VERIFY, {"code": code_of(device, shift=device.drift + 1), "next": "/arenden/"})
    assert ok.status_code == 302 and ok.url == "/arenden/"
    assert again.get(reverse("dashboard")).status_code == 200


def test_a_recovery_code_works_once(client):
    user = f.admin(username="chef")
    log_in(client, user)
    _, codes = enrol(client)
    first = Client()
    log_in(first, user)
    response = first.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.status_code == 200 and SESSION_KEY in first.session
    assert first.get(reverse("dashboard")).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    second = Client()
    log_in(second, user)
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert second.get(reverse("dashboard")).url.startswith(VERIFY)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RECOVERY_CODE_USED, user=user).count() == 1


def test_an_official_logs_in_without_a_second_factor_and_may_choose_one(client):
    user = f.official(username="tjansteman")
    log_in(client, user)
    assert client.get(reverse("dashboard")).status_code == 200
    assert sessions.SECOND_FACTOR not in client.session
    enrol(client)
    later = Client()
    log_in(later, user)
    assert later.get(reverse("dashboard")).url.startswith(VERIFY)


def test_an_official_may_turn_it_off_with_the_password_a_coordinator_may_not(client):
    official = f.official()
    client.force_login(official)
    enrol(client)
    url = reverse("accounts:second_factor_turn_off")
    client.post(url, {"password": "fel"})
    assert TOTPDevice.objects.filter(user=official).exists()
    client.post(url, {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=official).exists()
    coordinator = f.coordinator()
    other = Client()
    other.force_login(coordinator)
    enrol(other)
    other.post(url, {"password": PASSWORD})
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_an_administrator_resets_a_lost_second_factor_which_is_recorded(client):
    user = f.coordinator(username="tappade")
    phone = Client()
    log_in(phone, user)
    enrol(phone)
    admin = f.admin()
    client.force_login(admin)
    session = client.session
    session[sessions.SECOND_FACTOR] = sessions.VERIFIED  # the administrator gave theirs
    session.save()
    page = client.get(reverse("accounts:user_edit", args=[user.pk]))
    assert shows(page, sv("Reset the second factor"))
    response = client.post(reverse("accounts:user_second_factor_reset", args=[user.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert phone.get(reverse("dashboard")).url.startswith(reverse("login"))  # the sessions ended
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SECOND_FACTOR_RESET)
    assert (event.by, event.user) == (admin, user)
    fresh = Client()
    log_in(fresh, user)
    assert fresh.get(reverse("dashboard")).url.startswith(ENROL)


@pytest.mark.parametrize("make", [f.coordinator, f.official, f.contact, f.reader])
def test_only_administrators_reset_a_second_factor(client, make, settings):
    settings.SECOND_FACTOR_REQUIRED_ROLES = []
    target = f.official()
    TOTPDevice.objects.create(user=target, name="app", confirmed=True)
    client.force_login(make())
    assert client.post(reverse("accounts:user_second_factor_reset", args=[target.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()
    assert not AuditEvent.objects.exists()


def test_the_django_admin_also_asks_for_the_second_factor(client):
    f.admin(username="chef")
    response = client.post(reverse("admin:login"), {"username": "chef", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).url.startswith(ENROL)


def test_new_recovery_codes_replace_the_old_ones(client):
    user = f.official()
    client.force_login(user)
    _, old = enrol(client)
    response = client.post(reverse("accounts:recovery_codes_renew"))
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=user).count() == 10


def test_recovery_codes_need_a_second_factor_first(client):
    user = f.official()
    client.force_login(user)
    response = client.post(reverse("accounts:recovery_codes_renew"), follow=True)
    assert shows(response, sv("Set up a second factor first."))
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_anonymous_callers_reach_no_second_factor_page(client):
    for url in (VERIFY, ENROL):
        assert client.get(url).url.startswith(reverse("login"))
    target = f.official()
    for url in (
        reverse("accounts:recovery_codes_renew"),
        reverse("accounts:second_factor_turn_off"),
        reverse("accounts:sessions_end"),
        reverse("accounts:user_second_factor_reset", args=[target.pk]),
    ):
        assert client.post(url).url.startswith(reverse("login"))


def test_the_verify_page_makes_the_same_queries_however_many_devices_exist(client):
    user = f.admin()
    log_in(client, user)
    enrol(client)
    client.post(reverse("logout"))
    log_in(client, user)
    one = count_queries(client, VERIFY, warm=True)
    for other in [f.official() for _ in range(10)]:
        TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    assert count_queries(client, VERIFY, warm=True) == one


def test_a_superuser_without_a_role_needs_it_too(client):
    f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.post(reverse("login"), {"username": "root", "password": PASSWORD})
    assert client.get(reverse("admin:index")).url.startswith(ENROL)
