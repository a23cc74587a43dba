"""Helpers the browser tests share: logging in through the form, screenshots, axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENS = ARTIFACTS / "screens"
PASSWORD = "test-pass-123"  # tests/factories.py: UserFactory.password

# Every browser test: a real transaction, because the live server answers from another thread and
# must see the test's data. (conftest.reference_data reloads what the flush between tests removes.)
browser_db = pytest.mark.django_db(transaction=True)


def login(page: Page, user, password: str = PASSWORD) -> Page:
    """Log in through the real login form; waits until the dashboard has loaded."""
    page.goto("/logga-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("form[action='/logga-ut/']")).to_have_count(1)
    return page


def session_login(page: Page, user, server_url: str) -> Page:
    """Log in without the form: a session made on the server, handed to the browser as its cookie.

    For tests about a page rather than about logging in; it saves the second the form takes.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server_url}])
    return page


def save_screen(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


SERIOUS = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict]:
    """Every axe-core violation on the page as it is now (rule id, impact, nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v.get("impact") in SERIOUS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v.get('help')}")
        for node in v.get("nodes", [])[:8]:
            summary = (node.get("failureSummary") or "").strip().splitlines()
            lines.append(f"    {node.get('target')}: {summary[-1].strip() if summary else ''}")
    return "\n".join(lines)


def check_axe(page: Page, label: str) -> None:
    violations = axe_violations(page)
    bad = serious(violations)
    minor = ", ".join(f"{v['id']} ({v.get('impact')})" for v in violations if v not in bad)
    print(f"axe {label}: {len(violations)} violation(s), {len(bad)} serious/critical. {minor}")
    assert not bad, (
        f"axe finds serious/critical violations on {label} ({page.url}):\n{describe_violations(bad)}"
    )
