from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The data-protection rights over what every other app stores: export and erasure of one person,
    retention of personal data, and the privacy page. The top layer: it reads every app, none reads it."""

    name = "privacy"
    verbose_name = _("Privacy")
