"""The filter forms of the lists and the query strings pages read (tests/fuzz/targets.py,
``GET_TARGETS``), with generated values: no server error, and a GET changes nothing."""

from __future__ import annotations

import pytest

from .engine import fuzz_target
from .targets import GET_TARGETS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", GET_TARGETS, ids=[t.id for t in GET_TARGETS])
def test_generated_query(client, world, target):
    fuzz_target(client, world, target)
