"""The journal tab: meetings and decisions, and their follow-ups."""

from __future__ import annotations

from django.shortcuts import render

from establishments.decorators import case_page
from establishments.selectors import case_workspace_context

from . import selectors
from .forms import JournalEntryForm


@case_page()
def journal(request, case):
    """The tab. Its create forms are fetched when their disclosure is opened (workspace/add_form.html);
    an empty journal shows the form of its first entry at once."""
    context = case_workspace_context(user=request.user, case=case, active_tab="journal")
    context.update(selectors.journal_context(user=request.user, case=case))
    if context["can_edit"] and not context["entries"]:
        context["entry_form"] = JournalEntryForm(case=case)
    return render(request, "workspace/journal.html", context)
