from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "establishments"
    default_auto_field = "django.db.models.BigAutoField"
