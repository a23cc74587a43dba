"""``/metrics``: the alarm chain in Prometheus' text format (alarms.health.metrics), for operators.

Who may read it is who may read the details of ``/health/`` (``config.pages._may_see_health_details``):
a scraper presenting ``HEALTH_TOKEN`` as a bearer token, or a logged-in staff user whose session
owes no second factor. A logged-in user who may not gets 403; anyone else 401 with
``WWW-Authenticate: Bearer``, never the login page (a scraper cannot log in). The top layer, beside
config.pages.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from prometheus_client import CONTENT_TYPE_LATEST

from alarms.health import metrics as alarm_metrics
from config.pages import _may_see_health_details

logger = logging.getLogger(__name__)

TEXT = "text/plain; charset=utf-8"


def _logged_in(request) -> bool:
    try:  # the session lives in the database, which may be the thing that is down
        return request.user.is_authenticated
    except DatabaseError:
        return False


def _refused(request) -> HttpResponse:
    if _logged_in(request):
        raise PermissionDenied
    response = HttpResponse(
        _(
            "These metrics are for monitoring: send the monitoring token as “Authorization: Bearer …”, "
            "or log in with a staff account."
        ),
        status=401,
        content_type=TEXT,
    )
    response["WWW-Authenticate"] = 'Bearer realm="Samhandla"'
    return response


@require_http_methods(["GET", "HEAD"])
@never_cache
@transaction.non_atomic_requests  # a request-wide transaction would need the database before the check
def metrics(request):
    if not _may_see_health_details(request):
        return _refused(request)
    try:
        body = alarm_metrics.exposition()
    except DatabaseError:
        logger.warning("/metrics: the database does not answer", exc_info=True)
        return HttpResponse(_("The database does not answer: no metrics now."), status=503, content_type=TEXT)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
