"""Drill pages (the guide's workshop): list, start, the drill with every role's answers, close.

Thin views: who may do what is asked of ``accounts.policy``, writes go through ``services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from config.views import apply_service_errors, paginate, require

from . import selectors, services
from .forms import DrillAnswerForm, DrillMunicipalityForm, DrillStartForm


def _show_service_errors(request, form, exc: ValidationError) -> None:
    """Field errors go onto the form; the rest (the drill was closed meanwhile) become messages."""
    if hasattr(exc, "error_dict"):
        apply_service_errors(form, exc)
    else:
        for message in exc.messages:
            messages.error(request, message)


@login_required
def drill_list(request):
    return render(
        request,
        "checklist/drill_list.html",
        {
            "page": paginate(request, selectors.drill_list(user=request.user)),
            "can_start": bool(selectors.startable_municipalities(user=request.user)),
        },
    )


@login_required
def drill_start(request):
    """Step one (GET ``?municipality=``) chooses the municipality, which decides who may take part;
    step two (POST) names the scenario and the participants with their roles."""
    startable = selectors.startable_municipalities(user=request.user)
    require(bool(startable))
    if request.method == "POST":
        data = request.POST
    else:
        data = request.GET if "municipality" in request.GET else None
    chooser = DrillMunicipalityForm(data, municipalities=startable)
    form = municipality = None
    if chooser.is_bound and chooser.is_valid():
        municipality = chooser.cleaned_data["municipality"]
        candidates = selectors.drill_candidates(region=municipality.region)
        if request.method == "POST":
            form = DrillStartForm(request.POST, candidates=candidates)
            if form.is_valid():
                try:
                    drill = services.drill_start(
                        user=request.user,
                        municipality=municipality,
                        scenario=form.cleaned_data["scenario"],
                        participants=form.cleaned_data["participants"],
                    )
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("The drill is started. Its participants are told by e-mail."))
                    return redirect(drill)
        else:
            form = DrillStartForm(
                candidates=candidates, initial={"scenario": selectors.default_scenario(municipality)}
            )
    return render(
        request,
        "checklist/drill_start.html",
        {"chooser": chooser, "form": form, "municipality": municipality},
    )


def _detail(request, drill, answer_form=None, status=200):
    context = selectors.drill_detail_context(user=request.user, drill=drill)
    if context["can_answer"]:
        context["answer_form"] = answer_form or DrillAnswerForm(instance=context["own_answer"])
    return render(request, "checklist/drill_detail.html", context, status=status)


@login_required
def drill_detail(request, pk):
    return _detail(request, selectors.drill_get(user=request.user, pk=pk))


@login_required
@require_POST
def drill_answer(request, pk):
    """A participant's own answers; nobody answers for another (the row is the user's own)."""
    drill = selectors.drill_get(user=request.user, pk=pk)
    answer = selectors.own_answer(user=request.user, drill=drill)
    require(answer is not None)
    form = DrillAnswerForm(request.POST, instance=answer)
    if form.is_valid():
        try:
            services.drill_answer(
                user=request.user,
                drill=drill,
                contribution=form.cleaned_data["contribution"],
                approach=form.cleaned_data["approach"],
            )
        except ValidationError as exc:
            _show_service_errors(request, form, exc)  # e.g. the drill was closed meanwhile
        else:
            messages.success(request, _("Your answer is saved. You can change it while the drill is open."))
            return redirect(f"{drill.get_absolute_url()}#answers")
    return _detail(request, drill, answer_form=form)


@login_required
def drill_close(request, pk):
    drill = selectors.drill_get(user=request.user, pk=pk)
    require(policy.can_close_drill(request.user, drill))
    if request.method == "POST":
        try:
            services.drill_close(user=request.user, drill=drill)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The drill is closed. Its answers are kept, read-only."))
        return redirect(drill)
    context = selectors.drill_detail_context(user=request.user, drill=drill)
    return render(request, "checklist/drill_close.html", context)
