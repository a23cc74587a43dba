"""Benchmark: the pages of Samhandla at national scale, each against a one-query view, in one run.

    .venv/bin/python bench/pages.py [--scale 5000] [--duration 12] [--connections 16]
                                    [--users samordnare,tjansteman,kontakt] [--baseline-scale 0]
                                    [--before DIR] [--rebuild] [--pages dashboard,case_list,...]

What it does, so the numbers can be read:
- PostgreSQL: a database per scale (``samhandla_pages_<N>`` on ``BENCH_PAGES_SERVER``, default
  ``postgres://postgres@127.0.0.1:5432``), migrated and filled with ``seed_demo --scale N``. It is
  kept and reused while the demo seeders (``demo/``) are unchanged (new migrations are applied to
  it); ``--rebuild`` makes it anew.
- The server: gunicorn with 2 sync workers, DEBUG off (the production settings: cached templates,
  no debug toolbar), with ``bench/pages_settings.py``: the product's settings plus a URLconf that adds
  ``/bench/trivial/`` (one ``SELECT 1``, a short text, through the same middleware as every page)
  and a middleware that reports each request's queries, SQL time and total time in headers.
  The second factor is not asked for (``SECOND_FACTOR_REQUIRED_ROLES`` empty): the users log in
  with their password through the real login form, and the session is a normal one.
- The load: ``wrk`` (Debian's package) with ``--connections`` connections on one thread for
  ``--duration`` seconds per page, each user's session cookie sent with every request. Before the
  load, each page is fetched once to check that it answers 200 with the page (not the login page);
  a page a user may not see (403/404) is left out for that user.
- Queries and SQL time: the least of 15 sequential requests (after one warm-up) as reported by the
  server's headers: what a page costs when nothing else runs (a median moved by up to 2x from run to
  run on a 2-core machine, more than the differences it was to show). ``--baseline-scale 0``
  measures the same on the demo data alone (no load), for the ratio "SQL time at scale / SQL time
  on the demo".
- ``--before DIR``: a second checkout (for example ``git worktree add /tmp/before <commit>``) is
  served from the same database and measured in the same run, each page on one right after the
  other, so before and after meet the same data, machine and conditions. Its schema is this
  checkout's (extra indexes only help it).
- The share: a page's req/s over the trivial view's req/s (the mean of its runs at the start and at
  the end). Last line: ``worst share: X %`` for the first user over the measured pages.
It reports; it never fails on speed. It exits non-zero if a page cannot be measured.
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SERVER = os.environ.get("BENCH_PAGES_SERVER", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "samhandla-demo"
SECRET = "benchmark-only-secret-key-not-for-production-0123456789abcdef"
LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format('BENCH {"requests": %d, "us": %d, "errors": %d, "p50": %d, "p95": %d}\\n',
    summary.requests, summary.duration, errors, latency:percentile(50), latency:percentile(95)))
end
"""

# (key, URL name, arguments from the chosen objects, label). The workspace tabs are the demo's
# battery-factory case, which has a full workspace.
PAGES = [
    ("dashboard", "dashboard", (), "/ start page"),
    ("case_list", "establishments:case_list", (), "/arenden/ case list"),
    ("case_overview", "establishments:case_detail", ("case",), "case overview"),
    ("goals", "workspace:goals", ("case",), "målbild tab"),
    ("actor_map", "workspace:actor_map", ("case",), "actor map tab"),
    ("contact_routes", "workspace:contact_routes", ("case",), "contact routes tab"),
    ("competence", "competence:case_competence", ("case",), "competence tab"),
    ("action_plan", "workspace:action_plan", ("case",), "handlingsplan tab"),
    ("journal", "workspace:journal", ("case",), "journal tab"),
    ("signal_list", "establishments:signal_list", (), "/signaler/"),
    ("alarm_list", "alarms:list", (), "/larm/ alarm list"),
    ("alarm_board", "alarms:board", ("alarm",), "alarm board"),
    ("inbox", "alarms:inbox", (), "alarm inbox"),
    ("matrix", "checklist:matrix", ("round",), "checklist matrix"),
    ("readiness", "checklist:overview", ("region",), "regional readiness overview"),
    ("lessons", "checklist:lesson_library", (), "lessons library"),
    ("organisation_list", "actors:organisation_list", (), "organisation list"),
    ("person_list", "actors:person_list", (), "person list"),
    ("search", "search", (), "/sok/?q=Demo search"),
]
QUERY = {"search": "?q=Demo"}
DEFAULT_USERS = ("samordnare", "tjansteman", "kontakt")


# --- The database ------------------------------------------------------------------------------


def seed_fingerprint() -> str:
    """Changes when the demo seeders change: the database is then built anew (a new migration is
    applied to the kept database)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "demo").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def database_url(scale: int) -> str:
    return f"{SERVER}/samhandla_pages_{scale}"


def psql(sql: str, database: str = "postgres") -> str:
    import psycopg2

    conn = psycopg2.connect(f"{SERVER}/{database}")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0] if cursor.description else ""
    finally:
        conn.close()


def environment(url: str, code: Path = ROOT) -> dict:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(
        PYTHONPATH=f"{code}{os.pathsep}{BENCH}",
        DJANGO_SETTINGS_MODULE="pages_settings",
        DEBUG="0",
        SECRET_KEY=SECRET,
        DATABASE_URL=url,
        REDIS_URL="",
        SECURE_SSL_REDIRECT="False",
        SECURE_COOKIES="False",
        SECURE_HSTS_SECONDS="0",
        SECOND_FACTOR_REQUIRED_ROLES="",
        SECOND_FACTOR_FOR_SUPERUSERS="False",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def ensure_database(scale: int, rebuild: bool) -> str:
    url = database_url(scale)
    name = url.rsplit("/", 1)[1]
    fingerprint = f"{scale}:{seed_fingerprint()}"
    exists = psql(f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == 1
    if exists and not rebuild:
        try:
            if psql("SELECT fingerprint FROM bench_pages_meta", name) == fingerprint:
                print(f"Reusing {name} (seeded at scale {scale}); applying new migrations.", flush=True)
                migrate = [sys.executable, "manage.py", "migrate", "-v", "0"]
                subprocess.run(migrate, cwd=ROOT, env=environment(url), check=True)
                psql("ANALYZE", name)
                return url
        except Exception:  # noqa: BLE001 - no meta table: an unfinished build
            pass
    print(f"Building {name}: migrate, seed_demo --scale {scale} ...", flush=True)
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")
    env = environment(url)
    started = time.monotonic()
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    command = [python, "manage.py", "seed_demo"] + (["--scale", str(scale)] if scale else [])
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    psql("CREATE TABLE bench_pages_meta (fingerprint text)", name)
    psql(f"INSERT INTO bench_pages_meta VALUES ('{fingerprint}')", name)
    psql("VACUUM ANALYZE", name)
    print(f"  built in {time.monotonic() - started:.0f} s", flush=True)
    return url


def describe(url: str) -> dict:
    """Row counts of the database, and the objects the pages are measured on."""
    script = r"""
import django, json
django.setup()
from django.db import connection
from accounts.models import User
from alarms.core.models import Alarm
from checklist.rounds.models import Round
from establishments.models import EstablishmentCase
from demo.data.cases import CASES
case = EstablishmentCase.objects.get(name=CASES["batteri"].name)
me = User.objects.get(username="samordnare")
alarm = Alarm.objects.filter(region=me.region).order_by("-pk").first()
round_ = Round.objects.filter(region=me.region).order_by("-pk").first()
with connection.cursor() as c:
    c.execute("SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE relname LIKE '%%historical%%'")
    history = c.fetchone()[0]
counts = {
    "cases": EstablishmentCase.objects.count(),
    "history rows": int(history or 0),
}
print(json.dumps({"case": case.pk, "alarm": alarm.pk, "round": round_.pk, "region": me.region.code,
                  "counts": counts}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def resolve_paths(url: str, objects: dict, keys: list[str]) -> dict[str, str]:
    script = r"""
import django, json, sys
django.setup()
from django.urls import reverse
pages, objects = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({key: reverse(name, args=[objects[a] for a in args]) for key, name, args in pages}))
"""
    pages = [(key, name, args) for key, name, args, _ in PAGES if key in keys]
    out = subprocess.run(
        [sys.executable, "-c", script, json.dumps(pages), json.dumps(objects)],
        cwd=ROOT,
        env=environment(url),
        check=True,
        capture_output=True,
        text=True,
    )
    paths = json.loads(out.stdout.strip().splitlines()[-1])
    return {key: path + QUERY.get(key, "") for key, path in paths.items()}


# --- The server and the sessions --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, code: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open as long as the server runs
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--chdir",
                str(code),
                "--log-level",
                "warning",
                "--backlog",
                "256",
            ],
            cwd=code,
            env=environment(url, code),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/bench/trivial/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not start; its log: {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Session:
    username: str
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    @property
    def header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)

    def opener(self):
        return urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )


def login(base: str, username: str) -> Session:
    session = Session(username)
    opener = session.opener()
    with opener.open(f"{base}/logga-in/", timeout=30) as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(f"{base}/logga-in/", data=data, headers={"Referer": f"{base}/logga-in/"})
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise SystemExit(f"{username} could not log in: HTTP {redirect.code}") from None
    else:
        raise SystemExit(f"{username} could not log in: the login form came back")
    if not any(c.name == "sessionid" for c in session.cookies):
        raise SystemExit(f"{username} could not log in: no session")
    return session


def fetch(base: str, session: Session, path: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": session.header})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect())
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- Measuring ---------------------------------------------------------------------------------


@dataclass
class Figures:
    rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    queries: int = 0
    sql_ms: float = 0.0
    total_ms: float = 0.0


def sequential(base: str, session: Session, path: str, times: int = 15) -> Figures:
    fetch(base, session, path)  # warm-up
    rows = []
    for _ in range(times):
        status, headers, _ = fetch(base, session, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status} to {session.username} during the measurement")
        rows.append(
            (
                int(headers["X-Bench-Queries"]),
                float(headers["X-Bench-Sql-Ms"]),
                float(headers["X-Bench-Total-Ms"]),
            )
        )
    return Figures(
        queries=max(r[0] for r in rows),
        sql_ms=min(r[1] for r in rows),
        total_ms=min(r[2] for r in rows),
    )


def load(base: str, session: Session, path: str, duration: int, connections: int, script: str) -> Figures:
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-s",
        script,
        "-H",
        f"Cookie: {session.header}",
        f"{base}{path}",
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    data = json.loads(line[6:])
    if data["errors"]:
        raise SystemExit(f"{path}: {data['errors']} errors under load for {session.username}\n{out}")
    return Figures(rps=data["requests"] / (data["us"] / 1e6), p50=data["p50"] / 1000, p95=data["p95"] / 1000)


def answers(base: str, session: Session, path: str) -> bool:
    """Whether the page is this user's: 200 and not the login page. 403/404: not theirs."""
    status, _, body = fetch(base, session, path)
    if status in (403, 404):
        return False
    if status != 200 or b'name="password"' in body:
        raise SystemExit(f"{path} answered {status} to {session.username} (expected the page)")
    return True


def measure(codes, url, paths, users, args, script) -> dict:
    """Every page for every user on each checkout: {label: ({(user, key): Figures}, trivial req/s)}.

    The checkouts are served side by side (an idle server costs nothing) and measured page after
    page, one right after the other, so a change in the machine's load falls on both alike."""
    servers = {label: Server(url, code) for label, code in codes}
    results: dict = {label: {} for label in servers}
    trivial: dict = {label: [] for label in servers}
    try:
        sessions = {label: {u: login(s.base, u) for u in users} for label, s in servers.items()}

        def trivial_run():
            for label, server in servers.items():
                first = sessions[label][users[0]]
                trivial[label].append(
                    load(server.base, first, "/bench/trivial/", args.duration, args.connections, script)
                )

        trivial_run()
        for user in users:
            for key, path in paths.items():
                for label, server in servers.items():
                    session = sessions[label][user]
                    if not answers(server.base, session, path):
                        continue
                    figures = sequential(server.base, session, path)
                    loaded = load(server.base, session, path, args.duration, args.connections, script)
                    figures.rps, figures.p50, figures.p95 = loaded.rps, loaded.p50, loaded.p95
                    results[label][(user, key)] = figures
                    print(
                        f"  [{label}] {user:<11} {key:<18} {figures.rps:7.1f} req/s  "
                        f"p95 {figures.p95:6.1f} ms  {figures.queries:3d} q  {figures.sql_ms:6.1f} ms SQL",
                        flush=True,
                    )
        trivial_run()
        for label in servers:
            runs = ", ".join(f"{t.rps:.0f}" for t in trivial[label])
            print(f"  [{label}] trivial view: {runs} req/s", flush=True)
    finally:
        for server in servers.values():
            server.stop()
    return {label: (results[label], statistics.mean(t.rps for t in trivial[label])) for label in servers}


def sql_baseline(url: str, paths: dict, user: str) -> dict:
    server = Server(url, ROOT)
    try:
        session = login(server.base, user)
        return {key: sequential(server.base, session, path) for key, path in paths.items()}
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=12, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", default=",".join(DEFAULT_USERS))
    parser.add_argument("--pages", default=",".join(p[0] for p in PAGES))
    parser.add_argument(
        "--baseline-scale", type=int, default=None, help="also measure SQL time at this scale"
    )
    parser.add_argument(
        "--before", type=Path, default=None, help="another checkout, measured in the same run"
    )
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    users = args.users.split(",")
    keys = args.pages.split(",")

    url = ensure_database(args.scale, args.rebuild)
    baseline_url = (
        ensure_database(args.baseline_scale, args.rebuild) if args.baseline_scale is not None else None
    )
    info = describe(url)
    print(f"Data at scale {args.scale}: {info['counts']}", flush=True)
    paths = resolve_paths(url, info, keys)

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA)
    codes = [("after", ROOT)] if args.before is None else [("before", args.before.resolve()), ("after", ROOT)]
    runs = measure(codes, url, paths, users, args, lua.name)
    baseline = None
    if baseline_url:
        base_info = describe(baseline_url)
        baseline = sql_baseline(baseline_url, resolve_paths(baseline_url, base_info, keys), users[0])

    print()
    counts = info["counts"]
    print(
        f"Scale {args.scale} ({counts['cases']} cases, {counts['history rows']} history rows); "
        f"gunicorn 2 workers; wrk {args.connections} connections x {args.duration} s per page."
    )
    for label, (results, trivial) in runs.items():
        print(f"\n{label}: trivial view {trivial:.0f} req/s")
        head = (
            f"{'user':<11} {'page':<18} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'SQL ms':>7}"
        )
        if baseline is not None and label == "after":
            head += f" {'SQL demo':>8} {'x demo':>6}"
        print(head + f" {'share':>6}")
        for (user, key), f in results.items():
            line = (
                f"{user:<11} {key:<18} {f.rps:7.1f} {f.p50:7.1f} {f.p95:7.1f} {f.queries:7d} {f.sql_ms:7.1f}"
            )
            if baseline is not None and label == "after":
                demo = baseline.get(key)
                if demo is not None and user == users[0]:
                    line += f" {demo.sql_ms:8.1f} {f.sql_ms / max(demo.sql_ms, 0.01):6.2f}"
                else:
                    line += f" {'':>8} {'':>6}"
            print(line + f" {100 * f.rps / trivial:5.1f}%")
    final, trivial = runs["after"]
    shares = {key: 100 * f.rps / trivial for (user, key), f in final.items() if user == users[0]}
    if not shares:
        raise SystemExit(f"No page answered {users[0]}")
    worst = min(shares, key=shares.get)
    most = max((f.queries, key) for (user, key), f in final.items() if user == users[0])
    print(f"\nmost queries: {most[0]} ({most[1]})")
    print(f"worst share: {shares[worst]:.1f} % ({worst}, as {users[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
