"""Fixtures for the browser tests: headless Chromium (Debian's) driven by Playwright against
pytest-django's live server.

Every test here is transactional (the live server runs in another thread and must see the test's
data), so it also asks for ``serialized_rollback``: Django then restores the reference data that the
data migrations loaded (regions, municipalities, SSYK, the role groups) before each test, instead of
leaving the flushed, empty tables behind.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told this is fine (it is: the loop is Playwright's, not ours).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from .helpers import ARTIFACTS  # noqa: E402
from .helpers import login as _login  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hash the factories' passwords cheaply: the login form still checks them for real, but a
    browser test then spends its time in the browser rather than in PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """A factory of fresh pages, each in its own browser context (its own cookies): one per user.

    The context asks for Swedish (as a Swedish browser would), so the app's default language shows.
    Pages that are still open when a test fails are saved as screenshots in test-artifacts/.
    """
    contexts = []

    def make(*, width: int = 1280, height: int = 900, locale: str = "sv-SE") -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for i, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{i}-{j}.png"), full_page=True)
                except Exception:  # noqa: BLE001 - a screenshot is a courtesy, never a second failure
                    pass
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture
def login():
    """``login(page, user)``: log in through the real form at /logga-in/."""
    return _login
