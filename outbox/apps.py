from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The one way work is handed to Celery (``enqueue_on_commit``): every call is kept in the
    database, in the caller's transaction, until the broker has taken it."""

    name = "outbox"
    default_auto_field = "django.db.models.BigAutoField"
