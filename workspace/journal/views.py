"""The journal tab: meetings and decisions, and their follow-ups."""

from __future__ import annotations

from django.shortcuts import render

from establishments.decorators import case_page
from establishments.selectors import case_workspace_context

from . import selectors
from .forms import FollowUpForm, JournalEntryForm

FORMS = {"journalentry": JournalEntryForm, "followup": FollowUpForm}


@case_page()
def journal(request, case):
    context = case_workspace_context(user=request.user, case=case, active_tab="journal")
    context.update(selectors.journal_context(user=request.user, case=case))
    if context["can_edit"]:
        context["forms"] = {kind: form(case=case) for kind, form in FORMS.items()}
    return render(request, "workspace/journal.html", context)
