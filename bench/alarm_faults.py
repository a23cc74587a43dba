"""Benchmark: the alarm chain under five faults, each as a ratio to the same chain without a fault,
all measured in one run on the same machine.

    .venv/bin/python bench/alarm_faults.py [--recipients 300] [--repeat 1] [--limit 240]
        [--scenarios none,postgres_restart,...] [--fault-at 3 | --fault-at 30%] [--code DIR]

What it does, so the numbers can be read:
- Everything it starts is private and removed at the end (also on Ctrl-C or a failure): a
  PostgreSQL cluster of its own in a temporary directory (tests/reliability/postgres.py, 127.0.0.1
  and a free port; the machine's shared cluster and Redis are never touched), a redis-server per
  scenario (tests/reliability/harness.py's RedisServer: nothing persisted, so a kill loses every
  queued message), a webhook receiver and a mail directory per scenario.
- The database: one fresh database migrated once with ``manage.py migrate`` of the code under test
  (its data migrations load the regions, municipalities and role groups); each scenario then runs
  on a fresh copy of it (CREATE DATABASE ... TEMPLATE), dropped after the scenario.
- The world of a scenario: ``--recipients`` organisations (default 300) on region 24's roster, each
  with a primary contact with an e-mail and a webhook channel (harness.build_roster): 600
  deliveries. The alarm is raised by an official of municipality 2482 with
  ``alarms.raising.services.alarm_raise`` in this process, which hands the deliveries to the broker
  as the web process would.
- The processes, as in production: two Celery workers (prefork, ``-c 2``), the first with beat
  embedded (``-B``), and the web app under gunicorn. They run with the project's PRODUCTION default
  timings: no ALARM_*, PIPELINE_* or OUTBOX_* variable is set (nor inherited: the environment is
  built from PATH, HOME, the locale and what they need to run: DATABASE_URL, REDIS_URL,
  SECRET_KEY, DEBUG=0, the file mail backend of the reliability tests, the egress exemption for the
  local receiver, HEALTH_TOKEN, and for the web process the TLS-proxy settings). The timings the code
  under test resolves to are printed at the start.
- Before the raise the script waits until ``/health/`` answers 200 (a worker has run beat's
  heartbeat), at most ``--settle`` seconds. From the web process's start to the scenario's end
  ``/health/`` is asked every 0.5 s with the bearer token; each change of what it says (status
  code, body status, and every detail that is not ok/0: database, broker, worker, stuck
  deliveries, any reason) is kept with the time it was first seen.
- Scenarios (each on a fresh database copy, a fresh Redis and fresh workers; the fault begins
  ``--fault-at`` after the raise: 3 s by default, or as soon as a share of the deliveries is sent,
  e.g. ``--fault-at 30%``, which lands it inside the fan-out however fast that is):
    none                    no fault: the reference.
    postgres_restart        the private PostgreSQL restarted (pg_ctl restart -m fast: every
                            session cut, about half a second down).
    redis_killed            Redis SIGKILLed (every queued task lost), started again 20 s after
                            the kill.
    workers_killed          both workers SIGKILLed (process groups: pool children and beat too),
                            two new ones (one with beat) launched 10 s after the kill.
    raised_with_redis_down  Redis stopped before the raise, started 30 s after it.
  The ``none`` run is always included (first in each repeat): the ratios need it.

How to read the table (times in seconds after the raise, taken from ``Delivery.sent_at``):
- lost: deliveries not sent within ``--limit`` seconds of the raise (default 240). Anything but 0
  is a failure, and the script exits 1; so does a delivery marked sent that never reached its
  receiver, a failed delivery, or a scenario that broke.
- copies: raw arrivals minus distinct delivery keys at the webhook receiver and in the mail
  directory: messages sent twice, which a receiver honouring the delivery key drops (delivery is
  at least once). Reported, not a failure.
- first / last: the first and the last delivery.
- fault s, sent at fault: when the fault began, and how many deliveries were sent by then. When all
  were, the fan-out was over before the fault and the run says nothing about recovery (a note
  says so): use a larger ``--recipients`` or ``--fault-at 30%``.
- fault end: when the fault was over: PostgreSQL answering again, Redis answering again, the two
  new workers launched (their start-up counts in the recovery).
- recovery: last delivery minus fault end.
- target: fault end + 15 s + the no-fault run's last delivery (the median of the ``none`` runs);
  met when the last delivery came no later.
- ratio: the scenario's last delivery divided by the no-fault run's (median): 1.0 means the fault
  cost nothing, 10 means ten times as long.
- /health/: what it said from the raise on (``before`` is the state it was in at the raise), each
  state with the time of the first answer that said it.
Speed is reported, never judged by the exit status.

``--code DIR`` runs everything (migrations, workers, web process, and the raise in this process)
from another checkout of the project, e.g. a ``git worktree`` of an older commit, so the same
script measures before and after on the same machine in one session:
    git worktree add /tmp/before <commit>
    .venv/bin/python bench/alarm_faults.py --code /tmp/before
The private PostgreSQL helper is always this checkout's (tests/reliability/postgres.py).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

OWN_ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("none", "postgres_restart", "redis_killed", "workers_killed", "raised_with_redis_down")
REDIS_KILLED_FOR = 20.0
WORKERS_KILLED_FOR = 10.0
REDIS_DOWN_AFTER_RAISE = 30.0  # Redis starts again this long after the raise
TARGET_SLACK = 15.0
HEALTH_INTERVAL = 0.5
TEMPLATE = "faults_template"
KINDS = ("email", "webhook")
SECRET_KEY = "alarm-faults-benchmark-only-not-a-production-secret-key-0123456789"
# The only variables taken from the caller's environment: no timing of the project's leaks in.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "USER", "LOGNAME", "VIRTUAL_ENV")
# Timings the project reads from the environment: never set, so the code's defaults hold.
TIMING_PREFIXES = ("ALARM_", "PIPELINE_", "OUTBOX_")
SHOWN_TIMINGS = (
    "ALARM_REQUEUE_AFTER_SECONDS",
    "ALARM_SENDING_LEASE_SECONDS",
    "ALARM_SWEEP_SECONDS",
    "ALARM_RETRY_BASE_SECONDS",
    "ALARM_TRANSIENT_RETRIES",
    "ALARM_DELAYED_AFTER_SECONDS",
    "PIPELINE_HEARTBEAT_SECONDS",
    "OUTBOX_FLUSH_SECONDS",
    "OUTBOX_CLAIM_SECONDS",
)


def say(text: str = "") -> None:
    print(text, flush=True)


# --- Environment ---------------------------------------------------------------------------------


def base_env(code: Path) -> dict:
    env = {k: os.environ[k] for k in INHERITED if k in os.environ}
    env.update(
        PYTHONPATH=str(code),
        PYTHONUNBUFFERED="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
    )
    return env


def worker_env(code: Path, database_url: str, redis_url: str, maildir: Path, token: str) -> dict:
    env = base_env(code)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        EMAIL_BACKEND="tests.reliability.mailbox.EmailBackend",
        RELIABILITY_MAIL_DIR=str(maildir),
        # The receiver is http://127.0.0.1: exempt from the egress guard, as only tests may do.
        EGRESS_ALLOW_HTTP="1",
        EGRESS_ALLOW_INTERNAL_HOSTS="127.0.0.1",
        HEALTH_TOKEN=token,
    )
    return env


def web_env(env: dict) -> dict:
    # Asked as the TLS proxy asks it in production (harness.WebServer.get sends X-Forwarded-Proto).
    return {**env, "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https", "SECURE_SSL_REDIRECT": "1"}


def use_code(code: Path) -> None:
    """This process imports the project from ``code`` (first on sys.path, and the working
    directory), as its workers do."""
    sys.path.insert(0, str(code))
    os.chdir(code)
    for key in list(os.environ):
        if key.startswith(TIMING_PREFIXES):
            del os.environ[key]
    os.environ["PYTHONPATH"] = str(code)


def load_private_postgres():
    """tests/reliability/postgres.py of this checkout (the one under test may predate it), as a
    module of the code's ``tests.reliability`` package, so its ``harness`` import finds that."""
    path = OWN_ROOT / "tests" / "reliability" / "postgres.py"
    spec = importlib.util.spec_from_file_location("tests.reliability.postgres", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.PrivatePostgres


def use_broker(url: str) -> None:
    """Point this process's Celery app at ``url`` (as tests/reliability/conftest.py does): new
    connection and producer pools, since the cached ones hold connections to the old broker."""
    from config.celery import app

    app.conf.broker_url = url
    app.conf.task_always_eager = False
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def use_database(name: str) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def db_retry(query, default=None):
    """Run a query in this process; if it fails (the database was restarted, or is being), try once
    more on a new connection, and return ``default`` if that fails too."""
    from django.db import Error, connection

    for _attempt in range(2):  # the second on a new connection: the old one may predate a restart
        try:
            return query()
        except Error:
            with contextlib.suppress(Exception):
                connection.close()
    return default


def git_description(code: Path) -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(code), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(code), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "(not a git checkout)"
    head = head if len(head) <= 90 else head[:87] + "..."
    return f"{head}{' (with uncommitted changes)' if dirty else ''}"


# --- /health/ --------------------------------------------------------------------------------------


def describe_health(status: int, body) -> str:
    """Status code, body status, and every detail that is not fine (times left out)."""
    if not isinstance(body, dict):
        return f"{status} (not a JSON object)"
    parts = [str(status), str(body.get("status"))]

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}{key}.", inner)
            return
        key = prefix[:-1]
        if key == "status" or key.endswith(("_at", "age_seconds")):
            return
        if isinstance(value, bool):
            if not value:
                return
            value = "true"
        elif isinstance(value, int | float):
            if value == 0:
                return
            value = ">0"
        elif value in ("ok", None, "") or value == []:
            return
        parts.append(f"{key}={value}")

    walk("", body)
    return " ".join(parts)


class HealthWatch(threading.Thread):
    """Asks /health/ with the bearer token every HEALTH_INTERVAL seconds and keeps each change."""

    def __init__(self, web, token: str):
        super().__init__(daemon=True, name="health-watch")
        self.web = web
        self.headers = {"Authorization": f"Bearer {token}"}
        self.stopped = threading.Event()
        self.changes: list[tuple[float, str]] = []  # (time.monotonic(), state)
        self.polls = 0
        self._lock = threading.Lock()

    def ask(self) -> str:
        try:
            status, _, body = self.web.get("/health/", headers=self.headers)
        except Exception as exc:  # noqa: BLE001 - no answer is an answer too
            return f"no answer ({type(exc).__name__})"
        try:
            return describe_health(status, json.loads(body))
        except ValueError:
            return f"{status} (not JSON)"

    def run(self) -> None:
        while not self.stopped.is_set():
            began = time.monotonic()
            state = self.ask()
            answered = time.monotonic()  # what it said holds from its answer on
            with self._lock:
                self.polls += 1
                if not self.changes or self.changes[-1][1] != state:
                    self.changes.append((answered, state))
            self.stopped.wait(max(0.0, HEALTH_INTERVAL - (time.monotonic() - began)))

    @property
    def current(self) -> str | None:
        with self._lock:
            return self.changes[-1][1] if self.changes else None

    def wait_ok(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (self.current or "").startswith("200 "):
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        self.stopped.set()
        if self.is_alive():
            self.join(20)

    def since(self, t0: float) -> list[tuple[float | None, str]]:
        """The state at ``t0`` (time None) and every change after it, in seconds after ``t0``."""
        with self._lock:
            changes = list(self.changes)
        before = [state for at, state in changes if at <= t0]
        out: list[tuple[float | None, str]] = [(None, before[-1])] if before else []
        out += [(at - t0, state) for at, state in changes if at > t0]
        return out


# --- One scenario --------------------------------------------------------------------------------


@dataclass
class Outcome:
    scenario: str
    run: int
    deliveries: int = 0
    lost: int = 0
    failed: int = 0
    missing: int = 0  # marked sent, never arrived at its receiver
    copies: int = 0
    first: float | None = None
    last: float | None = None
    fault_start: float | None = None
    fault_end: float | None = None
    sent_at_fault: int | None = None
    raise_took: float | None = None
    health: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def broken(self) -> bool:
        return bool(self.lost or self.failed or self.missing or self.error)


def sleep_until(moment: float) -> None:
    while (left := moment - time.monotonic()) > 0:
        time.sleep(min(left, 0.2))


class Scenario:
    def __init__(self, name: str, run: int, args, pg, code: Path, workdir: Path):
        self.name, self.run, self.args, self.pg, self.code = name, run, args, pg, code
        self.directory = workdir / f"{run}-{name}"
        self.directory.mkdir()
        self.maildir = self.directory / "mail"
        self.maildir.mkdir()
        self.database = f"faults_{run}_{name}"
        self.outcome = Outcome(name, run)
        self.workers: list = []  # Celery workers, killed ones included
        self.web = None

    def start_workers(self, env: dict, first: int) -> list:
        from tests.reliability.harness import Worker

        started = [
            Worker(f"w{first}", env, self.directory, concurrency=2, beat=True),
            Worker(f"w{first + 1}", env, self.directory, concurrency=2, beat=False),
        ]
        self.workers += started
        return started

    def execute(self) -> Outcome:
        with contextlib.ExitStack() as stack:
            try:
                self._execute(stack)
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # noqa: BLE001 - a broken scenario is reported, the others run
                self.outcome.error = f"{type(exc).__name__}: {exc}"
                say(f"  BROKEN: {self.outcome.error}")
                for worker in self.workers:
                    say(f"  --- {worker.name} (last lines) ---\n{worker.tail(25)}")
        return self.outcome

    def _execute(self, stack: contextlib.ExitStack) -> None:
        import secrets

        from django.db import connection
        from django.utils import timezone

        from alarms.core.models import AlarmKind
        from alarms.delivery.models import Delivery
        from alarms.raising.services import alarm_raise
        from outbox import services as outbox_services
        from tests import factories as f
        from tests.reliability.harness import RedisServer, Sink, WebServer, build_roster, mail_arrivals

        args, pg, out = self.args, self.pg, self.outcome
        say(f"\n## {self.name} (run {self.run + 1})")
        pg.create_database(self.database, template=TEMPLATE)
        stack.callback(self._drop_database)
        use_database(self.database)
        check_reference_data()

        redis = RedisServer(self.directory)
        stack.callback(redis.stop)
        redis.start()
        sink = Sink()
        sink.start()
        stack.callback(sink.stop)
        use_broker(redis.url)
        getattr(outbox_services, "forget_refusal", lambda: None)()

        build_roster("24", args.recipients, KINDS, sink)
        official = f.official("2482")
        connection.close()  # the roster is committed; this process's connection is not kept open

        token = secrets.token_urlsafe(32)
        env = worker_env(self.code, pg.url(self.database), redis.url, self.maildir, token)
        stack.callback(self._kill_processes)
        for worker in self.start_workers(env, 1):
            worker.wait_ready(90)
        web = self.web = WebServer("web", web_env(env), self.directory)
        web.wait_ready(90)
        health = HealthWatch(web, token)
        health.start()
        stack.callback(health.stop)
        settling = time.monotonic()
        if health.wait_ok(args.settle):
            say(f"  /health/ answered 200 {time.monotonic() - settling:.1f} s after the web process started")
        else:
            out.notes.append(
                f"/health/ was not 200 within {args.settle:.0f} s before the raise: {health.current}"
            )
            say(f"  note: {out.notes[-1]}")

        if self.name == "raised_with_redis_down":
            redis.stop()
        raised_at = timezone.now()
        t0 = time.monotonic()
        alarm = alarm_raise(
            user=official, municipality=f.municipality("2482"), kind=AlarmKind.ESTABLISHMENT, message="Larm"
        )
        out.raise_took = time.monotonic() - t0
        rows = Delivery.objects.filter(alarm=alarm)
        ids = list(rows.values_list("pk", flat=True))
        expected = dict(rows.values_list("key", "kind"))
        out.deliveries = len(ids)
        say(f"  raised: {len(ids)} deliveries written in {out.raise_took:.2f} s")

        def sent_count() -> int | None:
            return db_retry(lambda: Delivery.objects.filter(pk__in=ids, state=Delivery.State.SENT).count())

        self.inject(t0, redis, env, sent_count)
        connection.close()  # whatever the fault did to it

        settled = (Delivery.State.SENT, Delivery.State.FAILED, Delivery.State.CANCELLED)
        deadline = t0 + args.limit
        while True:
            states = db_retry(
                lambda: Counter(Delivery.objects.filter(pk__in=ids).values_list("state", flat=True))
            )
            if states is not None and sum(states[s] for s in settled) == len(ids):
                break
            if time.monotonic() > deadline:
                out.notes.append(f"still unsent at the limit ({args.limit:.0f} s): {dict(states or {})}")
                break
            time.sleep(0.25)
        time.sleep(1.0)  # a copy on its way arrives
        health.stop()
        out.health = health.since(t0)

        final = list(Delivery.objects.filter(pk__in=ids).values_list("key", "state", "sent_at"))
        sent = {key: at for key, state, at in final if state == Delivery.State.SENT}
        out.lost = len(ids) - len(sent)
        out.failed = sum(1 for _k, state, _a in final if state == Delivery.State.FAILED)
        if sent:
            out.first = min((at - raised_at).total_seconds() for at in sent.values())
            out.last = max((at - raised_at).total_seconds() for at in sent.values())
        arrivals = [a for a in sink.snapshot() + mail_arrivals(self.maildir) if a.key in expected]
        arrived = {a.key for a in arrivals}
        out.copies = len(arrivals) - len(arrived)
        out.missing = len(set(sent) - arrived)
        for process in [*self.workers, web]:
            if not process.alive and not getattr(process, "killed_here", False):
                out.notes.append(f"{process.name} exited on its own ({process.process.returncode})")
        self.report()

    def fault_moment(self, t0: float, sent_count) -> None:
        """Wait for the moment of the fault: ``--fault-at`` seconds after the raise, or as soon as
        that share of the deliveries is sent ("30%")."""
        kind, value = self.args.fault_at
        if kind == "seconds":
            sleep_until(t0 + value)
            return
        need = max(1, math.ceil(self.outcome.deliveries * value / 100))
        deadline = t0 + self.args.limit
        while time.monotonic() < deadline and (sent_count() or 0) < need:
            time.sleep(0.02)

    def inject(self, t0: float, redis, env: dict, sent_count) -> None:
        out = self.outcome
        if self.name == "none":
            return
        if self.name == "raised_with_redis_down":
            out.fault_start, out.sent_at_fault = 0.0, 0  # down before the raise
            sleep_until(t0 + REDIS_DOWN_AFTER_RAISE)
            redis.start()
            out.fault_end = time.monotonic() - t0
            return
        self.fault_moment(t0, sent_count)
        began = time.monotonic()
        out.fault_start = began - t0
        out.sent_at_fault = sent_count()
        if self.name == "postgres_restart":
            down = self.pg.restart()
            out.fault_end = time.monotonic() - t0
            out.notes.append(f"PostgreSQL restarted at {out.fault_start:.1f} s, down {down:.2f} s")
        elif self.name == "redis_killed":
            redis.stop()
            sleep_until(began + REDIS_KILLED_FOR)
            redis.start()
            out.fault_end = time.monotonic() - t0
            out.notes.append(
                f"Redis killed at {out.fault_start:.1f} s, answering again at {out.fault_end:.1f} s"
            )
        elif self.name == "workers_killed":
            for worker in self.workers:  # both at once: neither sends on while the other is reaped
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(worker.process.pid, signal.SIGKILL)
            for worker in self.workers:
                worker.kill()  # reaps the process group
                worker.killed_here = True
            gone = time.monotonic() - t0
            sleep_until(began + WORKERS_KILLED_FOR)
            self.start_workers(env, 3)
            out.fault_end = time.monotonic() - t0
            out.notes.append(
                f"workers killed at {out.fault_start:.1f} s (all their processes gone at {gone:.1f} s), "
                f"two new ones launched at {out.fault_end:.1f} s"
            )
        else:
            raise ValueError(self.name)
        sent = sent_count()
        out.notes.append(
            f"sent when the fault began: {fmt_count(out.sent_at_fault)}/{out.deliveries}; "
            f"at its end: {fmt_count(sent)}/{out.deliveries}"
        )
        if out.sent_at_fault == out.deliveries:
            out.notes.append("the fan-out was over before the fault began: this run measured no recovery")

    def report(self) -> None:
        out = self.outcome
        say(
            f"  lost {out.lost}, failed {out.failed}, sent but never arrived {out.missing}, "
            f"same-key copies {out.copies}"
        )
        say(
            f"  first delivery {fmt(out.first)} s, last {fmt(out.last)} s after the raise; "
            f"fault end {fmt(out.fault_end)} s"
        )
        for note in out.notes:
            say(f"  {note}")
        say(f"  /health/: {health_text(out.health)}")

    def _kill_processes(self) -> None:
        for process in [*self.workers, self.web]:
            if process is not None:
                with contextlib.suppress(Exception):
                    process.kill()

    def _drop_database(self) -> None:
        from django.db import connection

        with contextlib.suppress(Exception):
            connection.close()
        with contextlib.suppress(Exception):
            self.pg.drop_database(self.database)


def check_reference_data() -> None:
    """The migrations of a fresh database load what the scenario needs."""
    from django.contrib.auth.models import Group

    from accounts.models import RoleName
    from actors.models import Municipality, Region

    missing = []
    if not Region.objects.filter(code="24").exists():
        missing.append("region 24")
    if not Municipality.objects.filter(code="2482", region__code="24").exists():
        missing.append("municipality 2482")
    groups = set(Group.objects.values_list("name", flat=True))
    missing += [f"group {role.value}" for role in RoleName if role.value not in groups]
    if missing:
        raise RuntimeError(f"the migrated database lacks reference data: {', '.join(missing)}")


# --- Reporting -----------------------------------------------------------------------------------


def fmt_count(value: int | None) -> str:
    return "?" if value is None else str(value)


def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def health_text(changes) -> str:
    if not changes:
        return "—"
    parts = [f"{state} ({'before' if at is None else f'{at:.1f}'})" for at, state in changes]
    return " → ".join(parts)


def table(outcomes: list[Outcome], baseline: float | None) -> str:
    head = (
        "| scenario | run | deliveries | lost | copies | first s | last s | fault s | sent at fault "
        "| fault end s | recovery s | target s | met | ratio | /health/ meanwhile |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for o in outcomes:
        if o.error:
            lines.append(
                f"| {o.scenario} | {o.run + 1} | {o.deliveries} | BROKEN: {o.error[:80].replace('|', '/')} "
                "| | | | | | | | | | | |"
            )
            continue
        recovery = None if o.last is None or o.fault_end is None else o.last - o.fault_end
        target = None if baseline is None or o.fault_end is None else o.fault_end + TARGET_SLACK + baseline
        met = (
            "—" if target is None or o.last is None else ("yes" if o.last <= target and not o.lost else "NO")
        )
        ratio = None if baseline is None or o.last is None else o.last / baseline
        sent_at = "—" if o.fault_start is None else f"{fmt_count(o.sent_at_fault)}/{o.deliveries}"
        lines.append(
            f"| {o.scenario} | {o.run + 1} | {o.deliveries} | {o.lost} | {o.copies} | {fmt(o.first)} "
            f"| {fmt(o.last)} | {fmt(o.fault_start)} | {sent_at} | {fmt(o.fault_end)} | {fmt(recovery)} "
            f"| {fmt(target)} | {met} "
            f"| {fmt(ratio, 2)} | {health_text(o.health).replace('|', '/')} |"
        )
    return "\n".join(lines)


# --- Main ------------------------------------------------------------------------------------------


def migrate(code: Path, database_url: str, log: Path) -> float:
    env = base_env(code)
    env["DATABASE_URL"] = database_url
    started = time.monotonic()
    with open(log, "wb") as fh:
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "1"],
            cwd=code,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            timeout=900,
        )
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"manage.py migrate failed ({result.returncode}):\n{tail}")
    return time.monotonic() - started


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=300, help="organisations (x2 deliveries)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of every scenario")
    parser.add_argument(
        "--limit", type=float, default=240, help="seconds after the raise before unsent is lost"
    )
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help=f"comma-separated of {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--code", type=Path, default=None, help="the checkout to run (default: this one)")
    parser.add_argument(
        "--settle", type=float, default=150, help="seconds to wait for /health/ 200 before the raise"
    )
    parser.add_argument(
        "--fault-at",
        default="3",
        help='when the fault begins: seconds after the raise ("3", the default), or as soon as that '
        'share of the deliveries is sent ("30%%"); not for raised_with_redis_down',
    )
    args = parser.parse_args()
    try:
        if args.fault_at.endswith("%"):
            args.fault_at = ("share", float(args.fault_at[:-1]))
            if not 0 < args.fault_at[1] < 100:
                raise ValueError
        else:
            args.fault_at = ("seconds", float(args.fault_at))
            if args.fault_at[1] < 0:
                raise ValueError
    except ValueError:
        parser.error('--fault-at takes seconds ("3") or a share of the deliveries sent ("30%")')
    chosen = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SCENARIOS))
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(unknown)}")
    if args.repeat < 1 or args.recipients < 1 or args.limit <= 0:
        parser.error("--repeat, --recipients and --limit must be positive")
    args.scenarios = ["none"] + [s for s in SCENARIOS if s in chosen and s != "none"]
    args.code = (args.code or OWN_ROOT).resolve()
    if (
        not (args.code / "manage.py").exists()
        or not (args.code / "tests" / "reliability" / "harness.py").exists()
    ):
        parser.error(
            f"{args.code} is not a checkout of the project (manage.py, tests/reliability/harness.py)"
        )
    return args


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    began = time.monotonic()
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    code = args.code
    use_code(code)
    PrivatePostgres = load_private_postgres()  # noqa: N806 - a class
    outcomes: list[Outcome] = []
    with contextlib.ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="alarm-faults-"))
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        pg = PrivatePostgres(workdir / "pg")
        stack.callback(pg.close)
        pg.start()
        say(f"code under test: {code}: {git_description(code)}")
        say(f"private PostgreSQL on 127.0.0.1:{pg.port}; work directory {workdir}")
        pg.create_database(TEMPLATE)
        took = migrate(code, pg.url(TEMPLATE), workdir / "migrate.log")
        say(f"fresh database migrated in {took:.1f} s")

        os.environ.update(base_env(code))
        os.environ.update(
            DATABASE_URL=pg.url("faults_none_yet"),
            REDIS_URL="redis://127.0.0.1:9/0",  # replaced per scenario (use_broker)
            EMAIL_BACKEND="tests.reliability.mailbox.EmailBackend",
            RELIABILITY_MAIL_DIR=str(workdir),
            EGRESS_ALLOW_HTTP="1",
            EGRESS_ALLOW_INTERNAL_HOSTS="127.0.0.1",
        )
        import django

        django.setup()
        from django.conf import settings

        timings = ", ".join(f"{name}={getattr(settings, name, 'n/a')}" for name in SHOWN_TIMINGS)
        say(f"production timings of the code under test: {timings}")
        say(
            f"{args.recipients} organisations x {len(KINDS)} channels ({', '.join(KINDS)}); two workers "
            f"(-c 2, the first with beat); limit {args.limit:.0f} s; load average "
            f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
        )
        try:
            for run in range(args.repeat):
                for name in args.scenarios:
                    outcomes.append(Scenario(name, run, args, pg, code, workdir).execute())
        except KeyboardInterrupt:
            say("\ninterrupted: cleaning up")
            return 130

    baselines = [o.last for o in outcomes if o.scenario == "none" and o.last is not None and not o.broken]
    baseline = statistics.median(baselines) if baselines else None
    say("\n# The alarm chain under faults")
    say(f"code: {code} ({git_description(code)})")
    say(
        f"no-fault last delivery (the ratios' denominator): {fmt(baseline, 2)} s"
        + (f" (median of {len(baselines)})" if len(baselines) > 1 else "")
    )
    say(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    say()
    say(table(outcomes, baseline))
    broken = [o for o in outcomes if o.broken]
    say(f"\nwhole run: {time.monotonic() - began:.0f} s")
    if broken:
        say(
            "BROKEN: "
            + "; ".join(
                f"{o.scenario} run {o.run + 1}: lost {o.lost}, failed {o.failed}, "
                f"never arrived {o.missing}{', ' + o.error if o.error else ''}"
                for o in broken
            )
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
