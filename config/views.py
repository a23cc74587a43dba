"""Project-wide pages and the small helpers every app's views share."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
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
@transaction.non_atomic_requests  # a request-wide transaction would need the database before the check
def health(request):
    """For monitoring: the database, and the alarm pipeline (broker, a worker running the beat's
    heartbeat, deliveries stuck in the outbox). 200 when all is well, 503 otherwise; never 500."""
    from alarms import selectors as alarm_selectors

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        database_ok = False
    try:
        pipeline = alarm_selectors.pipeline(use_cache=False)
    except Exception:  # noqa: BLE001 - the pipeline cannot be read (the database is down): unhealthy
        pipeline = None
    if pipeline is None:
        from config.celery import app

        mode = "eager" if app.conf.task_always_eager else None
        body = {
            "broker": mode or "error",
            "worker": mode or "stale",
            "worker_seen_at": None,
            "stuck_deliveries": None,
        }
    elif pipeline.eager:
        body = {"broker": "eager", "worker": "eager", "stuck_deliveries": pipeline.stuck}
    else:
        body = {
            "broker": "ok" if pipeline.broker_ok else "error",
            "worker": "ok" if pipeline.worker_ok else "stale",
            "stuck_deliveries": pipeline.stuck,
        }
    if pipeline is not None:
        body["worker_seen_at"] = pipeline.worker_seen_at.isoformat() if pipeline.worker_seen_at else None
    healthy = database_ok and pipeline is not None and pipeline.ok
    body = {"database": "ok" if database_ok else "error", **body}
    return JsonResponse(body, status=200 if healthy else 503)
