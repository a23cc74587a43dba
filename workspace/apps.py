from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The case workspace: its core (records, sharing, versions, the generic record endpoints) and
    the guide's moments 1, 3, 4 and 5 and the journal; moment 2 is the competence app."""

    name = "workspace"
    verbose_name = _("Case workspace")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import actor_map, goals, journal, plan, routes

        for moment in (goals, actor_map, routes, plan, journal):
            moment.register()
