"""Seeing the routine checklist: a region's readiness overview, the matrix of a round (page, XLSX,
print), the trend over rounds, and the region's readiness plan with actions born of handlingsplaner.

Thin views: the access policy decides (``selectors.region_for``/``answer_for``/``action_for`` and
the rounds' ``round_for`` give 404 outside the user's regions; ``policy.can_manage_rounds`` gives 403
to those who may look but not change), ``selectors``, ``matrix`` and ``trends`` read, ``services``
writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import policy
from accounts.models import RoleName
from checklist.rounds.selectors import round_for
from config.history import history_entries
from config.views import apply_service_errors, require
from workspace.core.versioning import StaleEdit

from . import selectors, services
from .charts import readiness_chart
from .exports import matrix_xlsx as build_matrix_xlsx
from .figure import is_counted
from .forms import RegionalActionForm
from .matrix import round_matrix
from .models import RegionalAction
from .trends import region_list, region_rounds, region_trend, region_trend_overall


@login_required
@require_GET
def index(request):
    """Administrators choose a region; everyone else goes to their own region's overview, and an
    actor contact to their own organisation's answers."""
    user = request.user
    if policy.is_admin(user):
        return render(request, "checklist/readiness_index.html", {"regions": region_list()})
    region = selectors.home_region(user)
    if region is not None and policy.can_view_readiness(user, region):
        return redirect("checklist:overview", code=region.code)
    if policy.role_of(user) == RoleName.CONTACT:
        return redirect("checklist:my_rounds")
    raise PermissionDenied


def _region_context(request, region) -> dict:
    return {"region": region, "can_manage": policy.can_manage_rounds(request.user, region)}


@login_required
@require_GET
def overview(request, code):
    region = selectors.region_for(request.user, code)
    summaries = region_rounds(region)
    trend_steps = region_trend_overall(summaries)
    context = _region_context(request, region)
    context.update(
        {
            "rounds": list(reversed(summaries)),
            "steps": trend_steps,
            "latest": next((s for s in reversed(trend_steps) if s.figure is not None), None),
            "chart": readiness_chart(summaries, region_name=region.name),
            "open_actions": selectors.open_action_count(region),
        }
    )
    return render(request, "checklist/readiness_overview.html", context)


@login_required
@require_GET
def trends(request, code):
    region = selectors.region_for(request.user, code)
    trend = region_trend(region)
    context = _region_context(request, region)
    context.update({"trend": trend, "chart": readiness_chart(trend.rounds, region_name=region.name)})
    return render(request, "checklist/trends.html", context)


def _matrix_context(request, pk) -> dict:
    round_ = round_for(request.user, pk)
    return {
        "round": round_,
        "region": round_.region,
        "matrix": round_matrix(round_),
        "can_manage": policy.can_manage_rounds(request.user, round_.region),
    }


@login_required
@require_GET
def matrix(request, pk):
    return render(request, "checklist/matrix.html", _matrix_context(request, pk))


@login_required
@require_GET
def matrix_print(request, pk):
    context = _matrix_context(request, pk)
    context["printed"] = timezone.now()
    return render(request, "checklist/matrix_print.html", context)


@login_required
@require_GET
def matrix_xlsx(request, pk):
    context = _matrix_context(request, pk)
    round_ = context["round"]
    name = slugify(f"beredskap-{round_.region.name}-{round_.title}")[:80] or "beredskap"
    response = HttpResponse(
        build_matrix_xlsx(context["matrix"]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- The region's readiness plan ----------------------------------------------------------------


@login_required
@require_GET
def plan(request, code):
    region = selectors.region_for(request.user, code)
    context = _region_context(request, region)
    context.update({"actions": selectors.region_actions(region), "today": timezone.localdate()})
    return render(request, "checklist/plan.html", context)


def _warn_if_past(request, action: RegionalAction) -> None:
    if action.is_overdue():
        messages.warning(
            request, _("The due date has already passed; the action is shown as overdue in the plan.")
        )


@login_required
@require_http_methods(["GET", "POST"])
def action_from_answer(request, answer_pk):
    """A handlingsplan item (a submitted Delvis or Nej) becomes an action of the region's plan."""
    answer = selectors.answer_for(request.user, answer_pk)
    round_ = answer.participant.round
    region = round_.region
    require(policy.can_manage_rounds(request.user, region))
    matrix_url = reverse("checklist:matrix", args=[round_.pk])
    if not is_counted(answer) or not answer.needs_plan:
        messages.error(
            request,
            _("Only a submitted Partly or No can become an action: this answer is Yes.")
            if answer.value == "ja" and is_counted(answer)
            else _("Only a submitted Partly or No can become an action: this answer has not been submitted."),
        )
        return redirect(matrix_url)
    form = RegionalActionForm(
        request.POST or None,
        region=region,
        instance=RegionalAction(region=region, source_answer=answer),
        initial=selectors.suggested_action(answer) if request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE}
        try:
            action = services.action_from_answer(user=request.user, answer=answer, **fields)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("The action “%(title)s” is in the readiness plan.") % {"title": action.title}
            )
            _warn_if_past(request, action)
            return redirect(reverse("checklist:plan", args=[region.code]) + f"#action-{action.pk}")
    existing = list(answer.actions.order_by("pk").values("pk", "title"))
    return render(
        request,
        "checklist/plan_action_form.html",
        {
            "form": form,
            "region": region,
            "answer": answer,
            "round": round_,
            "existing": existing,
            "back_url": matrix_url,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    """Edit an action. A stale edit (someone saved a newer version since the form was opened) is
    refused and the newer version shown beside the user's values; saving again then knowingly
    replaces it."""
    action = selectors.action_for(request.user, pk)
    require(policy.can_manage_rounds(request.user, action.region))
    form = RegionalActionForm(request.POST or None, region=action.region, instance=action)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(
                user=request.user,
                action=form.instance,
                reason=form.cleaned_data.get("reason", ""),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale = True
            form.add_error(
                None,
                _(
                    "Someone else changed this action after you opened it. Look at it again, then make "
                    "your change."
                ),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The action is saved."))
            _warn_if_past(request, form.instance)
            return redirect(reverse("checklist:plan", args=[action.region.code]) + f"#action-{action.pk}")
    # The action and its history as stored, not the form's unsaved changes.
    stored = selectors.action_for(request.user, pk) if request.method == "POST" else action
    if stale:
        form.data = form.data.copy()
        form.data["version"] = stored.version  # a second save now knowingly replaces the newer version
    return render(
        request,
        "checklist/plan_action_form.html",
        {
            "form": form,
            "region": action.region,
            "action": stored,
            "newer": stored if stale else None,
            "answer": stored.source_answer,
            "round": stored.source_answer.participant.round if stored.source_answer else None,
            "entries": history_entries(stored),
            "back_url": reverse("checklist:plan", args=[action.region.code]),
        },
        status=400 if request.method == "POST" else 200,
    )
