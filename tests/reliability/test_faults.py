"""The alarm chain under faults, at the production timings (lease, sweep, requeue bound and
heartbeat as config/settings.py sets them, not the short bounds the other reliability tests use):
each fault ends, and the last delivery follows within 15 s plus the time the same fan-out takes
with no fault, measured first in the same test. Nothing is lost; the copies a receiver drops by key
are at most the messages in flight when the fault struck.

The faults (bench/alarm_faults.py runs the same at 300 organisations and the full outage lengths,
and prints them as ratios to the no-fault run):

- PostgreSQL restarted mid fan-out (a private cluster the test starts, never the shared one);
- Redis killed mid fan-out (SIGKILL: what it held is gone), back after a while;
- both workers killed mid fan-out (SIGKILL), new ones started a while later;
- the alarm raised while Redis is down, Redis back a while later.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max

from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.health.selectors import pipeline as pipeline_status
from alarms.raising.services import alarm_raise
from tests import factories as f

from .harness import RELIABILITY, assert_each_received_once, build_roster, database_url, wait_until
from .postgres import PrivatePostgres

pytestmark = RELIABILITY

RECIPIENTS = (
    300  # × e-mail and webhook: 600 deliveries in 12 batches, more than the 4 pool processes take at once
)
KINDS = ("email", "webhook")
GRACE = 15  # seconds after the fault's end, on top of the no-fault fan-out time
LIMIT = 120  # seconds before a fan-out is called broken

# The timings a production worker runs with: the settings' own defaults (the test process has no
# environment overriding them), instead of the short bounds of tests/reliability/conftest.py.
PRODUCTION = {
    name: str(getattr(settings, name))
    for name in (
        "ALARM_REQUEUE_AFTER_SECONDS",
        "ALARM_SENDING_LEASE_SECONDS",
        "ALARM_SWEEP_SECONDS",
        "ALARM_RETRY_BASE_SECONDS",
        "PIPELINE_HEARTBEAT_SECONDS",
        "OUTBOX_FLUSH_SECONDS",
    )
}


def quietly(query):
    """A read in the test process that survives the database restarting under it."""
    try:
        return query()
    except DatabaseError:
        connection.close()
        return None


class Run:
    """The roster, the raising official, and the two workers (one with beat), as in production."""

    def __init__(self, pipeline, *, start_workers: bool = True):
        self.pipeline = pipeline
        build_roster("24", RECIPIENTS, KINDS, pipeline.sink)
        self.official = f.official("2482")
        self.municipality = f.municipality("2482")
        self.workers = []
        if start_workers:
            self.start_workers()

    def start_workers(self, ready: bool = True):
        self.workers = [
            self.pipeline.start_worker(beat=True, ready=ready, **PRODUCTION),
            self.pipeline.start_worker(beat=False, ready=ready, **PRODUCTION),
        ]

    def raise_alarm(self, kind=AlarmKind.ESTABLISHMENT):
        started = time.monotonic()
        alarm = alarm_raise(user=self.official, municipality=self.municipality, kind=kind, message="Larm")
        return alarm, started

    def sent(self, alarm) -> int:
        count = quietly(lambda: Delivery.objects.filter(alarm=alarm, state=Delivery.State.SENT).count())
        return count or 0

    def wait_all_sent(self, alarm, what: str) -> None:
        total = wait_until(
            lambda: quietly(Delivery.objects.filter(alarm=alarm).count), 30, what="the database"
        )
        wait_until(lambda: self.sent(alarm) == total, LIMIT, interval=0.1, what=what)

    def last_delivery(self, alarm) -> float:
        """Seconds from the raise to the last delivery (the test and the workers share a clock)."""
        last = Delivery.objects.filter(alarm=alarm).aggregate(last=Max("sent_at"))["last"]
        return (last - alarm.raised_at).total_seconds()

    def baseline(self) -> float:
        """The same fan-out with no fault (a drill to the same roster): its last delivery, in seconds."""
        alarm, _ = self.raise_alarm(kind=AlarmKind.DRILL)
        self.wait_all_sent(alarm, "the no-fault fan-out")
        # What it delivered is not what the faulted alarm is judged by.
        with self.pipeline.sink._lock:
            self.pipeline.sink.arrivals.clear()
        for message in self.pipeline.maildir.glob("*.eml"):
            message.unlink()
        return self.last_delivery(alarm)

    def raise_and_wait_for_mid_fan_out(self):
        """Raise the alarm and return once its 10th webhook is held at the receiver: a send is in
        flight, some messages went and most have not, when the test strikes."""
        self.pipeline.sink.hold_at = 10
        alarm, _ = self.raise_alarm()
        assert self.pipeline.sink.held.wait(LIMIT), "the fan-out never reached the receiver"
        return alarm

    def report(self, name, alarm, *, fault_end: float, baseline: float, copies_allowed: int, grace=GRACE):
        last = self.last_delivery(alarm)
        target = fault_end + grace + baseline
        received = assert_each_received_once(
            alarm, self.pipeline.sink, self.pipeline.maildir, max_copies=copies_allowed
        )
        print(
            f"\n[{name}] fault ended {fault_end:.1f} s after the raise; last delivery {last:.1f} s "
            f"(recovery {last - fault_end:.1f} s; target {target:.1f} s; no-fault fan-out {baseline:.1f} s; "
            f"ratio {last / baseline:.1f}); {received}"
        )
        assert last <= target, (
            f"{name}: the last delivery came {last:.1f} s after the raise, target {target:.1f}"
        )


@pytest.fixture
def private_postgres(reference_data, tmp_path):
    """The test database copied into a private cluster, and this process pointed at it (the workers
    follow: ``pipeline`` gives them this connection's database)."""
    pg = PrivatePostgres(tmp_path / "pg")
    pg.start()
    old = dict(connection.settings_dict)
    try:
        pg.copy_from(database_url(old), "samhandla")
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(pg.port), NAME="samhandla")
        yield pg
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(old)
        pg.close()


def test_postgres_restarted_mid_fan_out(private_postgres, pipeline):
    run = Run(pipeline)
    baseline = run.baseline()
    alarm = run.raise_and_wait_for_mid_fan_out()
    down = private_postgres.restart()
    fault_end = time.time() - alarm.raised_at.timestamp()
    pipeline.sink.release.set()
    connection.close()
    run.wait_all_sent(alarm, "every delivery after the restart")
    assert all(w.alive for w in run.workers), "a worker did not survive the restart"
    print(f"\n[postgres restart] down {down:.1f} s")
    # At most the sends in flight at the restart go twice: one per pool process.
    run.report("postgres restart", alarm, fault_end=fault_end, baseline=baseline, copies_allowed=4)


def test_redis_killed_mid_fan_out(pipeline):
    run = Run(pipeline)
    baseline = run.baseline()
    alarm = run.raise_and_wait_for_mid_fan_out()
    pipeline.redis.stop()
    pipeline.sink.release.set()
    time.sleep(8)  # the outage was 20 s; bench/alarm_faults.py runs that
    assert pipeline_status(use_cache=False).reasons[:1] == ["broker_unreachable"]
    pipeline.redis.start()
    fault_end = time.time() - alarm.raised_at.timestamp()
    run.wait_all_sent(alarm, "every delivery after Redis came back")
    assert all(w.alive for w in run.workers), "a worker did not survive the outage"
    # The broker's return is noticed: what it lost goes out within 10 s, not after the requeue bound.
    run.report("redis killed", alarm, fault_end=fault_end, baseline=baseline, copies_allowed=4, grace=10)


def test_both_workers_killed_mid_fan_out(pipeline):
    run = Run(pipeline)
    baseline = run.baseline()
    alarm = run.raise_and_wait_for_mid_fan_out()
    for worker in run.workers:
        worker.kill()
    pipeline.sink.release.set()
    time.sleep(5)  # the gap was 10 s; bench/alarm_faults.py runs that
    run.start_workers(ready=False)
    fault_end = time.time() - alarm.raised_at.timestamp()
    run.wait_all_sent(alarm, "the new workers to finish the fan-out")
    run.report("workers killed", alarm, fault_end=fault_end, baseline=baseline, copies_allowed=4)


def test_raised_while_redis_is_down(pipeline):
    run = Run(pipeline)
    baseline = run.baseline()
    pipeline.redis.stop()
    alarm, _ = run.raise_alarm()
    time.sleep(8)  # the outage was 30 s; bench/alarm_faults.py runs that
    assert set(Delivery.objects.filter(alarm=alarm).values_list("state", flat=True)) == {
        Delivery.State.QUEUED
    }
    pipeline.redis.start()
    fault_end = time.time() - alarm.raised_at.timestamp()
    run.wait_all_sent(alarm, "every delivery after Redis came back")
    run.report(
        "raised with redis down", alarm, fault_end=fault_end, baseline=baseline, copies_allowed=0, grace=10
    )
