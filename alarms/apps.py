from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlarmsConfig(AppConfig):
    name = "alarms"
    verbose_name = _("Alarm chain")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import policy
        from establishments.slots import CASE_ACTIONS, SIGNAL_ACTIONS

        # The chain hands its work to the outbox by task name ("alarms.tasks.deliver_batch"): the
        # services cannot import the tasks that call them, and only a worker autodiscovers tasks.
        # Imported here, the names are known in every process that enqueues (the web process too).
        from . import tasks  # noqa: F401

        def raise_from(about: str, municipality_of):
            def context(request, **arguments):
                record = arguments[about]
                if not policy.can_raise_alarm(request.user, municipality_of(record)):
                    return None
                return {"about": about, "pk": record.pk}

            return context

        # "Raise alarm" on a case's and a signal's page, for those who may raise it there.
        CASE_ACTIONS.register_section(
            "alarms/raise_button.html", raise_from("case", lambda c: c.lead_municipality)
        )
        SIGNAL_ACTIONS.register_section(
            "alarms/raise_button.html", raise_from("signal", lambda s: s.municipality)
        )
