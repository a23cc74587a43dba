"""The fuzz suite's world, built once for the whole folder, and its report.

``fuzz_world`` builds the suite's shared world (tests/world.py) with every area's layer and the
fuzz suite's own objects (tests/fuzz/targets.py) once, inside a transaction held open for the whole
folder and rolled back at its end; each test then runs in a savepoint of it (pytest-django's ``db``),
and each generated input in a savepoint of that (tests/fuzz/engine.py). Building the world per test
would cost about a second for each of the suite's hundred tests.

The test client records every template it renders, with a copy of its context, for
``response.context``; the fuzz suite reads no context, and on forms with long selects that
bookkeeping is a third of the time, so ``fast_templates`` switches it off for these tests.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.template.base import Template
from django.test.utils import _TestState, override_settings

from tests.world import build_world

from .engine import COUNTER
from .targets import fuzz_world as add_fuzz_layer


@pytest.fixture(scope="package")
def fuzz_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                w = add_fuzz_layer(build_world())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield w
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(fuzz_world, db):
    """In this folder, the shared world is built once (see the module); each test's changes are
    rolled back with its savepoint."""
    return fuzz_world


@pytest.fixture(autouse=True)
def fast_templates(monkeypatch):
    original = getattr(_TestState, "saved_data", None)
    if original is not None:
        monkeypatch.setattr(Template, "_render", original.template_render)


def pytest_terminal_summary(terminalreporter):
    if COUNTER.tests:
        terminalreporter.write_line(
            f"fuzz: {COUNTER.inputs} generated inputs, {COUNTER.responses} responses, "
            f"{COUNTER.server_errors} server errors ({COUNTER.successes} inputs accepted and saved; "
            f"{COUNTER.known} not sent: they cause a known server error, tests/fuzz/known.py)"
        )
