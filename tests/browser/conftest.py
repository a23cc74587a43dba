"""Fixtures for the browser tests: headless Chromium (Debian's) driven by Playwright against
pytest-django's live server.

Every test here is transactional (``helpers.browser_db``): the live server answers from another
thread and must see what the test wrote. A transactional test ends with a flush of every table,
which also empties the reference data the data migrations loaded. ``reference_data`` loads the
regions, municipalities and role groups again before each test (SSYK only on request: ``ssyk``).
(``serialized_rollback=True`` works as well, but costs about a second more per test: it re-saves
every row, content types and permissions included, one by one.)
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from .helpers import ARTIFACTS
from .helpers import login as _login

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
    thread with a running loop unless told this is fine (it is: the loop is Playwright's, not ours).

    Set only once a browser test runs, so `pytest -m "not browser"` keeps Django's check.
    """
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if old is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Regions, municipalities, the role groups and the routines, as the data migrations load them.

    After a flush the tables are empty, so the shipped CSVs go in with two bulk inserts (the
    migrations' idempotent loader, one upsert per row, takes a second on PostgreSQL); the first
    test of a run finds them already loaded by the migrations.
    """
    from django.contrib.auth.models import Group

    from accounts.models import RoleName
    from actors.models import Municipality, Region
    from actors.reference import load_geography, read_csv

    if Region.objects.exists():
        load_geography(Region, Municipality)
    else:
        regions = {
            r.code: r
            for r in Region.objects.bulk_create(
                [Region(code=row["code"], name=row["name"]) for row in read_csv("regions.csv")]
            )
        }
        Municipality.objects.bulk_create(
            [
                Municipality(code=row["code"], name=row["name"], region=regions[row["region_code"]])
                for row in read_csv("municipalities.csv")
            ]
        )
    for role in RoleName:
        Group.objects.get_or_create(name=role.value)
    _load_routines()


def _load_routines():
    """The guide's ten routines, as checklist's data migration loads them (a flush empties them)."""
    import importlib

    from django.apps import apps

    from checklist.models import Routine

    if not Routine.objects.exists():
        importlib.import_module("checklist.migrations.0002_load_routines").forwards(apps, None)


@pytest.fixture
def ssyk(reference_data):
    """SSYK 2012, for a test that needs occupations (half a second, so only on request)."""
    from competence.models import Occupation
    from competence.reference import load_ssyk

    load_ssyk(Occupation)


@pytest.fixture
def barometer(ssyk):
    """Arbetsförmedlingen's Yrkesbarometer, round 2026-1, as the migration ships it (a browser test
    empties the tables after it, as it does the occupations)."""
    from competence.barometer import importer
    from competence.models import BarometerRound

    if not BarometerRound.objects.filter(code="2026-1").exists():
        importer.load_shipped()


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

    The context asks for Swedish, as a Swedish browser would. Pages still open when a test fails
    are saved as screenshots in test-artifacts/.
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

    report = getattr(request.node, "rep_call", None)
    for i, context in enumerate(contexts):
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            for j, page in enumerate(context.pages):
                # A screenshot is a courtesy, never a second failure.
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{i}-{j}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    """A fresh page for the test, in its own browser context."""
    return new_page()


@pytest.fixture
def login():
    """``login(page, user)``: log in through the real form at /logga-in/."""
    return _login


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
