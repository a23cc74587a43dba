"""How the fuzz suite sends one generated input and what it checks of the answer.

Every input is sent through Django's test client to the real view, inside a savepoint that is rolled
back afterwards (``transaction.atomic`` + ``set_rollback``), so the examples of one test start from
the same database and leave nothing behind. For every answer:

- no server error: the client re-raises any exception a view lets escape
  (``raise_request_exception``), and a status of 500 or more fails the test too;
- no partial write: when the input was refused, the database is as it was. The SQL of the request
  is captured; every project table it wrote to (INSERT, UPDATE, DELETE) is read whole afterwards and
  compared with the same table once the savepoint is rolled back. A write a service undid itself
  (its own savepoint) is no partial write; one that stayed is.

Refused means: a status of 400 or more; a page shown again instead of a redirect (a non-htmx 200, the
form with its errors; targets that answer a success with 200 say so); an htmx answer showing an
error; or an error message (``messages.error``, or a warning without a success) on any answer,
redirects included.

``COUNTER`` adds up what the suite sent; tests/fuzz/conftest.py prints it at the end of the run and
tests/fuzz/test_total.py fails the run when a full run generated too few.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings as django_settings
from django.contrib import messages
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from .known import known_error
from .values import Shape, submission, sweep

# --- What the suite sent ------------------------------------------------------------------------


@dataclass
class Counter:
    inputs: int = 0  # generated inputs: the systematic ones (values.sweep) and hypothesis's examples
    responses: int = 0  # requests answered (an input may send more than one)
    server_errors: int = 0
    successes: int = 0  # inputs that were accepted and saved something
    known: int = 0  # inputs not sent: they cause a known server error (tests/fuzz/known.py)
    tests: set = field(default_factory=set)  # the fuzz tests that ran (tests/fuzz/test_total.py)


COUNTER = Counter()
MINIMUM_INPUTS = 10_000


def fuzz(examples: int, key: str):
    """The hypothesis settings of every fuzz test: ``examples`` inputs, reproducible (derandomized,
    and seeded by ``key`` so that each target of a parametrized test gets its own inputs), no example
    database on disk, no deadline (a request may take a while on a slow runner)."""

    def decorate(fn):
        fn = settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            print_blob=False,
            suppress_health_check=[
                HealthCheck.function_scoped_fixture,
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
                HealthCheck.filter_too_much,
            ],
        )(fn)
        return seed(zlib.crc32(key.encode()))(fn)

    return decorate


# --- The project's tables -------------------------------------------------------------------------

BASE_DIR = Path(django_settings.BASE_DIR).resolve()
# Written by a refused request by design: the log of who viewed a confidential case's page (every
# request to it is logged, whatever it then answers; establishments.decorators.case_page).
WRITE_ALLOWED = {"establishments_caseviewlog"}


def project_models() -> list:
    """Every model of the project's own apps (their history models included), not Django's or a
    library's."""
    result = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if BASE_DIR in path.parents and ".venv" not in path.parts:
            result += list(config.get_models())
    return sorted(result, key=lambda m: m._meta.db_table)


def project_tables() -> set[str]:
    return {m._meta.db_table for m in project_models()}


def state() -> tuple:
    """Every project table's row count and highest primary key, in one query: what a test compares
    before and after all its examples (nothing may leak from one example into the next)."""
    quote = connection.ops.quote_name
    parts = []
    for model in project_models():
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({pk}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


WRITE = re.compile(r'^(?:\d+ times: )?\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def written_tables(queries) -> set[str]:
    found = set()
    for query in queries:
        match = WRITE.match(query["sql"])
        if match:
            found.add(match.group(1).strip('"'))
    return found


def fingerprint(table: str) -> str:
    """Every row of a table, as a digest (the tables of the test world are small)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


# --- Sending one input ------------------------------------------------------------------------------

ERROR_MARKUP = ("message--error", "field--error", 'class="errors"', "errorlist")


def _queued_levels(response) -> list[int]:
    storage = getattr(response.wsgi_request, "_messages", None)
    return [m.level for m in getattr(storage, "_queued_messages", [])]


def refused(response, *, htmx: bool = False, ok_statuses: tuple[int, ...] = ()) -> bool:
    """Did the view refuse the input (see the module)?"""
    status = response.status_code
    levels = _queued_levels(response)
    if messages.ERROR in levels or (messages.WARNING in levels and messages.SUCCESS not in levels):
        return True
    if status in ok_statuses:
        return False
    if status >= 400:
        return True
    if 300 <= status < 400 or status == 204:
        return False
    if htmx:
        body = response.content.decode(errors="replace") if not response.streaming else ""
        return any(marker in body for marker in ERROR_MARKUP)
    return True  # a page shown again: the form with its errors


class Sender:
    """Sends inputs for one test, each in its own rolled-back savepoint (see the module)."""

    def __init__(self, client, label: str):
        client.raise_request_exception = True
        self.client = client
        self.label = label
        self.tables = project_tables()
        self._baseline: dict[str, str] = {}
        self.accepted = 0
        COUNTER.tests.add(label)

    def send(
        self,
        method: str,
        url: str,
        data=None,
        *,
        htmx=False,
        ok_statuses=(),
        raw=None,
        accepted=None,
        **extra,
    ):
        """One request (``method`` "get" or "post"); returns the response after its checks. A GET
        must leave the database as it was, whatever it answers; ``accepted(response)``, where given,
        says whether a POST was accepted (for pages that answer both with 200). None: the input was
        not sent, since it causes a known server error (tests/fuzz/known.py)."""
        if known_error(method, url, data if raw is None else None) is not None:
            COUNTER.known += 1
            return None
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                try:
                    if raw is not None:
                        response = self.client.post(
                            url, raw, content_type="application/x-www-form-urlencoded", **headers, **extra
                        )
                    else:
                        send = getattr(self.client, method)
                        response = send(url, data if data is not None else {}, **headers, **extra)
                except Exception:
                    COUNTER.server_errors += 1  # the view let an exception escape: a 500 in production
                    raise
            COUNTER.responses += 1
            if response.status_code >= 500:
                COUNTER.server_errors += 1
            assert response.status_code < 500, (self.label, url, response.status_code)
            written = (written_tables(queries.captured_queries) & self.tables) - WRITE_ALLOWED
            if method == "get":
                was_refused = True
            elif accepted is not None:
                was_refused = response.status_code >= 400 or not accepted(response)
            else:
                was_refused = refused(response, htmx=htmx, ok_statuses=ok_statuses)
            after = {table: fingerprint(table) for table in sorted(written)} if was_refused else {}
            transaction.set_rollback(True)
        if written and not was_refused:
            self.accepted += 1
            COUNTER.successes += 1
        changed = [table for table, digest in after.items() if digest != self._base(table)]
        assert not changed, (
            f"{self.label}: refused ({response.status_code}) but changed {changed}: a partial write",
            url,
        )
        return response

    def _base(self, table: str) -> str:
        if table not in self._baseline:
            self._baseline[table] = fingerprint(table)
        return self._baseline[table]


# --- Fuzzing one target -----------------------------------------------------------------------------


def with_query(url: str, query: dict) -> str:
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def fuzz_target(client, world: dict, target) -> Sender:
    """Send a target (tests/fuzz/targets.py) its systematic inputs (``values.sweep``), then generated
    ones up to ``target.examples`` in all: now and then as htmx, with another query string, or as a
    raw body with broken escapes. Afterwards every table is as before (``state``): nothing leaked
    from one input into the next."""
    if target.user is not None:
        client.force_login(world[target.user])
    url, shape = target.url(world), target.shape(world)
    query_shape = target.query(world) if target.query else Shape({}, {})
    sender = Sender(client, target.id)
    before = state()

    def send(data, query, htmx=False, raw=None):
        COUNTER.inputs += 1
        sender.send(
            target.method, with_query(url, query), data, htmx=htmx, ok_statuses=target.ok_statuses, raw=raw
        )

    budget = target.examples * 2 // 3
    query_budget = budget // 3 if query_shape.kinds else 0
    systematic = [(data, query_shape.valid) for data in sweep(shape, budget - query_budget)]
    systematic += [(shape.valid, query) for query in sweep(query_shape, query_budget)]
    for data, query in systematic:
        send(data, query)
    generated = max(target.examples - len(systematic), target.examples // 4)

    queries = (
        st.one_of(st.just(query_shape.valid), submission(query_shape)) if query_shape.kinds else st.just({})
    )

    @fuzz(generated, target.id)
    @given(
        data=submission(shape),
        query=queries,
        htmx=st.booleans() if target.htmx else st.just(False),
        raw=st.integers(0, 24) if target.method == "post" else st.just(1),
    )
    def run(data, query, htmx, raw):
        if raw == 0:  # now and then the body as bytes: broken percent-escapes, another encoding
            pairs = "&".join(f"{k}={v}" for k, v in data.items() if isinstance(v, str))
            send(None, query, htmx, raw=pairs.encode("latin-1", "replace") + b"&%ZZ=%C3%28&=&&x")
        else:
            send(data, query, htmx)

    run()
    assert state() == before, f"{target.id}: an input's changes outlived its savepoint"
    return sender
