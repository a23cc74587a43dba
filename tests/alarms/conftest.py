"""What the alarm tests share: the shared world with its alarms, and a broker as in production."""

import pytest
from django.core.cache import cache

from config.celery import app as celery_app
from tests.alarms.harness_world import alarm_world


@pytest.fixture
def aw(world):
    """The shared world (tests/world.py) with its alarms (tests/alarms/harness_world.py): the
    region-24 roster's only organisation is ``member_org``, whose primary contact is ``contact``."""
    return alarm_world(world)


@pytest.fixture
def with_broker():
    """As in production: tasks go through a broker (the tests otherwise run them in-process)."""
    celery_app.conf.task_always_eager = False  # restored by tests/conftest.py
    cache.delete("alarms:pipeline")
    yield
