"""The pages that belong to no one app: the dashboard, search across the apps, and ``/health/``.
The top layer, beside config.urls: it may name every app."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import policy, sessions
from actors.selectors import organisation_list, person_list
from alarms.health import selectors as alarm_health
from alarms.inbox import selectors as alarm_inbox
from checklist.rounds import selectors as round_selectors
from establishments.selectors import case_list, organisations_named, signal_list
from establishments.selectors import dashboard as dashboard_data
from workspace.plan import selectors as plan_selectors

ATTENTION_LIMIT = 10


def attention(user) -> dict:
    """What waits for the user, for the top of the start page: alarms their organisation has not
    answered, actions proposed to it, checklist rounds it has not submitted, and actions past due
    that the user or the organisation owns. Each list is narrowed by its app's selector (the
    access policy first) and costs a fixed number of queries, whatever the data."""
    alarms = list(alarm_inbox.awaiting_answer(user)[:ATTENTION_LIMIT])
    commitments = plan_selectors.commitments_to_accept(user=user, limit=ATTENTION_LIMIT)
    rounds = round_selectors.answers_due(user, limit=ATTENTION_LIMIT)
    overdue = plan_selectors.overdue_actions_for(user=user, limit=ATTENTION_LIMIT)
    today = timezone.localdate()
    for action in overdue:
        action.days_overdue = (today - action.due_date).days
    for participant in rounds:
        participant.days_left = (participant.round.deadline - today).days
    return {
        "alarms": alarms,
        "commitments": commitments,
        "rounds": rounds,
        "overdue": overdue,
        "empty": not (alarms or commitments or rounds or overdue),
    }


@login_required
def dashboard(request):
    """The start page: first what waits for the user (answerable right there or one click away),
    then the new signals, the user's cases and the recent changes."""
    context = dashboard_data(user=request.user)
    context["attention"] = attention(request.user)
    context["here"] = request.get_full_path()
    return render(request, "dashboard.html", context)


@login_required
def search(request):
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # PostgreSQL refuses a NUL
    results = {}
    if len(q) >= 2:
        named = organisations_named(q)  # the companies and senders with q in their name, asked once
        results = {
            # Only what the page shows of each: fewer joins to plan and to read.
            "cases": list(
                case_list(user=request.user, filters={"q": q}, named=named)
                .select_related(None)
                .select_related("lead_municipality")[:20]
            ),
            "signals": list(
                signal_list(user=request.user, filters={"q": q}, named=named)
                .select_related(None)
                .select_related("municipality")[:20]
            ),
            "organisations": list(organisation_list(user=request.user, filters={"q": q})[:20]),
            "people": list(person_list(user=request.user, filters={"q": q})[:20]),
        }
    return render(request, "search.html", {"q": q, "results": results, "too_short": 0 < len(q) < 2})


def _may_see_health_details(request) -> bool:
    """The details of /health/ are for operators: a monitor presenting ``HEALTH_TOKEN`` as a bearer
    token (the token path is off while the setting is empty), or a logged-in staff user
    (``is_staff`` or the Administrator role) whose session owes no second factor. Everyone else
    learns only ok or fail: what runs behind the site is no business of an anonymous caller."""
    token = getattr(settings, "HEALTH_TOKEN", "")
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    presented = presented.strip()
    bearer = bool(token) and scheme.lower() == "bearer" and bool(presented)
    if bearer and hmac.compare_digest(presented.encode(), token.encode()):
        return True
    try:  # the session and the user come from the database, which may be the thing that is down
        if sessions.owes_second_factor(request):
            return False
        return policy.can_see_operations(request.user)
    except Exception:  # noqa: BLE001 - a caller we cannot identify gets the anonymous answer
        return False


def _heartbeat_age(seen_at) -> int | None:
    return None if seen_at is None else max(0, int((timezone.now() - seen_at).total_seconds()))


@require_GET
@never_cache
@transaction.non_atomic_requests  # a request-wide transaction would need the database before the check
def health(request):
    """For monitoring: the database and the alarm pipeline (``alarms.health.selectors``: broker,
    the workers' heartbeat, late deliveries). 200 ``ok`` when all is well; 503 ``degraded`` while
    alarms cannot be delivered or are late, 503 ``fail`` while the database is down; never 500.
    Anonymous callers get the status only; the details (each reason by name) need
    ``_may_see_health_details``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        database_ok = False
    try:
        pipeline = alarm_health.pipeline(use_cache=False)
    except Exception:  # noqa: BLE001 - the pipeline cannot be read at all: nothing can be vouched for
        pipeline = alarm_health.Pipeline(eager=False, broker_ok=False, worker_ok=False, worker_seen_at=None)
    pipeline.database_ok = pipeline.database_ok and database_ok
    reasons = pipeline.reasons
    state = "ok" if not reasons else ("fail" if alarm_health.DATABASE_UNREACHABLE in reasons else "degraded")
    body = {"status": state}
    status = 200 if state == "ok" else 503
    if not _may_see_health_details(request):
        return JsonResponse(body, status=status)
    mode = "eager" if pipeline.eager else None
    body.update(
        reasons=reasons,
        database="ok" if pipeline.database_ok else "error",
        broker=mode or ("ok" if pipeline.broker_ok else "error"),
        worker=mode or ("ok" if pipeline.worker_ok else "stale"),
        worker_seen_at=pipeline.worker_seen_at.isoformat() if pipeline.worker_seen_at else None,
        heartbeat_age_seconds=_heartbeat_age(pipeline.worker_seen_at),
        delayed_deliveries=pipeline.delayed if pipeline.database_ok else None,
        oldest_waiting_seconds=pipeline.oldest_wait_seconds,
    )
    return JsonResponse(body, status=status)
