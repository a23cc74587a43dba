"""Moment 5 of the guide: the action plan (from nuläge to börläge) and commitments (åtaganden)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from establishments.slots import CASE_TABS, CaseTab
    from workspace.core import kinds

    from . import selectors, services, views
    from .forms import ActionForm

    CASE_TABS.register(
        CaseTab(
            "action_plan",
            _("Action plan"),
            "workspace:action_plan",
            5,
            selectors.action_plan_progress,
            facts=selectors.action_plan_facts,
        ),
        order=5,
    )
    kinds.register(
        kinds.ItemKind(
            form=ActionForm,
            tab="workspace:action_plan",
            template=views.ITEM_TEMPLATE,
            records=lambda user, case: selectors.action_list(user=user, case=case),
            save=lambda user, action, version, reason: services.action_save(
                user=user, action=action, expected_version=version, reason=reason
            ),
            delete=lambda user, action, version: services.action_delete(
                user=user, action=action, expected_version=version
            ),
            reload_after_create=True,  # a new action belongs under its theme
            reload_after_delete=True,  # its theme may now be empty
        )
    )
