"""The moving parts of the reliability tests: a private redis-server, real Celery worker processes,
a real web process (gunicorn) where a test asks for one, and receivers that record what arrived (an
HTTP sink for webhooks and SMS, a mail directory).

Delivery is at least once: a worker killed between sending and recording can send a message again,
with the same delivery key (``Idempotency-Key`` header, ``Message-ID``). The receivers here behave
like a receiver that honours those keys: what counts as *received* is the distinct keys; the raw
arrivals are kept too, so a test can say how many copies a receiver had to drop.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_binary_file
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def unavailable_reason() -> str | None:
    """Why the reliability tests cannot run here, or None when they can."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return "needs DATABASE_URL on PostgreSQL (worker processes must share the test database)"
    if shutil.which("redis-server") is None:
        return "needs redis-server on PATH (the tests start, stop and restart a private one)"
    if not CELERY.exists():
        return f"needs the celery command at {CELERY}"
    return None


REASON = unavailable_reason()
# CI sets this: there a missing PostgreSQL or redis-server is a failure, not a skip.
REQUIRED = os.environ.get("RELIABILITY_REQUIRED", "") not in ("", "0")

# Every reliability test: real processes, so a real transaction, and only where they can run.
RELIABILITY = [
    pytest.mark.reliability,
    pytest.mark.skipif(REASON is not None and not REQUIRED, reason=f"reliability tests: {REASON}"),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# --- Redis ---------------------------------------------------------------------------------------


class RedisServer:
    """A redis-server of the test's own on a free port, so it can be stopped and started again
    without touching the machine's Redis. Nothing is persisted: a stop loses every queued message,
    as a crashed broker would."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.directory), "--logfile", "redis.log"]
        self.process = subprocess.Popen(command, start_new_session=True)
        wait_until(self.ping, 10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        """SIGKILL: the broker vanishes mid-flight, nothing is saved."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=5)


# --- Receivers -----------------------------------------------------------------------------------


@dataclass
class Arrival:
    path: str
    key: str
    body: bytes
    at: float


class Sink:
    """An HTTP receiver in the test process: every POST (webhooks, the SMS gateway) is recorded with
    its Idempotency-Key and answered 200.

    ``hold_at = n``: the n-th POST is recorded and then not answered until ``release`` is set, so a
    test can kill the sender after the message arrived and before the sender knew it had.
    """

    def __init__(self):
        self.arrivals: list[Arrival] = []
        self.hold_at: int | None = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.held_key = ""
        self._lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:
                    # The sender died mid-request (the test kills workers): a receiver never acts
                    # on a cut-off request, and the sender never saw an answer, so it sends again.
                    self.close_connection = True
                    return
                key = self.headers.get("Idempotency-Key", "")
                if sink.record(Arrival(self.path, key, body, time.time())) == sink.hold_at:
                    sink.held_key = key
                    sink.held.set()
                    sink.release.wait(60)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender was killed while we held its request

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def record(self, arrival: Arrival) -> int:
        with self._lock:
            self.arrivals.append(arrival)
            return len(self.arrivals)

    def snapshot(self) -> list[Arrival]:
        with self._lock:
            return list(self.arrivals)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        if self.thread.is_alive():
            self.server.shutdown()
        self.server.server_close()


def mail_arrivals(directory: Path) -> list[Arrival]:
    """Every message the workers' file mail backend wrote (tests/reliability/mailbox.py: one file
    per message), keyed by its X-Samhandla-Delivery header; the path is the To address."""
    arrivals = []
    for path in sorted(directory.glob("*.eml")):
        with open(path, "rb") as fh:
            message = message_from_binary_file(fh)
        key = message["X-Samhandla-Delivery"] or ""
        arrivals.append(Arrival(message["To"], key, b"", path.stat().st_mtime))
    return arrivals


# --- Workers -------------------------------------------------------------------------------------


class Worker:
    """One ``celery worker`` (prefork, with beat embedded unless told otherwise) in its own process
    group, so SIGKILL takes the pool children and beat with it, as a crashed machine would."""

    def __init__(self, name: str, env: dict, directory: Path, concurrency: int = 2, beat: bool = True):
        self.name = name
        self.log_path = directory / f"{name}.log"
        self.concurrency = concurrency
        command = [str(CELERY), "-A", "config", "worker", "-l", "info", "-P", "prefork"]
        command += ["--concurrency", str(concurrency), "-n", f"{name}@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        if beat:
            command += ["-B", "-s", str(directory / f"{name}-beat-schedule")]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()/kill()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"worker {self.name} exited ({self.process.returncode}):\n{self.tail()}")
            return " ready." in self.log()

        wait_until(ready, timeout, interval=0.1, what=f"worker {self.name} to be ready")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def task_results(self, task: str) -> dict[str, str]:
        """Task id → its logged return value, for every run of ``task`` that succeeded."""
        pattern = re.compile(rf"Task {re.escape(task)}\[([\w-]+)\] succeeded in [\d.e-]+s: (.*)")
        return {m.group(1): m.group(2).strip() for m in pattern.finditer(self.log())}

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: main process, pool children, beat."""
        self._signal(signal.SIGKILL)
        self._reap()

    def stop(self) -> None:
        """A warm shutdown (SIGTERM), and SIGKILL for whatever is still running after 10 s."""
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
        self._reap()

    def _signal(self, signum) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def _reap(self) -> None:
        self.process.wait(10)
        # Pool children are reparented when the main process dies; the group is gone once none is left.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        if not self._log.closed:
            self._log.close()


class WebServer(Worker):
    """The web app under gunicorn on a free port of 127.0.0.1, in its own process group (stopped and
    killed like a worker). ``get`` asks it as the TLS proxy in production does: plain http with
    ``X-Forwarded-Proto: https`` (SECURE_PROXY_SSL_HEADER), unless told otherwise."""

    def __init__(self, name: str, env: dict, directory: Path):
        self.name = name
        self.port = free_port()
        self.log_path = directory / f"{name}.log"
        command = [str(GUNICORN), "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", "1", "--timeout", "30", "--access-logfile", "-"]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()/kill()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 60) -> None:
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited ({self.process.returncode}):\n{self.tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                return False

        wait_until(ready, timeout, interval=0.1, what=f"{self.name} to listen on port {self.port}")

    def get(self, path: str, *, headers: dict | None = None, behind_proxy: bool = True):
        """(status, headers, body) of a GET; no redirect is followed, no proxy of the environment used."""
        import http.client

        sent = {"Host": "127.0.0.1"}
        if behind_proxy:
            sent["X-Forwarded-Proto"] = "https"
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request("GET", path, headers=sent)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get_json(self, path: str, **kwargs) -> tuple[int, dict]:
        status, _, body = self.get(path, **kwargs)
        return status, json.loads(body)


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for another process, pointing at the test database itself."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


# --- The roster and what each recipient received ------------------------------------------------


def build_roster(region_code: str, count: int, kinds: tuple[str, ...], sink: Sink) -> list:
    """``count`` organisations on the region's roster, each with a primary contact who has one
    channel of each kind in ``kinds`` (in-app: a user account linked to the person), inserted in
    bulk: the tests are about delivery, not about the factories. Returns the primary people."""
    from accounts.models import User
    from actors.models import Level, Organisation, OrganisationType, Person
    from alarms.rosters.models import Channel, RosterEntry
    from alarms.rosters.services import roster_for
    from tests.factories import region

    roster = roster_for(region(region_code))
    tag = f"r{int(time.time() * 1000) % 10**9}"
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Aktör {tag}-{i:04d}", type=OrganisationType.KOMMUN, level=Level.LOKAL)
        for i in range(count)
    )
    users = {}
    if "inapp" in kinds:
        accounts = User.objects.bulk_create(
            User(username=f"kontakt-{tag}-{i}", email=f"kontakt-{tag}-{i}@example.se", password="!")
            for i in range(count)
        )
        users = dict(enumerate(accounts))
    people = Person.objects.bulk_create(
        Person(name=f"Kontakt {i}", organisation=o, email=f"p{i}-{tag}@example.se", user=users.get(i))
        for i, o in enumerate(organisations)
    )
    targets = {
        "email": lambda p: p.email,
        "inapp": lambda p: "",
        "webhook": lambda p: f"{sink.url}/hook/{p.pk}",
        "sms": lambda p: f"+4670{p.pk % 10**7:07d}",
    }
    Channel.objects.bulk_create(
        Channel(person=p, kind=kind, target=targets[kind](p), position=position)
        for p in people
        for position, kind in enumerate(kinds, start=1)
    )
    RosterEntry.objects.bulk_create(
        RosterEntry(roster=roster, organisation=o, primary=p, position=i)
        for i, (o, p) in enumerate(zip(organisations, people, strict=True), start=1)
    )
    return people


@dataclass
class Received:
    """What the receivers got for one alarm, per channel kind: raw arrivals and distinct keys."""

    raw: dict[str, int] = field(default_factory=dict)
    distinct: dict[str, int] = field(default_factory=dict)

    @property
    def copies_dropped(self) -> int:
        return sum(self.raw.values()) - sum(self.distinct.values())

    def __str__(self) -> str:
        kinds = ", ".join(f"{k}: {self.distinct[k]} distinct / {self.raw[k]} raw" for k in sorted(self.raw))
        return f"{kinds}; copies a receiver dropped by key: {self.copies_dropped}"


def assert_each_received_once(alarm, sink: Sink, maildir: Path, max_copies: int) -> Received:
    """Every recipient received exactly one message per channel, judged as a receiver that honours
    delivery keys would; at most ``max_copies`` raw copies of an already received key arrived.

    Also: every delivery row is sent, and the in-app inbox holds exactly one notice per in-app
    delivery (it is written in the claiming transaction, so it is exactly once, not at least once).
    """
    from alarms.delivery.models import Delivery
    from alarms.inbox.models import Notification

    deliveries = list(Delivery.objects.filter(alarm=alarm).order_by("pk"))
    assert deliveries, "the alarm has no deliveries"
    states = Counter(d.state for d in deliveries)
    assert states == {Delivery.State.SENT: len(deliveries)}, f"not all sent: {dict(states)}"
    by_key = {d.key: d for d in deliveries}

    arrivals = {"email": mail_arrivals(maildir), "webhook": [], "sms": []}
    for a in sink.snapshot():
        arrivals["sms" if a.path.startswith("/sms") else "webhook"].append(a)
    received = Received()
    for kind, got in arrivals.items():
        expected = {d.key for d in deliveries if d.kind == kind}
        keys = Counter(a.key for a in got)
        assert set(keys) == expected, (
            f"{kind}: {len(expected - set(keys))} never arrived, "
            f"{len(set(keys) - expected)} arrived that were never queued"
        )
        per_channel = Counter((by_key[k].person_id, by_key[k].channel_id) for k in keys)
        assert set(per_channel.values()) <= {1}, f"{kind}: a person got two different messages on one channel"
        for a in got:  # each message went where its delivery said
            d = by_key[a.key]
            if kind == "email":
                assert a.path == d.target
            elif kind == "webhook":
                assert a.path == f"/hook/{d.person_id}"
                assert json.loads(a.body)["delivery"] == d.key
            else:
                assert f"to={quote(d.target, safe='')}".encode() in a.body
        received.raw[kind], received.distinct[kind] = sum(keys.values()), len(keys)

    in_app = [d for d in deliveries if d.kind == "inapp"]
    notices = Counter(Notification.objects.filter(alarm=alarm).values_list("delivery_id", flat=True))
    assert set(notices) == {d.pk for d in in_app} and set(notices.values()) <= {1}
    received.raw["inapp"] = received.distinct["inapp"] = len(notices)
    assert received.copies_dropped <= max_copies, f"too many copies sent twice: {received}"
    return received
