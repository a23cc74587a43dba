"""Benchmark: an alarm to 1,000 recipients through the real broker and one worker, against the same
number of empty Celery tasks through the same broker and worker, measured in the same run.

    .venv/bin/python bench/alarm_fanout.py [--recipients 1000] [--rounds 3] [--concurrency 2]

What it does, so the numbers can be read:
- PostgreSQL: drops and recreates its own database (``BENCH_DATABASE_URL``, default
  ``postgres://postgres@127.0.0.1:5432/samhandla_bench``) and migrates it; dropped again at the end
  unless ``--keep-db``.
- Redis: ``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/15``); that database is FLUSHED at
  the start, so give it one nothing else uses.
- One worker process (``celery -A config worker -P prefork --concurrency 2``, log level warning),
  started by the script with this module included (``-I bench.alarm_fanout``) for ``bench.noop``.
  E-mail goes to Django's locmem backend in the worker: the measurement is the pipeline (outbox,
  broker, claim, render, record), not an SMTP server.
- The roster: one organisation per recipient, its primary contact with one e-mail channel.
- Warm-up first (a few empty tasks and a small alarm in another region), so neither measurement
  pays for the pool's first imports, connections and template compilation.
- (a) empty tasks: ``bench.noop`` published one by one, each writing one row (as a delivery
  records itself with one row update); time from the first publish to the last row's time.
  (b) the alarm: from calling ``alarm_raise`` to the last ``Delivery.sent_at``.
  Both run as the project configures Celery (config/celery.py): the worker keeps its database
  connection between tasks (CELERY_DB_REUSE_MAX), so neither side pays a reconnect per task.
  Each is run ``--rounds`` times; the median counts.
- Target (the issue): the fan-out within 3x the empty-task time, and under 10 s on a 2-core machine.
  The script reports; it does not fail on speed. It exits non-zero only if something broke (a
  delivery failed, or nothing finished within the time limit).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from celery import shared_task

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samhandla_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
TIME_LIMIT = 120  # seconds for one measurement before the run is called broken


@shared_task(name="bench.noop", ignore_result=True)
def bench_noop(n: int) -> None:
    """An empty task that records that it ran, with one row, as a delivery records itself."""
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_noop (n, done_at) VALUES (%s, %s)", [n, timezone.now()])


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "benchmark-only-secret-key-not-for-production-0123456789",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # No beat runs; long bounds keep any sweeper out of the measurement all the same.
        ALARM_REQUEUE_AFTER_SECONDS="600",
        ALARM_SENDING_LEASE_SECONDS="600",
        LOG_LEVEL="WARNING",
    )
    return env


def recreate_database() -> str:
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the benchmark's database name must contain 'bench'")
    admin = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return name


def drop_database(name: str) -> None:
    import psycopg2

    admin = urlunsplit(urlsplit(DATABASE_URL)._replace(path="/postgres"))
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def build_world(recipients: int):
    """The raising coordinators, and ``recipients`` organisations on region 24's roster with one e-mail
    channel each; a small roster in region 21 for the warm-up alarm."""
    from django.contrib.auth.models import Group

    from accounts.models import RoleName, User
    from actors.models import Level, Municipality, Organisation, OrganisationType, Person, Region
    from alarms.rosters.models import Channel, RosterEntry
    from alarms.rosters.services import roster_for

    def roster(region_code: str, count: int, tag: str) -> None:
        municipality = Municipality.objects.filter(region__code=region_code).first()
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Aktör {tag}{i:04d}", type=OrganisationType.KOMMUN, level=Level.LOKAL)
            for i in range(count)
        )
        people = Person.objects.bulk_create(
            Person(name=f"Kontakt {tag}{i}", organisation=o, email=f"kontakt{i}@{tag}.example.se")
            for i, o in enumerate(organisations)
        )
        Channel.objects.bulk_create(
            Channel(person=p, kind="email", target=p.email, position=1) for p in people
        )
        r = roster_for(municipality.region)
        RosterEntry.objects.bulk_create(
            RosterEntry(roster=r, organisation=o, primary=p, position=i)
            for i, (o, p) in enumerate(zip(organisations, people, strict=True), start=1)
        )

    roster("24", recipients, "bench")
    roster("21", 100, "warmup")
    group = Group.objects.get(name=RoleName.COORDINATOR)
    coordinators = {}
    for code in ("24", "21"):
        user = User.objects.create(username=f"samordnare-{code}", region=Region.objects.get(code=code))
        user.groups.add(group)
        coordinators[code] = user
    return coordinators


def start_worker(concurrency: int, log_path: Path) -> subprocess.Popen:
    celery = Path(sys.executable).parent / "celery"
    command = [str(celery), "-A", "config", "worker", "-l", "warning", "-P", "prefork"]
    command += ["--concurrency", str(concurrency), "-I", "bench.alarm_fanout", "-n", "bench@%h"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    log = open(log_path, "ab")  # noqa: SIM115 - the worker's, for as long as it runs
    return subprocess.Popen(
        command, cwd=ROOT, env=environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_worker(worker: subprocess.Popen) -> None:
    try:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(5)
    except ProcessLookupError:
        pass


def wait_for(predicate, what: str, worker: subprocess.Popen, log_path: Path):
    deadline = time.monotonic() + TIME_LIMIT
    while True:
        value = predicate()
        if value:
            return value
        if worker.poll() is not None or time.monotonic() > deadline:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
            raise SystemExit(f"benchmark broken: no {what} within {TIME_LIMIT} s\n{tail}")
        time.sleep(0.02)


def empty_tasks(count: int, first: int, worker, log_path) -> float:
    """Publish ``count`` empty tasks numbered from ``first``; seconds until the last one ran."""
    from django.db import connection
    from django.utils import timezone

    started = timezone.now()
    for n in range(first, first + count):
        bench_noop.apply_async(args=[n])

    def done():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), max(done_at) FROM bench_noop WHERE n >= %s AND n < %s",
                [first, first + count],
            )
            finished, last = cursor.fetchone()
        return last if finished == count else None

    return (wait_for(done, f"{count} empty tasks", worker, log_path) - started).total_seconds()


def fan_out(user, municipality, worker, log_path) -> tuple[float, int]:
    from django.db.models import Max
    from django.utils import timezone

    from alarms.core.models import AlarmKind
    from alarms.delivery.models import Delivery
    from alarms.raising.services import alarm_raise

    started = timezone.now()
    alarm = alarm_raise(user=user, municipality=municipality, kind=AlarmKind.DRILL, message="Bench")
    deliveries = Delivery.objects.filter(alarm=alarm)
    total = deliveries.count()

    def done():
        pending = deliveries.exclude(state__in=[Delivery.State.SENT, Delivery.State.FAILED]).exists()
        return not pending

    wait_for(done, f"alarm fan-out to {total}", worker, log_path)
    failed = deliveries.filter(state=Delivery.State.FAILED).count()
    if failed:
        raise SystemExit(
            f"benchmark broken: {failed} deliveries failed: {deliveries.filter(state='failed').first().error}"
        )
    last = deliveries.aggregate(last=Max("sent_at"))["last"]
    return (last - started).total_seconds(), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--keep-db", action="store_true", help="keep the benchmark database for a look")
    args = parser.parse_args()
    if args.rounds < 1 or args.recipients < 1:
        parser.error("--rounds and --recipients must be at least 1")

    os.environ.update(environment())
    sys.path.insert(0, str(ROOT))
    name = recreate_database()
    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.db import connection

    from actors.models import Municipality

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_noop (n integer PRIMARY KEY, done_at timestamptz NOT NULL)")
    redis.Redis.from_url(REDIS_URL).flushdb()
    coordinators = build_world(args.recipients)
    print(f"database {name} migrated and filled in {time.monotonic() - started:.1f} s")

    log_path = Path(tempfile.gettempdir()) / "samhandla-bench-worker.log"
    log_path.unlink(missing_ok=True)
    worker = start_worker(args.concurrency, log_path)
    try:
        print(f"load average at the start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print(
            f"one worker process, prefork concurrency {args.concurrency}; broker {REDIS_URL}; "
            f"e-mail: locmem backend; {args.recipients} recipients, one e-mail channel each"
        )
        empty_tasks(4 * args.concurrency, -100, worker, log_path)  # warm-up (and: the worker is up)
        fan_out(coordinators["21"], Municipality.objects.get(code="2180"), worker, log_path)
        noop_times, fan_times = [], []
        for round_ in range(args.rounds):
            noop = empty_tasks(args.recipients, round_ * args.recipients, worker, log_path)
            fan, total = fan_out(coordinators["24"], Municipality.objects.get(code="2482"), worker, log_path)
            noop_times.append(noop)
            fan_times.append(fan)
            print(
                f"round {round_ + 1}: {args.recipients} empty tasks {noop:.2f} s; "
                f"alarm to {total} deliveries {fan:.2f} s ({total / fan:.0f} deliveries/s); "
                f"ratio {fan / noop:.2f}"
            )
    finally:
        stop_worker(worker)
        connection.close()
        if not args.keep_db:
            drop_database(name)

    noop, fan = statistics.median(noop_times), statistics.median(fan_times)
    ratio = fan / noop
    met = ratio <= 3 and fan < 10
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    n = args.recipients
    print(f"empty tasks, median of {args.rounds}: {n} in {noop:.2f} s ({n / noop:.0f}/s)")
    print(f"alarm fan-out, median of {args.rounds}: {total} deliveries in {fan:.2f} s ({total / fan:.0f}/s)")
    from config.celery import app as celery_app

    print(f"worker database connections reused for up to {celery_app.conf.CELERY_DB_REUSE_MAX} tasks")
    print(f"target (within 3x the empty tasks and under 10 s): {'met' if met else 'MISSED'}")
    print(f"ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
