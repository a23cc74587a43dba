"""A worker killed with SIGKILL in the middle of a fan-out: a new worker finishes it, and every
recipient receives exactly one message per channel.

The kill lands at the worst moment on purpose: a webhook has arrived at its receiver, and the
worker has not yet recorded it as sent. That row is taken back after the sending lease and sent
again with the same delivery key, which the receiver drops; nothing waits for Redis's one-hour
visibility timeout for the messages the dead worker had taken off the queue.
"""

import time

from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.raising.services import alarm_raise
from tests import factories as f

from .harness import RELIABILITY, assert_each_received_once, build_roster, wait_until

pytestmark = RELIABILITY

RECIPIENTS = 200
KINDS = ("email", "webhook", "inapp")
BOUND = 60  # seconds for the new worker to finish, start-up included


def test_a_new_worker_finishes_the_fan_out_of_a_killed_one(pipeline):
    build_roster("24", RECIPIENTS, KINDS, pipeline.sink)
    official = f.official("2482")
    pipeline.sink.hold_at = RECIPIENTS // 10  # the 20th webhook arrives and is not answered
    first = pipeline.start_worker()

    alarm = alarm_raise(
        user=official, municipality=f.municipality("2482"), kind=AlarmKind.ESTABLISHMENT, message="Larm"
    )
    total = RECIPIENTS * len(KINDS)
    deliveries = Delivery.objects.filter(alarm=alarm)
    assert deliveries.count() == total

    def sent():
        return deliveries.filter(state=Delivery.State.SENT).count()

    assert pipeline.sink.held.wait(BOUND), "the fan-out never reached the receiver"
    first.kill()
    pipeline.sink.release.set()
    at_kill = sent()
    assert 0 < at_kill < total
    held = deliveries.get(key=pipeline.sink.held_key)
    assert held.state == Delivery.State.SENDING, "the held message should be mid-send at the kill"
    time.sleep(0.5)
    assert sent() == at_kill, "something is still sending after the kill"

    started = time.monotonic()
    pipeline.start_worker(ready=False)
    wait_until(lambda: sent() == total, BOUND, interval=0.1, what="the new worker to send the rest")
    took = time.monotonic() - started

    received = assert_each_received_once(alarm, pipeline.sink, pipeline.maildir, max_copies=first.concurrency)
    assert [a.key for a in pipeline.sink.snapshot()].count(held.key) == 2, "the held message was not re-sent"
    held.refresh_from_db()
    assert held.attempts == 2
    print(
        f"\n[killed worker] {at_kill}/{total} sent at the kill; the new worker finished in {took:.1f} s "
        f"(start-up included); {received}"
    )
