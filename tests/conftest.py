import contextlib

import pytest
from django.utils import translation

from config.celery import app as celery_app
from outbox.services import forget_refusal
from tests.world import build_world


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "english: the test compares the English source texts (msgids): LANGUAGE_CODE is 'en' and English "
        "is active, unless the test is also marked swedish",
    )


@pytest.fixture(autouse=True)
def _test_settings(request, settings):
    settings.LANGUAGE_CODE = "sv"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
    # Ordinary tests run tasks in-process; tests of the real broker and workers say so themselves.
    eager, propagates = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    forget_refusal()  # a broker refused in one test is not refused in the next
    english = request.node.get_closest_marker("english") and not request.node.get_closest_marker("swedish")
    if english:
        settings.LANGUAGE_CODE = "en"
    with translation.override("en") if english else contextlib.nullcontext():
        yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = eager, propagates


@pytest.fixture
def world(db) -> dict:
    """The suite's shared users, cases and signals (tests/world.py); each area's objects are added
    on first use by its layer (e.g. ``tests.alarms.harness_world.alarm_world(world)``)."""
    return build_world()
