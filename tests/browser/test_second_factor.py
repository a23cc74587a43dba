"""Logging in with a second factor in the browser: set-up, recovery codes, the code step, the
profile and the lockout page, axe-clean in Swedish and English, at desktop and phone width."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import RoleName
from tests import factories as f

from .helpers import PASSWORD, browser_db, check_axe, save_screen

pytestmark = [pytest.mark.browser, browser_db]


@pytest.fixture(autouse=True)
def required(settings):
    settings.SECOND_FACTOR_REQUIRED_ROLES = [RoleName.ADMIN, RoleName.COORDINATOR]


def code_now(user, drift: int = 0) -> str:
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def password_step(page: Page, user) -> None:
    page.goto("/logga-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def english(page: Page) -> None:
    with page.expect_navigation():
        page.locator("header button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_coordinator_sets_up_and_then_uses_the_second_factor(page: Page, width):
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    user = f.coordinator(username="samo", first_name="Sara", last_name="Samordnare")
    password_step(page, user)
    expect(page).to_have_url(re.compile(r"/konto/tvafaktor/"))
    page.goto("/arenden/")  # anything else leads back to the set-up
    expect(page).to_have_url(re.compile(r"/konto/tvafaktor/\?next="))
    expect(page.locator("main img[alt]")).to_be_visible()
    check_axe(page, f"second factor set-up ({width})")
    save_screen(page, f"second-factor-enrol-{width}")
    page.fill("#id_code", code_now(user))
    with page.expect_navigation():
        page.locator("main form button.button--primary").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    check_axe(page, f"recovery codes ({width})")
    save_screen(page, f"second-factor-codes-{width}")
    page.locator("main a.button--primary").click()
    expect(page).to_have_url(re.compile(r"/konto/$"))
    check_axe(page, f"profile ({width})")
    save_screen(page, f"profile-{width}")
    toggle = page.locator("header button.menu-toggle")
    if toggle.is_visible():  # on a phone "Log out" is behind "Menu"
        toggle.click()
    with page.expect_navigation():
        page.locator("header form[action='/logga-ut/'] button").click()
    password_step(page, user)
    expect(page).to_have_url(re.compile(r"/logga-in/kod/"))
    check_axe(page, f"second factor code ({width})")
    save_screen(page, f"second-factor-verify-{width}")
    page.fill("#id_code", code_now(user, drift=1))
    with page.expect_navigation():
        page.locator("main form button.button--primary").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("form[action='/logga-ut/']")).to_have_count(1)  # logged in (folded on a phone)


def test_the_second_factor_pages_in_english(page: Page):
    user = f.admin(username="chef")
    page.goto("/logga-in/")
    english(page)
    password_step(page, user)
    expect(page.locator("h1")).to_have_text("Set up a second factor")
    check_axe(page, "second factor set-up (en)")
    page.fill("#id_code", code_now(user))
    with page.expect_navigation():
        page.locator("main form button.button--primary").click()
    expect(page.locator("h1")).to_have_text("Your recovery codes")
    check_axe(page, "recovery codes (en)")
    page.goto("/konto/")
    expect(page.locator("h1")).to_have_text("My account")
    check_axe(page, "profile (en)")


def test_the_lockout_and_password_reset_pages(page: Page, settings):
    f.official(username="glomsk")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        page.goto("/logga-in/")
        page.fill("#id_username", "glomsk")
        page.fill("#id_password", "fel")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(re.compile("Inloggningen pausad|Login paused"))
    check_axe(page, "lockout")
    save_screen(page, "lockout")
    page.locator("main a[href='/losenord/glomt/']").click()
    check_axe(page, "password reset form")
    page.fill("#id_email", "glomsk@example.se")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/losenord/skickat/"))
    check_axe(page, "password reset sent")
