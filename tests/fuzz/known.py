"""Server errors the fuzz suite found whose fix lies outside the fuzz suite's reach (another part of
the project is being changed there): until they are fixed, the inputs that cause them are not sent
(``COUNTER.known`` counts them), so the rest of each target is still fuzzed.

Each entry names its regression test in tests/fuzz/test_regressions.py, marked ``xfail(strict=True)``:
once the bug is fixed that test passes, the strict mark fails the run, and the entry here and the
mark there are removed together. The conditions are narrow (the one field, the one kind of value),
so a new bug on the same page is still found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from django.urls import Resolver404, resolve


def _last(value) -> str:
    """The value a view reads with ``QueryDict.get``: the last of several."""
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else ""
    return "" if value is None else str(value)


def _values(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Known:
    """A known server error: the URL's name, and when an input causes it (method, query, data)."""

    url_name: str
    applies: Callable[[str, dict, dict, dict], bool]  # (method, query, data, url kwargs)
    regression: str  # the test in tests/fuzz/test_regressions.py


KNOWN: list[Known] = []  # none today: every server error the fuzz found is fixed


def known_error(method: str, url: str, data) -> Known | None:
    """The known server error this input would cause, if any."""
    parts = urlsplit(url)
    try:
        match = resolve(unquote(parts.path))
    except Resolver404:
        return None
    query = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        query.setdefault(key, []).append(value)
    data = data if isinstance(data, dict) else {}
    if method == "get":  # the test client sends a GET's data in the query string
        for key, value in data.items():
            query.setdefault(key, []).extend(_values(value))
        data = {}
    for entry in KNOWN:
        if entry.url_name == match.view_name and entry.applies(method, query, data, match.kwargs):
            return entry
    return None
