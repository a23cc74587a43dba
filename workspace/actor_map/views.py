"""Moment 3's tab: the actor map of a case (its records are edited through workspace.core.views)."""

from __future__ import annotations

from django.shortcuts import render

from accounts import policy
from establishments.decorators import case_page
from establishments.selectors import case_workspace_context

from . import selectors

TEMPLATE = "workspace/actor_map.html"


@case_page()
def actor_map(request, case):
    context = case_workspace_context(user=request.user, case=case, active_tab="actor_map")
    context.update(selectors.actor_map_context(user=request.user, case=case))
    # A member organisation's contacts see the case: adding one is managing its access.
    context["can_add_member"] = policy.can_manage_access(request.user, case)
    if request.htmx and request.GET.get("fragment") == "overview":
        return render(request, f"{TEMPLATE}#overview", context)
    return render(request, TEMPLATE, context)
