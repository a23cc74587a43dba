"""Moment 4's tab (contact routes), verifying a route, and "En väg in" for the company.
Routes and steps are edited through workspace.core.views."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.models import Sharing
from establishments.decorators import case_page
from establishments.selectors import case_workspace_context
from workspace.core.versioning import StaleEdit

from . import selectors, services
from .models import ContactRoute, RouteStep
from .pdf import one_way_in_pdf

TEMPLATE = "workspace/contact_routes.html"


def routes_context(request, case) -> dict:
    """What the tab and every route's or step's fragment need besides the workspace context."""
    return {
        "show_internal": Sharing.INTERNAL in policy.sharing_levels_for(request.user, case),
        "left": set(),  # filled in as routes and steps are decorated
    }


def visible_routes(user, case):
    return policy.visible_items(user, case, ContactRoute.objects.all()).select_related(
        "first_contact__organisation"
    )


def visible_steps(user, case):
    """A step is read where its route is read too: it is no more shared than its route."""
    levels = policy.sharing_levels_for(user, case)
    return (
        policy.visible_items(user, case, RouteStep.objects.all())
        .select_related("route", "person__organisation")
        .filter(route__sharing__in=levels)
    )


def decorate_route(request, case, route: ContactRoute, context: dict) -> ContactRoute:
    """The route as the tab shows it: its visible steps, whether it is stale, who of its people left."""
    levels = policy.sharing_levels_for(request.user, case)
    route.visible_steps = list(
        RouteStep.objects.filter(route=route, sharing__in=levels).select_related("person__organisation")
    )
    _warnings, gone = selectors.contact_route_warnings([route])
    context["left"].update(gone)
    return route


def decorate_step(request, case, step: RouteStep, context: dict) -> RouteStep:
    context["route"] = step.route
    context["left"].update(selectors.people_who_left([step.person]))
    return step


def new_step(request, case) -> RouteStep:
    """A new step at the end of the chain of the route named by ``?route=``."""
    pk = request.GET.get("route", "")
    # isdecimal, not isdigit: "²" is a digit that no primary key is.
    route = visible_routes(request.user, case).filter(pk=pk).first() if pk.isdecimal() else None
    if route is None:
        raise Http404
    next_order = (route.steps.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return RouteStep(case=case, route=route, order=min(next_order, 99))


@case_page()
def contact_routes(request, case):
    context = case_workspace_context(user=request.user, case=case, active_tab="contact_routes")
    context.update(routes_context(request, case))
    context.update(selectors.contact_routes_context(user=request.user, case=case))
    if request.htmx and request.GET.get("fragment") == "warnings":
        return render(request, f"{TEMPLATE}#warnings", context)
    return render(request, TEMPLATE, context)


@case_page(may=policy.can_edit_workspace)
@require_POST
def route_verify(request, case, pk):
    """Mark a route as checked today: the people still answer, the numbers still work."""
    route = visible_routes(request.user, case).filter(pk=pk).first()
    if route is None:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        route = services.contact_route_verify(user=request.user, route=route, expected_version=version)
    except StaleEdit:
        messages.error(request, _("Someone else changed this route meanwhile. Check it again, then verify."))
        route = visible_routes(request.user, case).get(pk=pk)
    if request.htmx:
        context = case_workspace_context(user=request.user, case=case, active_tab="contact_routes")
        context.update(routes_context(request, case))
        decorate_route(request, case, route, context)
        return render(request, f"{TEMPLATE}#item", {**context, "item": route, "just_saved": True})
    messages.success(request, _("Marked as verified today."))
    return redirect("workspace:contact_routes", case_pk=case.pk)


@case_page()
def one_way_in(request, case):
    context = {"case": case, **selectors.one_way_in(user=request.user, case=case)}
    return render(request, "workspace/one_way_in.html", context)


@case_page()
def one_way_in_download(request, case):
    data = selectors.one_way_in(user=request.user, case=case)
    response = HttpResponse(one_way_in_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="en-vag-in-{case.pk}.pdf"'
    return response
