"""What tests across the suite share: counting a page's queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, *, method: str = "get", data=None, status: int = 200, warm: bool = False,
                  **headers) -> int:  # fmt: skip
    """How many queries one request makes. ``warm`` asks once first, so caches a first request fills
    (content types, the session) are not counted; the answer must have ``status``."""
    send = getattr(client, method)
    args = (url,) if data is None else (url, data)
    if warm:
        send(*args, **headers)
    with CaptureQueriesContext(connection) as ctx:
        response = send(*args, **headers)
    assert response.status_code == status, (url, response.status_code)
    return len(ctx.captured_queries)


def queries_of(fn) -> int:
    """How many queries a call makes (a service, a selector)."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)
