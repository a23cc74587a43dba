from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        # The schema's authentication extensions, and the listener of the events (config.events).
        from . import schema, webhooks  # noqa: F401
