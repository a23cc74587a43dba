"""The last test of the folder (files run in name order): a full run of the fuzz suite generated at
least ``engine.MINIMUM_INPUTS`` inputs and met no server error. When only part of the suite ran (one
file, ``-k``), it skips and says so."""

from __future__ import annotations

import pytest

from .engine import COUNTER, MINIMUM_INPUTS
from .targets import GET_TARGETS, TARGETS

# The fuzz tests that generate inputs, by the label each gives its Sender.
LINKS = {"alarm_answer_link", "round_answer_link", "calendar_feed", "password_link"}
IMPORTS = {"import:organisations", "import:people"}
EVERY_FUZZ_TEST = {t.id for t in TARGETS} | {t.id for t in GET_TARGETS} | LINKS | IMPORTS


def test_the_full_run_generated_enough_inputs():
    missing = EVERY_FUZZ_TEST - COUNTER.tests
    if missing:
        pytest.skip(
            f"only part of tests/fuzz ran ({len(missing)} of {len(EVERY_FUZZ_TEST)} fuzz tests did not)"
        )
    assert COUNTER.server_errors == 0
    assert COUNTER.inputs >= MINIMUM_INPUTS, (
        f"{COUNTER.inputs} generated inputs; the suite promises {MINIMUM_INPUTS}"
    )
