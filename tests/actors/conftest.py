import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests create hundreds of users; the production hasher would make the suite crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
