"""Shared set-up of the alarm page tests (tests/alarms/*/test_views_*.py).

``world`` is the access harness's world (tests/test_access_harness.py) with its alarms
(tests/alarms/harness_world.py): the region-24 roster's only organisation is ``member_org``, whose
primary contact is the ``contact`` user.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alarms.raising.services import alarm_raise
from tests import factories as f
from tests import test_access_harness
from tests.alarms.harness_world import alarm_world

world = test_access_harness.world  # the harness's world, a fixture of the alarm page tests

SECRETS = ("Hemligt namn", "Projekt Nordljus", "Hemlig fabrik")


@pytest.fixture
def aw(world):
    return alarm_world(world)


def count_queries(client, url, method="get", data=None, status=200) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == status, (url, response.status_code)
    return len(ctx.captured_queries)


def grow_roster(n: int, region_code: str = "24") -> list:
    """n more organisations on the region's roster, each with a primary and a deputy by e-mail."""
    return [f.roster_entry(region_code) for _ in range(n)]


def raise_alarm(user, municipality_code="2482", kind="etablering", message="Batterifabrik söker mark", **kw):
    return alarm_raise(
        user=user, municipality=f.municipality(municipality_code), kind=kind, message=message, **kw
    )
