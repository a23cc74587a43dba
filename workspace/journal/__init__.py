"""The journal of a case: meetings, decisions and their follow-ups (beside the guide's moments)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from establishments.slots import CASE_TABS, CaseTab
    from workspace.core import kinds

    from .forms import FollowUpForm, JournalEntryForm

    CASE_TABS.register(CaseTab("journal", _("Journal"), "workspace:journal"), order=90)
    kinds.register(
        kinds.ItemKind(
            form=JournalEntryForm,
            tab="workspace:journal",
            template="workspace/journal.html#journalentry",
            item_tag="li",
        )
    )
    # A new follow-up belongs under its journal entry: the page reloads.
    kinds.register(
        kinds.ItemKind(
            form=FollowUpForm,
            tab="workspace:journal",
            template="workspace/journal.html#followup",
            item_tag="li",
            reload_after_create=True,
        )
    )
