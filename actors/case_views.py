"""The actor map (moment 3) and contact routes (moment 4) of a case, with "En väg in" for the company.

Thin views: the case comes from the policy-narrowed ``case_get``; reads from actors.case_selectors;
writes through actors.case_services; inline editing through config.inline.edit_item.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from config.inline import edit_item
from config.views import require
from establishments.models import CaseMember, Sharing, StaleEdit
from establishments.selectors import case_get, case_workspace_context
from establishments.services import case_record_view

from . import case_selectors as selectors
from . import case_services as services
from .case_forms import CaseMemberAddForm, CaseMemberForm, ContactRouteForm, RouteStepForm
from .case_pdf import one_way_in_pdf
from .models import ContactRoute, RouteStep

MAP_TEMPLATE = "actors/case_actor_map.html"
ROUTES_TEMPLATE = "actors/case_contact_routes.html"


def _case(request, case_pk, *, edit: bool = False):
    case = case_get(user=request.user, pk=case_pk)
    if edit:
        require(policy.can_edit_workspace(request.user, case))
    case_record_view(case=case, user=request.user, path=request.path)
    return case


# --- Moment 3: the actor map ------------------------------------------------------------------


@login_required
def actor_map(request, case_pk):
    case = _case(request, case_pk)
    context = case_workspace_context(user=request.user, case=case, active_tab="actor_map")
    context.update(selectors.actor_map_context(user=request.user, case=case))
    if request.htmx and request.GET.get("fragment") == "overview":
        return render(request, f"{MAP_TEMPLATE}#overview", context)
    return render(request, MAP_TEMPLATE, context)


@login_required
def actor_member_add(request, case_pk):
    case = _case(request, case_pk, edit=True)

    def save(obj, _version, reason):
        return services.case_member_add(
            user=request.user,
            case=case,
            organisation=obj.organisation,
            case_role=obj.case_role,
            engagement=obj.engagement,
        )

    return edit_item(
        request,
        case=case,
        item=CaseMember(case=case),
        form_class=CaseMemberAddForm,
        item_template=f"{MAP_TEMPLATE}#item",
        page_url=reverse("actors:actor_map", args=[case.pk]),
        save=save,
        context={
            **case_workspace_context(user=request.user, case=case, active_tab="actor_map"),
            "create_target": "#actor-list",
        },
    )


@login_required
def actor_member_edit(request, case_pk, pk):
    case = _case(request, case_pk, edit=request.method == "POST" or not request.GET.get("view"))
    member = get_object_or_404(
        CaseMember.objects.select_related("organisation", "contact", "deputy_contact"), case=case, pk=pk
    )
    return edit_item(
        request,
        case=case,
        item=member,
        form_class=CaseMemberForm,
        item_template=f"{MAP_TEMPLATE}#item",
        page_url=reverse("actors:actor_map", args=[case.pk]),
        save=lambda obj, version, reason: services.case_member_update(
            user=request.user, member=obj, expected_version=version, reason=reason
        ),
        context={
            **case_workspace_context(user=request.user, case=case, active_tab="actor_map"),
            "create_target": "#actor-list",
        },
    )


# --- Moment 4: contact routes -----------------------------------------------------------------


def _routes_context(request, case) -> dict:
    context = case_workspace_context(user=request.user, case=case, active_tab="contact_routes")
    context["show_internal"] = Sharing.INTERNAL in policy.sharing_levels_for(request.user, case)
    context["left"] = set()  # filled in as routes and steps are decorated (see _decorate)
    return context


@login_required
def contact_routes(request, case_pk):
    case = _case(request, case_pk)
    context = _routes_context(request, case)
    context.update(selectors.contact_routes_context(user=request.user, case=case))
    if request.htmx and request.GET.get("fragment") == "warnings":
        return render(request, f"{ROUTES_TEMPLATE}#warnings", context)
    return render(request, ROUTES_TEMPLATE, context)


def _visible_route(request, case, pk) -> ContactRoute:
    route = (
        policy.visible_items(request.user, case, ContactRoute.objects.all())
        .select_related("first_contact__organisation")
        .filter(pk=pk)
        .first()
    )
    if route is None:
        raise Http404
    return route


def _decorate(request, case, route: ContactRoute, left: set) -> ContactRoute:
    """The route as the tab shows it: its visible steps, whether it is stale, who of its people left."""
    levels = policy.sharing_levels_for(request.user, case)
    route.visible_steps = list(
        RouteStep.objects.filter(route=route, sharing__in=levels).select_related("person__organisation")
    )
    _warnings, gone = selectors.contact_route_warnings([route])
    left.update(gone)
    return route


def _decorated_save(request, case, left, **kwargs):
    def save(obj, version, reason):
        route = services.contact_route_save(
            user=request.user, route=obj, expected_version=version, reason=reason, **kwargs
        )
        return _decorate(request, case, route, left)

    return save


@login_required
def route_create(request, case_pk):
    case = _case(request, case_pk, edit=True)
    context = _routes_context(request, case)
    return edit_item(
        request,
        case=case,
        item=ContactRoute(case=case),
        form_class=ContactRouteForm,
        item_template=f"{ROUTES_TEMPLATE}#item",
        page_url=reverse("actors:contact_routes", args=[case.pk]),
        save=_decorated_save(request, case, context["left"]),
        context=context,
        reload_after_create=True,  # a new route belongs in its topic's group
    )


@login_required
def route_edit(request, case_pk, pk):
    case = _case(request, case_pk, edit=request.method == "POST" or not request.GET.get("view"))
    route = _visible_route(request, case, pk)
    context = _routes_context(request, case)
    _decorate(request, case, route, context["left"])  # for "cancel" and for a stale edit's comparison
    return edit_item(
        request,
        case=case,
        item=route,
        form_class=ContactRouteForm,
        item_template=f"{ROUTES_TEMPLATE}#item",
        page_url=reverse("actors:contact_routes", args=[case.pk]),
        save=_decorated_save(request, case, context["left"]),
        context=context,
    )


@login_required
@require_POST
def route_verify(request, case_pk, pk):
    case = _case(request, case_pk, edit=True)
    route = _visible_route(request, case, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        route = services.contact_route_verify(user=request.user, route=route, expected_version=version)
    except StaleEdit:
        messages.error(request, _("Someone else changed this route meanwhile. Check it again, then verify."))
        route = _visible_route(request, case, pk)
    if request.htmx:
        context = _routes_context(request, case)
        _decorate(request, case, route, context["left"])
        return render(request, f"{ROUTES_TEMPLATE}#item", {**context, "item": route, "just_saved": True})
    messages.success(request, _("Marked as verified today."))
    return redirect("actors:contact_routes", case_pk=case.pk)


def _step_save(request, left: set):
    def save(obj, version, reason):
        step = services.route_step_save(user=request.user, step=obj, expected_version=version, reason=reason)
        left.update(selectors.people_who_left([step.person]))
        return step

    return save


@login_required
def step_create(request, case_pk, route_pk):
    case = _case(request, case_pk, edit=True)
    route = _visible_route(request, case, route_pk)
    next_order = (route.steps.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    step = RouteStep(case=case, route=route, order=min(next_order, 99))
    context = {**_routes_context(request, case), "route": route}
    return edit_item(
        request,
        case=case,
        item=step,
        form_class=RouteStepForm,
        item_template=f"{ROUTES_TEMPLATE}#step",
        page_url=reverse("actors:contact_routes", args=[case.pk]),
        save=_step_save(request, context["left"]),
        context=context,
        reload_after_create=True,  # a new step belongs in its route's chain
    )


@login_required
def step_edit(request, case_pk, pk):
    case = _case(request, case_pk, edit=request.method == "POST" or not request.GET.get("view"))
    step = (
        policy.visible_items(request.user, case, RouteStep.objects.all())
        .select_related("route", "person__organisation")
        .filter(pk=pk, route__sharing__in=policy.sharing_levels_for(request.user, case))
        .first()
    )
    if step is None:
        raise Http404
    context = {**_routes_context(request, case), "route": step.route}
    context["left"].update(selectors.people_who_left([step.person]))
    return edit_item(
        request,
        case=case,
        item=step,
        form_class=RouteStepForm,
        item_template=f"{ROUTES_TEMPLATE}#step",
        page_url=reverse("actors:contact_routes", args=[case.pk]),
        save=_step_save(request, context["left"]),
        context=context,
    )


# --- En väg in ----------------------------------------------------------------------------------


@login_required
def one_way_in(request, case_pk):
    case = _case(request, case_pk)
    context = {"case": case, **selectors.one_way_in(user=request.user, case=case)}
    return render(request, "actors/case_one_way_in.html", context)


@login_required
def one_way_in_download(request, case_pk):
    case = _case(request, case_pk)
    data = selectors.one_way_in(user=request.user, case=case)
    response = HttpResponse(one_way_in_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="en-vag-in-{case.pk}.pdf"'
    return response
