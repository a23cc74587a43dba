from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.views import apply_service_errors, filters_from, paginate, querystring_without_page, require

from . import policy, selectors, services
from .forms import UserCreateForm, UserFilterForm, UserForm


@login_required
def user_list(request):
    require(policy.can_manage_users(request.user))
    form = UserFilterForm(request.GET or None)
    filters = filters_from(form) if form.is_bound else {}
    page = paginate(request, selectors.user_list(user=request.user, filters=filters))
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page, "qs": querystring_without_page(request)},
    )


@login_required
def user_create(request):
    require(policy.can_manage_users(request.user))
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        how = data.pop("how")
        password = data.pop("password") or None
        if how != "password":
            password = None
        try:
            user = services.user_create(by=request.user, password=password, invite=how == "invite", **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if how == "invite":
                messages.success(request, _("%(user)s is created and invited by e-mail.") % {"user": user})
            else:
                messages.success(request, _("%(user)s is created.") % {"user": user})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_edit(request, pk):
    require(policy.can_manage_users(request.user))
    target = selectors.user_get(user=request.user, pk=pk)
    initial = {
        "username": target.username,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": policy.assigned_role(target) or "",
        "organisation": target.organisation_id,
        "region": target.region_id,
        "municipality": target.municipality_id,
    }
    form = UserForm(request.POST or None, instance=target, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("username")
        try:
            services.user_update(by=request.user, user=target, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "target": target})


@login_required
@require_POST
def user_set_active(request, pk):
    require(policy.can_manage_users(request.user))
    target = selectors.user_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(by=request.user, user=target, active=active)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            (_("%(user)s is active again.") if active else _("%(user)s is deactivated.")) % {"user": target},
        )
    return redirect("accounts:user_list")
