"""The URLconf of ``bench/pages.py``: the product's pages plus a trivial view to measure them against.

``/bench/trivial/`` runs one query and returns a short text, through the same middleware as every
page (session, authentication, CSRF, security headers): what is left is the page's own work.
"""

import time

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


def trivial(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return HttpResponse(f"ok {one}", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *product_urlpatterns]


class QueryTiming:
    """Reports, per request, the number of SQL queries, their time and the request's time in
    ``X-Bench-Queries``, ``X-Bench-Sql-Ms`` and ``X-Bench-Total-Ms``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        spent = [0, 0.0]

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += 1
                spent[1] += time.perf_counter() - started

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["X-Bench-Queries"] = str(spent[0])
        response["X-Bench-Sql-Ms"] = f"{spent[1] * 1000:.2f}"
        response["X-Bench-Total-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        return response
