from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The data-protection rights over what every other app stores: export and erasure of one person,
    retention of personal data, and the privacy page. The top layer: it reads every app, none reads it."""

    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from accounts import policy
        from accounts.slots import USER_ACTIONS
        from actors.slots import PERSON_ACTIONS

        # The beat schedule names the task; a worker must know it.
        from . import tasks  # noqa: F401

        def person_actions(request, person):
            if not policy.can_manage_personal_data(request.user):
                return None
            return {"person": person}

        # "Export data" and "Erase personal data" on a person's page, for administrators.
        PERSON_ACTIONS.register_section("privacy/person_actions.html", person_actions)

        def user_actions(request, target):
            if not policy.can_manage_personal_data(request.user):
                return None
            return {"target": target}

        # The same on a user's page (accounts:user_edit), for accounts without a registry entry too.
        USER_ACTIONS.register_section("privacy/user_actions.html", user_actions)
