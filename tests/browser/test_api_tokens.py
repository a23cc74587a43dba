"""API tokens in a real browser: a coordinator makes a token on the account page, copies the secret
shown once, reads the cases through the API with it, and revokes it. The pages pass axe, also on a
phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories as f

from .helpers import browser_db, check_axe, session_login

pytestmark = pytest.mark.browser


@browser_db
def test_a_coordinator_makes_uses_and_revokes_a_token(page: Page, live_server):
    coordinator = f.coordinator("24")
    f.CaseFactory(coordinator=coordinator, name="Nordanvind battericellfabrik")
    page = session_login(page, coordinator, live_server.url)
    page.goto("/konto/")
    page.get_by_role("link", name="Hantera API-nycklar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-nycklar")
    check_axe(page, "API tokens, none yet")
    page.get_by_role("textbox", name=re.compile("^Namn")).fill("Kontaktcenter")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa nyckeln").click()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("smh_")
    expect(page.get_by_role("status")).to_contain_text("visas bara den här gången")
    check_axe(page, "API tokens, a new token")

    response = page.request.get(
        f"{live_server.url}/api/v1/cases/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status == 200 and response.json()["results"][0]["name"] == "Nordanvind battericellfabrik"

    page.reload()  # the secret is not shown again
    expect(page.locator("#new-token")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Återkalla")).click()
    expect(page.locator("tbody")).to_contain_text("Återkallad")
    response = page.request.get(
        f"{live_server.url}/api/v1/cases/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status == 401
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_axe(page, "API tokens, phone")
