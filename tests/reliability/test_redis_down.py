"""Redis stopped when the alarm is raised: the raise succeeds and is stored, the in-app notices are
in the inboxes at once, and every other message goes within seconds of Redis's return: the task
outbox's flusher hands the batches over as soon as the broker answers, with no wait for the
sweeper's requeue bound (the worker here keeps its production value, 60 s)."""

import logging
import time

from alarms import tasks
from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.health.models import PipelineHeartbeat
from alarms.raising.services import alarm_raise
from alarms.rosters.models import ChannelKind
from outbox.services import REFUSAL_PAUSE
from tests import factories as f

from .harness import RELIABILITY, assert_each_received_once, build_roster, wait_until

pytestmark = RELIABILITY

RECIPIENTS = 40
KINDS = ("email", "sms", "inapp")
RAISE_BOUND = 5  # seconds: a broker that is down must not hold up the person pressing the button
DELIVERY_BOUND = 10  # seconds after Redis is back (before the outbox: 40, the sweeper's 60 s bound)


def test_an_alarm_raised_while_redis_is_down_is_delivered_when_it_is_back(pipeline, caplog):
    build_roster("24", RECIPIENTS, KINDS, pipeline.sink)
    official = f.official("2482")
    worker = pipeline.start_worker(ALARM_REQUEUE_AFTER_SECONDS=60)  # the sweeper cannot be what sends
    # Both this process and the worker hold live broker connections, which the outage then breaks.
    tasks.heartbeat.apply_async(retry=False)
    wait_until(
        lambda: PipelineHeartbeat.objects.filter(seen_at__isnull=False).exists(), 30, what="a heartbeat"
    )

    pipeline.redis.stop()
    caplog.set_level(logging.WARNING, logger="outbox.services")
    started = time.monotonic()
    alarm = alarm_raise(
        user=official, municipality=f.municipality("2482"), kind=AlarmKind.CLOSURE, message="Varsel"
    )
    took = time.monotonic() - started
    assert took < RAISE_BOUND, f"raising took {took:.1f} s with the broker down"
    assert "the broker is unreachable" in caplog.text
    deliveries = Delivery.objects.filter(alarm=alarm)
    assert deliveries.count() == RECIPIENTS * len(KINDS)
    time.sleep(2)  # the outage lasts a little
    # The in-app notices need no broker: they were written with the alarm; the rest wait for Redis.
    assert set(deliveries.exclude(kind=ChannelKind.INAPP).values_list("state", flat=True)) == {
        Delivery.State.QUEUED
    }
    assert set(deliveries.filter(kind=ChannelKind.INAPP).values_list("state", flat=True)) == {
        Delivery.State.SENT
    }

    pipeline.redis.start()
    back = time.monotonic()
    wait_until(
        lambda: not deliveries.exclude(state=Delivery.State.SENT).exists(),
        DELIVERY_BOUND,
        interval=0.1,
        what="every delivery to be sent after Redis came back",
    )
    after = time.monotonic() - back
    assert worker.alive, "the worker did not survive the outage"
    received = assert_each_received_once(alarm, pipeline.sink, pipeline.maildir, max_copies=0)
    print(
        f"\n[redis down] raised in {took:.2f} s; all delivered {after:.1f} s after Redis was back; {received}"
    )


def test_after_an_outage_the_next_alarm_is_published_at_once(pipeline, caplog):
    """The web process's broker connection recovers: the next alarm does not wait for the sweeper
    (once the outbox's pause after a refusal is over: until then new calls wait for the flusher, so
    that no request waits out a connection timeout)."""
    build_roster("24", 5, ("email",), pipeline.sink)
    official = f.official("2482")
    tasks.heartbeat.apply_async(retry=False)
    pipeline.redis.stop()
    alarm_raise(user=official, municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="1")
    pipeline.redis.start()
    time.sleep(REFUSAL_PAUSE.total_seconds())

    caplog.clear()
    alarm = alarm_raise(user=official, municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="2")
    assert "the broker is unreachable" not in caplog.text
    queue = pipeline.redis.client().lrange("celery", 0, -1)
    assert any(b"deliver_batch" in m for m in queue), "the second alarm's deliveries were not published"
    pipeline.start_worker(beat=False)
    wait_until(
        lambda: not Delivery.objects.filter(alarm=alarm).exclude(state=Delivery.State.SENT).exists(),
        30,
        what="the second alarm's deliveries (published directly, no sweeper running)",
    )
