"""The routines' wording: the list of routines with their versions, and rewording or adding one.

Thin views: the policy decides who may do what (accounts/policy.py), the selectors read, the
services write.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import policy
from config.views import apply_service_errors, require

from . import selectors, services
from .forms import RoutineForm


@login_required
def routine_list(request):
    return render(
        request,
        "checklist/routine_list.html",
        {"rows": selectors.routine_rows(), "can_revise": policy.can_revise_routines(request.user)},
    )


def _routine_form_page(request, *, routine=None):
    initial = {"text_sv": routine.text_sv, "text_en": routine.text_en} if routine else None
    form = RoutineForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if routine is None:
                saved = services.routine_add(user=request.user, **form.cleaned_data)
                messages.success(request, _("Routine %(n)d is added.") % {"n": saved.number})
            else:
                saved = services.routine_revise(user=request.user, routine=routine, **form.cleaned_data)
                messages.success(
                    request,
                    _("Routine %(n)d now reads as version %(v)d; the earlier wording is kept.")
                    % {"n": saved.number, "v": saved.version},
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(reverse("checklist:routine_list") + f"#routine-{saved.number}")
    return render(request, "checklist/routine_form.html", {"form": form, "routine": routine})


@login_required
def routine_revise(request, pk):
    require(policy.can_revise_routines(request.user))
    return _routine_form_page(request, routine=selectors.routine_get(pk=pk))


@login_required
def routine_add(request):
    require(policy.can_revise_routines(request.user))
    return _routine_form_page(request)
