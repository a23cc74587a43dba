"""The outbound webhooks' pages, mounted at /integrationer/webhooks/ (config/urls.py): the endpoints a
user manages, subscribing one (its secret shown once), one endpoint with its delivery log, and its
actions. Thin: the policy decides who may, ``api.services`` writes, ``api.webhooks`` sends."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import policy
from config.views import paginate, require

from . import services
from .forms import WebhookForm
from .models import EVENT_CHOICES, WebhookDelivery, WebhookEndpoint

NEW_SECRET = "new_webhook_secret"  # the session key that holds a new secret until it is shown


def _endpoints(user):
    return policy.visible_webhooks(user, WebhookEndpoint.objects.select_related("region", "owner"))


def _endpoint(user, pk) -> WebhookEndpoint:
    endpoint = _endpoints(user).filter(pk=pk).first()
    if endpoint is None:
        raise Http404
    return endpoint


@login_required
def endpoint_list(request):
    require(policy.can_manage_webhooks(request.user))
    return render(
        request, "api/webhook_list.html", {"endpoints": paginate(request, _endpoints(request.user))}
    )


@login_required
def endpoint_create(request):
    require(policy.can_manage_webhooks(request.user))
    form = WebhookForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        endpoint, secret = services.endpoint_create(
            user=request.user,
            endpoint=form.save(commit=False),
            municipalities=form.cleaned_data["municipalities"],
        )
        request.session[NEW_SECRET] = {"pk": endpoint.pk, "secret": secret}
        return redirect(endpoint)
    return render(request, "api/webhook_form.html", {"form": form, "new": True})


@login_required
def endpoint_edit(request, pk):
    require(policy.can_manage_webhooks(request.user))
    endpoint = _endpoint(request.user, pk)
    form = WebhookForm(request.POST or None, instance=endpoint, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.endpoint_update(
            user=request.user,
            endpoint=form.save(commit=False),
            municipalities=form.cleaned_data["municipalities"],
        )
        messages.success(request, _("The webhook is saved."))
        return redirect(endpoint)
    return render(request, "api/webhook_form.html", {"form": form, "endpoint": endpoint, "new": False})


@never_cache
@login_required
def endpoint_detail(request, pk):
    require(policy.can_manage_webhooks(request.user))
    endpoint = _endpoint(request.user, pk)
    shown = request.session.get(NEW_SECRET)
    secret = request.session.pop(NEW_SECRET)["secret"] if shown and shown.get("pk") == endpoint.pk else None
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    return render(
        request,
        "api/webhook_detail.html",
        {
            "endpoint": endpoint,
            "secret": secret,
            "places": list(endpoint.municipalities.order_by("name")),
            "event_choices": EVENT_CHOICES,
            "deliveries": paginate(request, deliveries),
        },
    )


@login_required
@require_POST
def endpoint_action(request, pk, action):
    require(policy.can_manage_webhooks(request.user))
    endpoint = _endpoint(request.user, pk)
    if action == "rotate":
        secret = services.endpoint_rotate(user=request.user, endpoint=endpoint)
        request.session[NEW_SECRET] = {"pk": endpoint.pk, "secret": secret}
        messages.success(request, _("A new secret is made; the old one still signs for 24 hours."))
    elif action == "on":
        services.endpoint_set_active(user=request.user, endpoint=endpoint, active=True)
        messages.success(request, _("The webhook is on."))
    elif action == "off":
        services.endpoint_set_active(user=request.user, endpoint=endpoint, active=False)
        messages.success(request, _("The webhook is off."))
    elif action == "delete":
        services.endpoint_delete(user=request.user, endpoint=endpoint)
        messages.success(request, _("The webhook is removed."))
        return redirect("webhooks:list")
    else:
        raise Http404
    return redirect(endpoint)


@login_required
@require_POST
def delivery_redeliver(request, pk, delivery_pk):
    require(policy.can_manage_webhooks(request.user))
    endpoint = _endpoint(request.user, pk)
    delivery = (
        WebhookDelivery.objects.filter(endpoint=endpoint, pk=delivery_pk).select_related("endpoint").first()
    )
    if delivery is None:
        raise Http404
    try:
        services.delivery_redeliver(user=request.user, delivery=delivery)
    except PermissionDenied:
        messages.error(request, _("Turn the webhook on first."))
    else:
        messages.success(request, _("The event is sent again."))
    return redirect(endpoint)
