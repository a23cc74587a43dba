from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ActorsConfig(AppConfig):
    """The actor registry: regions and municipalities, organisations, people, roles and mandates."""

    name = "actors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from config.sqlite import register_unicode_like

        from . import slots  # noqa: F401 - declares the registry pages' slots

        connection_created.connect(register_unicode_like, dispatch_uid="samhandla_unicode_like")
