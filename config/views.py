"""Project-wide pages and the small helpers every app's views share."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.forms import Form
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """One page of ``queryset``: the count query plus the page query, whatever the size."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def filters_from(form: Form) -> dict:
    """The cleaned filters of a bound filter form; bad filter values are dropped, not fatal."""
    if form.is_valid():
        return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return {k: v for k, v in form.cleaned_data.items() if k not in form.errors and v not in (None, "")}


def apply_service_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError onto the form, field by field where it can."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


@login_required
def dashboard(request):
    from establishments.selectors import dashboard as dashboard_data

    return render(request, "dashboard.html", dashboard_data(user=request.user))


@login_required
def search(request):
    from actors.selectors import organisation_list, person_list
    from establishments.selectors import case_list, signal_list

    q = request.GET.get("q", "").strip()[:100]
    results = {}
    if len(q) >= 2:
        results = {
            "cases": list(case_list(user=request.user, filters={"q": q})[:20]),
            "signals": list(signal_list(user=request.user, filters={"q": q})[:20]),
            "organisations": list(organisation_list(user=request.user, filters={"q": q})[:20]),
            "people": list(person_list(user=request.user, filters={"q": q})[:20]),
        }
    return render(request, "search.html", {"q": q, "results": results, "too_short": 0 < len(q) < 2})


@require_GET
def health(request):
    """For monitoring: is the database answering?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        ok = True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        ok = False
    return JsonResponse({"database": "ok" if ok else "error"}, status=200 if ok else 503)
