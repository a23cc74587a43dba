"""Outbound webhooks in a real browser: a coordinator subscribes a receiver to signals, copies the
secret shown once, sees a logged signal in the delivery log, turns the webhook off and on. The pages
pass axe, also on a phone."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from api.models import WebhookEndpoint
from establishments.services import signal_log
from tests import factories as f

from .helpers import browser_db, check_axe, session_login

pytestmark = pytest.mark.browser


@browser_db
@override_settings(EGRESS_ALLOW_INTERNAL_HOSTS=["localhost"])
def test_a_coordinator_subscribes_a_receiver_and_reads_its_log(page: Page, live_server):
    coordinator = f.coordinator("24")
    page = session_login(page, coordinator, live_server.url)
    page.goto("/konto/")
    page.get_by_role("link", name=re.compile("^Webhooks")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    check_axe(page, "webhooks, none yet")
    page.get_by_role("link", name="Ny webhook").click()
    page.get_by_role("textbox", name=re.compile("^Beskrivning")).fill("Skellefteå kontaktcenter")
    page.get_by_role("textbox", name=re.compile("^Adress")).fill("https://localhost/hook")
    page.get_by_role("checkbox", name="En signal registreras").check()
    page.get_by_role("checkbox", name="Skellefteå").check()
    check_axe(page, "new webhook, filled in")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    endpoint = WebhookEndpoint.objects.get()
    expect(page.locator("#secret")).to_have_value(endpoint.secret)
    check_axe(page, "webhook, the secret shown once")

    signal_log(
        logged_by=f.official("2482"), municipality=f.municipality("2482"), subject="Fabrik, 300 jobb",
        summary="Söker mark.", channel="telefon", notify=False,
    )  # fmt: skip
    page.reload()
    expect(page.locator("#secret")).to_have_count(0)
    expect(page.locator("tbody")).to_contain_text("En signal registreras")
    with page.expect_navigation():
        page.get_by_role("button", name="Stäng av").click()
    expect(page.locator(".facts")).to_contain_text("Av")
    check_axe(page, "webhook, off")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_axe(page, "webhook, phone")
