"""The probes' world, built once for the package inside a transaction that is rolled back after its
last test (so the rest of the suite never sees it), and a client logged in as each of its users."""

from __future__ import annotations

import logging
import os

import pytest
from django.db import transaction
from django.test import Client, override_settings

from config.celery import app as celery_app
from outbox.services import forget_refusal

from .machinery import RECORDER, Sender
from .world import build

SETTINGS = {
    "LANGUAGE_CODE": "sv",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@pytest.fixture(scope="package")
def probe_world(django_db_setup, django_db_blocker):
    eager, propagates = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    forget_refusal()
    request_log = logging.getLogger("django.request")
    level, request_log.level = request_log.level, logging.CRITICAL  # thousands of 403s and 404s
    with django_db_blocker.unblock(), override_settings(**SETTINGS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            pw = build()
            clients = {}
            for key, who in pw.users.items():
                client = Client(raise_request_exception=True)
                if who.pk is not None:
                    client.force_login(pw[key])
                clients[key] = client
            pw.clients = clients
            pw.sender = Sender(pw, clients)
            RECORDER.world = pw
            yield pw
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = eager, propagates
            request_log.level = level


def pytest_terminal_summary(terminalreporter):
    if RECORDER.results:
        terminalreporter.write_sep("=", "access probes")
        terminalreporter.write_line(RECORDER.summary(getattr(RECORDER, "world", None)))
        if path := os.environ.get("PROBES_REPORT"):  # every leak, over-denial and error, one a line
            with open(path, "w") as out:
                for result in RECORDER.all + RECORDER.list_results:
                    if result.leak or result.over_denial or result.error:
                        kind = "LEAK" if result.leak else "ERROR" if result.error else "OVER"
                        out.write(f"{kind} {result.probe.name} {result.line()}\n")
            terminalreporter.write_line(f"every finding, one a line: {path}")
