"""Sending the probes and judging them.

A probe is one request: a URL, a method (GET, GET as htmx, POST), a user, and what the oracle
expects (allowed or denied). The response is judged by its status alone:

- allowed: 200, 204, 400 (the form or the service said no to the *data*: the check was passed),
  a redirect anywhere but to a login page (or, in Django's admin, its index: "does not exist");
- denied: 403, 404, 405, and the redirect of an anonymous user to the login page.

Every probe runs in a savepoint that is rolled back, so an allowed POST changes nothing for the next
one. A denied request must not have changed anything: the tables it wrote to (if any) are compared
with what they were before. And whatever the verdict, no response may show a marker of an object
the user may not read (tests/probes/world.py): a leak on a page that is rightly allowed (a list,
an export, a fragment, a history) is a leak all the same.

``leak``: the oracle says deny, the response allows, or a denied request changed something, or a
response shows what the user may not read. ``over-denial``: the oracle says allow, the response
denies (counted and reported apart; where the oracle is unsure, tests/probes/test_access_probes.py
says so). ``error``: an exception or a status that is neither.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.urls import reverse

from . import oracle
from .catalogue import ENTRIES, Entry, Target, url_of
from .catalogue import POST as POST_DEFAULTS
from .world import ProbeWorld

ALLOW = {200, 204, 400}
DENY = {403, 404, 405}
ADMIN_PREFIX = "/django-admin/"
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
IGNORED_TABLES = {"django_session"}
PRB = re.compile(r"PRB\d{4}")

ROLE_NAMES = {
    None: "anonymous",
    "admin": "Administratör",
    "coordinator": "Regional samordnare",
    "official": "Kommunal tjänsteman",
    "contact": "Aktörskontakt",
    "reader": "Läsare",
}


@dataclass(frozen=True)
class Probe:
    name: str  # URL name (or the admin view)
    url: str
    method: str  # GET, GET+htmx, POST
    who: str
    target: str
    expect: bool  # allowed?
    rule: str
    data: tuple = ()
    reader: str | None = None  # whose rights bound what the response may show (a feed's owner), if not who's


@dataclass
class Result:
    probe: Probe
    status: int | None
    verdict: str  # allow, deny, error
    problems: list[str] = field(default_factory=list)  # why it is a leak
    detail: str = ""

    @property
    def leak(self) -> bool:
        return bool(self.problems)

    @property
    def over_denial(self) -> bool:
        return self.probe.expect and self.verdict == "deny"

    @property
    def error(self) -> bool:
        return self.verdict == "error"

    def line(self) -> str:
        p = self.probe
        why = "; ".join(self.problems) or ("over-denial" if self.over_denial else self.detail)
        return f"{p.method:9} {p.url}  as {p.who}  [{p.target}]  -> {self.status} {self.verdict}: {why}"


class Recorder:
    """What the probes found, over the session (tests/probes/conftest.py prints the summary)."""

    def __init__(self):
        self.results: dict[str, list[Result]] = {}
        self.list_results: list[Result] = []
        self.seconds = 0.0

    def add(self, group: str, results: list[Result]) -> None:
        self.results[group] = results

    @property
    def all(self) -> list[Result]:
        return [r for rs in self.results.values() for r in rs]

    def summary(self, pw: ProbeWorld | None = None) -> str:
        results = self.all
        htmx = sum(r.probe.method == "GET+htmx" for r in results)
        lines = [
            f"access probes: {len(results)} requests ({htmx} htmx), "
            f"{len(self.list_results)} list/export checks, {len(self.results)} groups, {self.seconds:.1f}s; "
            f"leaks {sum(r.leak for r in results + self.list_results)}, "
            f"over-denials {sum(r.over_denial for r in results + self.list_results)}, "
            f"errors {sum(r.error for r in results)}"
        ]
        by_role: dict[str, Counter] = defaultdict(Counter)
        for r in results:
            role = ROLE_NAMES[pw.users[r.probe.who].role] if pw else r.probe.who
            c = by_role[role]
            c["probes"] += 1
            c[r.verdict] += 1
            c["leaks"] += r.leak
            c["over-denials"] += r.over_denial
        for role, c in sorted(by_role.items()):
            lines.append(
                f"  {role:22} {c['probes']:6} probes: {c['allow']:5} allowed, {c['deny']:5} denied, "
                f"{c['leaks']:3} leaks, {c['over-denials']:3} over-denials, {c['error']} errors"
            )
        return "\n".join(lines)


RECORDER = Recorder()


# --- Reading a response --------------------------------------------------------------------------


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # XLSX: the text is in the zipped XML
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                return "\n".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "replace")


def verdict_of(response, entry_allow=(), entry_deny=()) -> tuple[str, str]:
    status = response.status_code
    if status in entry_deny:
        return "deny", ""
    if status in ALLOW or status in entry_allow:
        return "allow", ""
    if status in DENY:
        return "deny", ""
    if status in (301, 302, 303):
        location = response.get("Location", "")
        if location.startswith(reverse("login")) or location.startswith(ADMIN_PREFIX + "login/"):
            return "deny", f"to {location.split('?')[0]}"
        if location == ADMIN_PREFIX:  # the admin's "does not exist (perhaps it was deleted)"
            return "deny", "to the admin's index"
        return "allow", f"to {location}"
    return "error", f"status {status}"


def _digest(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name from the SQL log
        rows = sorted(repr(row) for row in cursor.fetchall())
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


# --- Sending -------------------------------------------------------------------------------------


class Sender:
    """Sends probes as the world's users, each in a rolled-back savepoint."""

    def __init__(self, pw: ProbeWorld, clients: dict):
        self.pw = pw
        self.clients = clients
        self.forbidden = {key: self._forbidden(who) for key, who in pw.users.items()}

    def _forbidden(self, who) -> tuple[set[str], list[tuple[str, str]]]:
        coded, plain = set(), []
        for m in self.pw.markers:
            if not oracle.may_read_marker(self.pw, who, m.family, m.key):
                if PRB.fullmatch(m.text):
                    coded.add(m.text)
                else:
                    plain.append((m.text, m.key))
        return coded, plain

    def disclosed(self, who: str, text: str) -> list[str]:
        coded, plain = self.forbidden[who]
        found = [f"shows {m} ({self.marker_key(m)})" for m in sorted(set(PRB.findall(text)) & coded)]
        found += [f"shows {t!r} ({key})" for t, key in plain if t in text]
        return found

    def marker_key(self, text: str) -> str:
        return next((m.key for m in self.pw.markers if m.text == text), "?")

    def send(self, probe: Probe, allow_status=(), deny_status=(), changed=None) -> tuple[Result, str]:
        """Send one probe. ``changed`` (a callable), where given, decides the verdict instead of the
        status: asked before the rollback, it says whether the request changed what it aimed at."""
        client = self.clients[probe.who]
        headers = {"HTTP_HX_REQUEST": "true"} if probe.method == "GET+htmx" else {}
        cookies = {name: morsel.value for name, morsel in client.cookies.items()}
        written: set[str] = set()

        def note_writes(execute, sql, params, many, context):
            if m := WRITE.match(sql):
                written.add(m.group(1))
            return execute(sql, params, many, context)

        started = time.perf_counter()
        sid = transaction.savepoint()
        status, detail, text, altered = None, "", "", []
        try:
            with connection.execute_wrapper(note_writes):
                if probe.method == "POST":
                    response = client.post(probe.url, dict(probe.data), **headers)
                else:
                    response = client.get(probe.url, **headers)
            status = response.status_code
            verdict, detail = verdict_of(response, allow_status, deny_status)
            if changed is not None:
                verdict, detail = ("allow", "changed it") if changed() else ("deny", f"{status}, unchanged")
            text = body_text(response)
            written -= IGNORED_TABLES
            # Did the denied request leave a change behind? (Where ``changed`` judges, it judges alone:
            # the rest of an allowed form may well have been saved.)
            if verdict != "allow" and written and changed is None:
                after = {t: _digest(t) for t in written}
                transaction.savepoint_rollback(sid)
                sid = None
                altered = sorted(t for t in written if _digest(t) != after[t])
        except Exception as exc:  # noqa: BLE001 - a crash is a finding, not a stop
            verdict, detail = "error", f"{type(exc).__name__}: {exc}"[:300]
        finally:
            if sid is not None:
                transaction.savepoint_rollback(sid)
            # Logging out, choosing a language, a message for the next page: the next probe starts afresh.
            client.cookies.clear()
            for name, value in cookies.items():
                client.cookies[name] = value
            RECORDER.seconds += time.perf_counter() - started
        result = Result(probe, status, verdict, detail=detail)
        if not probe.expect and verdict == "allow":
            result.problems.append("allowed where the oracle denies")
        if altered:
            result.problems.append(f"denied but changed {', '.join(altered)}")
        result.problems += self.disclosed(probe.reader or probe.who, text)
        return result, text


def probes_for(pw: ProbeWorld, name: str, entry: Entry, targets: list[Target] | None = None) -> list[Probe]:
    """Every user on every target, with each method. A method the endpoint refuses to everyone (a GET
    of a POST-only endpoint) is tried on its first target only: the object does not matter there."""
    result = []
    posted = set()
    for n, target in enumerate(targets if targets is not None else entry.targets(pw)):
        post_rule = entry.post
        if entry.post_once_per is not None:
            once = entry.post_once_per(target)
            post_rule = None if once in posted else post_rule
            posted.add(once)
        url = url_of(name, target)
        data = tuple(sorted({**POST_DEFAULTS, **entry.data, **target.post}.items()))
        get = target.get if target.get is not None else entry.get
        htmx = target.htmx if target.htmx is not None else entry.htmx
        for key, who in pw.users.items():
            methods = [] if target.fragment_only else [("GET", get)]
            if htmx:
                methods.append(("GET+htmx", get))
            if not target.fragment_only and (post_rule is not None or entry.post_once_per is None):
                methods.append(("POST", post_rule))
            for method, rule in methods:
                if rule is None and n > 0:
                    continue
                expect = bool(rule(pw, who, target.facts)) if rule is not None else False
                rule_name = getattr(rule, "__name__", "refused to all") if rule else "method refused"
                result.append(
                    Probe(name, url, method, key, target.label, expect, rule_name, data, target.reader)
                )
    return result


def run(pw: ProbeWorld, sender: Sender, name: str, users=None) -> list[Result]:
    entry = ENTRIES[name]
    return [
        sender.send(probe, entry.allow_status, entry.deny_status)[0]
        for probe in probes_for(pw, name, entry)
        if users is None or probe.who in users
    ]
