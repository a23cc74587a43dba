import pytest


@pytest.fixture(autouse=True)
def _no_second_factor_step(settings):
    """These tests log administrators in with ``force_login``: the second factor is the accounts
    tests' subject (tests/accounts/test_second_factor.py), not theirs."""
    settings.SECOND_FACTOR_REQUIRED_ROLES = []
