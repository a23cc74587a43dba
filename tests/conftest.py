import pytest

from config.celery import app as celery_app
from outbox.services import forget_refusal


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.LANGUAGE_CODE = "sv"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
    # Ordinary tests run tasks in-process; tests of the real broker and workers say so themselves.
    eager, propagates = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    forget_refusal()  # a broker refused in one test is not refused in the next
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = eager, propagates
