"""The education supply's pages: the register, one offering, adding and changing one, its history.
Thin: the policy decides who may (accounts/policy.py), the selectors read, the services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import policy
from config.history import history_entries
from config.views import apply_service_errors, filters_from, paginate, querystring_without_page, require

from ..reference import sun_fields
from . import selectors, services
from .forms import OfferingEditForm, OfferingFilterForm
from .models import Offering


@login_required
def offering_list(request):
    require(policy.can_view_offerings(request.user))
    form = OfferingFilterForm(request.GET or None, user=request.user)
    filters = filters_from(form) if form.is_bound else {}
    page = paginate(request, selectors.offering_list(user=request.user, filters=filters))
    return render(
        request,
        "competence/offering_list.html",
        {
            "form": form,
            "page": page,
            "qs": querystring_without_page(request),
            "filtered": bool(filters),
            "can_add": policy.can_add_offering(request.user),
        },
    )


@login_required
def offering_detail(request, pk):
    offering = selectors.offering_get(user=request.user, pk=pk)
    return render(
        request,
        "competence/offering_detail.html",
        {
            "offering": offering,
            "can_edit": policy.can_edit_offering(request.user, offering),
            "sun_name": sun_fields().get(offering.sun_field, ""),
        },
    )


def _form_page(request, offering: Offering, *, new: bool):
    form = OfferingEditForm(
        request.POST if request.method == "POST" else None, instance=offering, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.offering_save(
                user=request.user,
                offering=form.save(commit=False),
                occupations=form.cleaned_data["occupations"],
                reason=form.cleaned_data.get("change_reason", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The offering “%(name)s” is saved.") % {"name": saved.name})
            return redirect("supply:offering_detail", saved.pk)
    return render(request, "competence/offering_form.html", {"form": form, "offering": offering, "new": new})


@login_required
def offering_create(request):
    require(policy.can_add_offering(request.user))
    return _form_page(request, Offering(), new=True)


@login_required
def offering_edit(request, pk):
    offering = selectors.offering_get(user=request.user, pk=pk)
    require(policy.can_edit_offering(request.user, offering))
    return _form_page(request, offering, new=False)


@login_required
def offering_history(request, pk):
    offering = selectors.offering_get(user=request.user, pk=pk)
    return render(
        request,
        "history.html",
        {"object": offering, "entries": history_entries(offering), "back_url": offering.get_absolute_url()},
    )
