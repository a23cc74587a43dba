"""Moment 1 of the guide: målbild och förankring (shared goal and anchoring)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from establishments.slots import CASE_TABS, CaseTab
    from workspace.core import kinds

    from . import forms, selectors

    CASE_TABS.register(
        CaseTab(
            "goals",
            _("Shared goal and anchoring"),
            "workspace:goals",
            1,
            selectors.goals_progress,
            facts=selectors.goals_facts,
        ),
        order=1,
    )
    for form in (forms.ExpectationForm, forms.MilestoneForm, forms.ResourceForm):
        kinds.register(
            kinds.ItemKind(
                form=form,
                tab="workspace:goals",
                template=f"workspace/goals.html#{form._meta.model._meta.model_name}",
                item_tag="li",
            )
        )
