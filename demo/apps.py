from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``manage.py seed_demo``): invented people, companies and cases, in Swedish,
    created through the same services the pages use. The highest layer: it names every app."""

    name = "demo"
    default_auto_field = "django.db.models.BigAutoField"
