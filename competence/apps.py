from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    """Moment 2 of the guide (competence mapping) and the SSYK 2012 occupations it maps."""

    name = "competence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from actors.suggestions import SOURCES
        from establishments.slots import CASE_TABS, CaseTab
        from workspace.core import kinds

        from .suggestions import OCCUPATIONS

        # The occupations as a source of the search-as-you-type fields outside a case (the education
        # supply's forms and filters), answered by actors:suggest like the registry's own.
        SOURCES.setdefault(OCCUPATIONS.name, OCCUPATIONS)

        from . import selectors, views

        CASE_TABS.register(
            CaseTab(
                "competence",
                _("Competence mapping"),
                "competence:case_competence",
                2,
                selectors.competence_progress,
                facts=selectors.competence_facts,
            ),
            order=2,
        )
        for kind in views.KINDS:
            kinds.register(kind)
