"""Moment 1's tab (målbild och förankring), and marking an actor engaged."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts import policy
from establishments.decorators import case_page
from establishments.models import CaseMember
from establishments.selectors import case_workspace_context
from workspace.core.services import member_save
from workspace.core.versioning import StaleEdit

from . import selectors
from .forms import EngagementForm


@case_page()
def goals(request, case):
    """The tab. Its create forms are fetched when their disclosure is opened (workspace/add_form.html)."""
    context = case_workspace_context(user=request.user, case=case, active_tab="goals")
    context.update(selectors.goals_context(user=request.user, case=case))
    return render(request, "workspace/goals.html", context)


@case_page(may=policy.can_edit_workspace)
@require_POST
def engagement_change(request, case, member_pk):
    """Mark an actor engaged, to be engaged, or informed (htmx or a plain form)."""
    member = get_object_or_404(CaseMember.objects.select_related("organisation"), case=case, pk=member_pk)
    form = EngagementForm(request.POST)
    error = None
    if form.is_valid():
        member.engagement = form.cleaned_data["engagement"]
        try:
            member = member_save(
                user=request.user,
                member=member,
                expected_version=form.cleaned_data["version"],
                reason=gettext_noop("Engagement changed"),
            )
        except StaleEdit as exc:
            member, error = exc.current, _("Someone else changed this actor meanwhile; shown as it is now.")
    else:
        error = _("Choose an engagement.")
    if request.htmx:
        return render(
            request,
            "workspace/goals.html#member",
            {"case": case, "m": member, "error": error, "can_edit": True},
        )
    if error:
        messages.error(request, error)
    return redirect("workspace:goals", case_pk=case.pk)
