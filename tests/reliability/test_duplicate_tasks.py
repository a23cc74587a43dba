"""A duplicate or replayed task sends nothing twice: the same batches, published again while the
first copies wait and again after everything was sent, reach the worker and deliver nothing."""

from alarms import tasks
from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.delivery.services import BATCH_SIZE
from alarms.raising.services import alarm_raise
from alarms.rosters.models import ChannelKind
from tests import factories as f

from .harness import RELIABILITY, assert_each_received_once, build_roster, wait_until

pytestmark = RELIABILITY

RECIPIENTS = 30
KINDS = ("email", "webhook", "sms", "inapp")


def test_duplicate_and_replayed_tasks_send_nothing_twice(pipeline):
    build_roster("24", RECIPIENTS, KINDS, pipeline.sink)
    alarm = alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="Övning"
    )
    deliveries = Delivery.objects.filter(alarm=alarm)
    ids = list(deliveries.values_list("pk", flat=True))
    total = len(ids)
    assert total == RECIPIENTS * len(KINDS)
    # Two more copies of every batch wait beside the originals, one in the opposite order, so the
    # worker's two processes race for the same rows.
    duplicates = [
        tasks.deliver_batch.apply_async(args=[ids]),
        tasks.deliver_batch.apply_async(args=[ids[::-1]]),
    ]
    # The sweeper stays out of it (long bounds): only the duplicates are under test.
    worker = pipeline.start_worker(ALARM_REQUEUE_AFTER_SECONDS=600, ALARM_SENDING_LEASE_SECONDS=600)
    wait_until(lambda: deliveries.filter(state=Delivery.State.SENT).count() == total, 60, what="all sent")

    def results():
        return worker.task_results("alarms.tasks.deliver_batch")

    # The in-app rows were written with the alarm; the raise published the others, in batches.
    by_workers = deliveries.exclude(kind=ChannelKind.INAPP).count()
    published = -(-by_workers // BATCH_SIZE) + len(duplicates)  # the raise's batches, and ours
    wait_until(lambda: len(results()) >= published, 30, what="every batch to finish")
    batches = results()
    assert len(batches) == published and all(d.id in batches for d in duplicates)
    assert sum(int(n) for n in batches.values()) == by_workers, f"deliveries counted twice: {batches}"

    replays = [tasks.deliver_batch.apply_async(args=[ids])]
    replays += [tasks.deliver_one.apply_async(args=[pk]) for pk in ids[:: len(KINDS)]]
    wait_until(
        lambda: all(
            r.id in results() or r.id in worker.task_results("alarms.tasks.deliver_one") for r in replays
        ),
        30,
        what="the replays to run",
    )
    assert results()[replays[0].id] == "0"
    assert set(worker.task_results("alarms.tasks.deliver_one").values()) == {"False"}

    received = assert_each_received_once(alarm, pipeline.sink, pipeline.maildir, max_copies=0)
    sent_once = deliveries.exclude(kind=ChannelKind.INAPP).values_list("attempts", flat=True)
    assert set(sent_once) == {1}
    print(f"\n[duplicates] {len(batches)} batches for {total} deliveries, {len(replays)} replays; {received}")
