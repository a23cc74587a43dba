"""Shared set-up of the alarm page tests (tests/alarms/*/test_views_*.py).

Their world is the shared one with its alarms, the ``aw`` fixture (tests/alarms/conftest.py).
"""

from __future__ import annotations

from alarms.raising.services import alarm_raise
from tests import factories as f


def raise_alarm(user, municipality_code="2482", kind="etablering", message="Batterifabrik söker mark", **kw):
    return alarm_raise(
        user=user, municipality=f.municipality(municipality_code), kind=kind, message=message, **kw
    )
