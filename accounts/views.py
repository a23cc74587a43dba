from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config.views import apply_service_errors, filters_from, paginate, querystring_without_page, require

from . import api_tokens as api_tokens_service
from . import policy, selectors, services, sessions
from .forms import (
    ApiTokenForm,
    LockoutLiftForm,
    PasswordConfirmForm,
    PasswordResetRequestForm,
    SecondFactorCodeForm,
    SecondFactorEnrolForm,
    UserCreateForm,
    UserFilterForm,
    UserForm,
)
from .models import ApiToken
from .qr import qr_svg_data_uri
from .tokens import invitation_tokens


@login_required
def user_list(request):
    require(policy.can_manage_users(request.user))
    form = UserFilterForm(request.GET or None)
    filters = filters_from(form) if form.is_bound else {}
    page = paginate(request, selectors.user_list(user=request.user, filters=filters))
    locked = selectors.locked_usernames(u.username for u in page)
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page, "qs": querystring_without_page(request), "locked": locked},
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
    context = {
        "form": form,
        "target": target,
        "second_factor": policy.has_second_factor(target),
        "second_factor_required": policy.second_factor_required(target),
        "locked": bool(selectors.locked_usernames([target.username])),
    }
    return render(request, "accounts/user_form.html", context)


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


# --- One's own account: the profile, password, second factor, sessions ------------------------------


@login_required
def profile(request):
    user = request.user
    started = request.session.get(sessions.AUTH_AT)
    context = {
        "role": policy.role_of(user),
        "second_factor": policy.has_second_factor(user),
        "second_factor_required": policy.second_factor_required(user),
        "can_turn_off": policy.can_turn_off_second_factor(user),
        "recovery_codes_left": selectors.recovery_codes_left(user=user),
        "session_ends_at": _from_timestamp(started + settings.SESSION_COOKIE_AGE) if started else None,
        "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
        "events": selectors.audit_events(user=user)[:10],
        "turn_off_form": PasswordConfirmForm(),
        "can_manage_webhooks": policy.can_manage_webhooks(user),
    }
    return render(request, "accounts/profile.html", context)


def _from_timestamp(seconds: float):
    return datetime.fromtimestamp(seconds, tz=UTC)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (the old password is asked); the change ends the user's other sessions, since
    the session hash includes the password, and is recorded."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user, by=self.request.user)
        messages.success(
            self.request, _("Your password is changed. Other sessions of yours have been logged out.")
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"

    def get_context_data(self, **kwargs):
        hours = max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
        return {**super().get_context_data(**kwargs), "hours": hours}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the reset e-mail (and, with ``invitation``, from the invitation)."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("login")
    invitation = False

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "invitation": self.invitation}

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, by=form.user, reset=not self.invitation)
        messages.success(self.request, _("Your password is saved. Log in with it."))
        return response


class InvitationAcceptView(PasswordResetConfirmView):
    token_generator = invitation_tokens
    invitation = True


def _next_url(request, default: str = "dashboard") -> HttpResponseRedirect:
    """Back to the page the login was for: a path on this site only, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return HttpResponseRedirect(target if safe and target.startswith("/") else reverse(default))


@login_required
@never_cache
def second_factor_verify(request):
    """The second step of a login: the code from the app, or a recovery code."""
    if not sessions.owes_second_factor(request):
        return _next_url(request)
    if not policy.has_second_factor(request.user):
        return redirect("accounts:second_factor_enrol")
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_check(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            sessions.second_factor_given(request, device)
            left = selectors.recovery_codes_left(user=request.user)
            if selectors.is_recovery_device(device):
                messages.warning(
                    request,
                    ngettext(
                        "You logged in with a recovery code. %(left)d code is left: "
                        "make new ones on your profile page.",
                        "You logged in with a recovery code. %(left)d codes are left: "
                        "make new ones on your profile page.",
                        left,
                    )
                    % {"left": left},
                )
            return _next_url(request)
        form.add_error("code", _("The code is wrong or has been used. Wait for the next code and try again."))
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/second_factor_verify.html", context)


@login_required
@never_cache
def second_factor_enrol(request):
    """Set up the app: scan the code (or type the key), confirm with a code, get recovery codes.
    A user who already has a second factor must have given it in this session to replace it."""
    if policy.has_second_factor(request.user) and sessions.owes_second_factor(request):
        return redirect("accounts:second_factor_verify")
    form = SecondFactorEnrolForm(request.POST if request.method == "POST" else None)
    device = None
    if request.method == "POST":
        if form.is_valid():
            try:
                device, codes = services.second_factor_confirm(
                    user=request.user, device_id=form.cleaned_data["device"], code=form.cleaned_data["code"]
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                sessions.second_factor_given(request, device)
                return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": True})
        # A wrong code: the same device again, with the error. A device gone (or never sent): a new one.
        device = selectors.pending_device(user=request.user, pk=form.cleaned_data.get("device"))
    expired = request.method == "POST" and device is None
    if device is None:
        device = services.second_factor_start(user=request.user)
        form = SecondFactorEnrolForm(initial={"device": device.pk})
    context = {
        "expired": expired,
        "form": form,
        "device": device,
        "qr": qr_svg_data_uri(device.config_url),
        "key": selectors.readable_key(device),
        "required": policy.second_factor_required(request.user),
        "replacing": policy.has_second_factor(request.user),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


@login_required
@require_POST
@never_cache
def recovery_codes_renew(request):
    try:
        codes = services.recovery_codes_renew(user=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("accounts:profile")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": False})


@login_required
@require_POST
def second_factor_turn_off(request):
    form = PasswordConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"password": _("Type your password.")})
        services.second_factor_turn_off(user=request.user, password=form.cleaned_data["password"])
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("The second factor is turned off."))
    return redirect("accounts:profile")


@login_required
@require_POST
def sessions_end(request):
    services.sessions_end(user=request.user)
    auth_logout(request)
    return render(request, "registration/logged_out_everywhere.html")


# --- For administrators: a user's second factor, lockouts -------------------------------------------


@login_required
@require_POST
def user_second_factor_reset(request, pk):
    require(policy.can_manage_users(request.user))
    target = selectors.user_get(user=request.user, pk=pk)
    services.second_factor_reset(by=request.user, user=target)
    messages.success(
        request, _("The second factor of %(user)s is removed and their sessions ended.") % {"user": target}
    )
    return redirect("accounts:user_edit", pk=target.pk)


@login_required
def lockouts(request):
    require(policy.can_manage_users(request.user))
    return render(
        request,
        "accounts/lockouts.html",
        {
            "lockouts": selectors.lockouts(user=request.user),
            "limit": settings.LOGIN_FAILURE_LIMIT,
            "limit_per_address": settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
            "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
        },
    )


@login_required
@require_POST
def lockout_lift(request):
    require(policy.can_manage_users(request.user))
    form = LockoutLiftForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for m in errors:
                messages.error(request, m)
        return redirect("accounts:lockouts")
    services.lockout_lift(by=request.user, **form.cleaned_data)
    messages.success(
        request,
        _("The lockout of %(who)s is lifted.")
        % {"who": form.cleaned_data["username"] or form.cleaned_data["ip_address"]},
    )
    target = selectors.user_by_username(user=request.user, username=form.cleaned_data["username"])
    if request.POST.get("back") == "user" and target is not None:
        return redirect("accounts:user_edit", pk=target.pk)
    return redirect("accounts:lockouts")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login attempt while the user name or address is locked out."""
    context = {"cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES}
    return render(request, "registration/locked_out.html", context, status=429)


# --- API tokens ---------------------------------------------------------------------------------------


NEW_TOKEN = "new_api_token"  # the session key that holds a new token's secret until it is shown


@never_cache
@login_required
def api_tokens(request):
    """Your API tokens, and a form to make one; an administrator sees everyone's. A new token's
    secret is kept in the (server-side) session only until the page after the redirect has shown
    it, once: it is not stored anywhere else and cannot be shown again, and reloading that page
    neither shows it again nor makes another token."""
    require(policy.can_have_api_tokens(request.user))
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = api_tokens_service.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            request.session[NEW_TOKEN] = {"name": made.token.name, "secret": made.secret}
            return redirect("accounts:api_tokens")
    tokens = policy.visible_api_tokens(request.user, ApiToken.objects.select_related("user", "revoked_by"))
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "made": request.session.pop(NEW_TOKEN, None) if request.method == "GET" else None,
            "tokens": paginate(request, tokens),
            "all_users": policy.is_admin(request.user),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = (
        policy.visible_api_tokens(request.user, ApiToken.objects.select_related("user")).filter(pk=pk).first()
    )
    if token is None:
        raise Http404
    require(policy.can_revoke_token(request.user, token))
    api_tokens_service.token_revoke(by=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")
