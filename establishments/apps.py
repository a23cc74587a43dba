from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    """Signals and establishment cases: triage, phases, members, confidential grants, the view log,
    and the case page every higher app adds to (``slots``)."""

    name = "establishments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.slots import USER_CHANGED
        from actors.slots import ORGANISATION_ABOUT

        from . import access, selectors, slots  # noqa: F401 - declares the case page's slots

        USER_CHANGED.register(access.user_changed)

        def organisation_cases(request, organisation):
            return {"cases": selectors.organisation_cases(user=request.user, organisation=organisation)}

        ORGANISATION_ABOUT.register_section("establishments/organisation_cases.html", organisation_cases)
