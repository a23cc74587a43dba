"""The pages that belong to no one app: the dashboard, search across the apps, and ``/health/``.
The top layer, beside config.urls: it may name every app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.selectors import organisation_list, person_list
from alarms.health import selectors as alarm_health
from config.celery import app as celery_app
from establishments.selectors import case_list, signal_list
from establishments.selectors import dashboard as dashboard_data


@login_required
def dashboard(request):
    return render(request, "dashboard.html", dashboard_data(user=request.user))


@login_required
def search(request):
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # PostgreSQL refuses a NUL
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
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        database_ok = False
    try:
        pipeline = alarm_health.pipeline(use_cache=False)
    except Exception:  # noqa: BLE001 - the pipeline cannot be read (the database is down): unhealthy
        pipeline = None
    if pipeline is None:
        mode = "eager" if celery_app.conf.task_always_eager else None
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
