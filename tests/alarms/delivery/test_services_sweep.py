"""services.sweep_outbox and publish: what the broker lost, or a dead worker held, is
published again; a broker that is down loses nothing (the task outbox keeps the calls, and its
flusher hands them over when the broker is back)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.delivery.services import BATCH_SIZE, deliver, publish, sweep_outbox
from alarms.raising.services import alarm_raise
from outbox.models import QueuedTask
from outbox.services import flush
from tests import factories as f

pytestmark = pytest.mark.django_db

APPLY_ASYNC = "alarms.tasks.deliver_batch.apply_async"


def raise_alarm(organisations=1, channels=("email",)):
    for _i in range(organisations):
        f.roster_entry("24", deputy=False, channels=channels)
    return alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="Övning"
    )


def published(apply_async) -> list[int]:
    return [pk for call in apply_async.call_args_list for pk in call.kwargs["args"][0]]


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """The sweeper as beat runs it: its hand-over to the broker happens after its transaction."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return sweep_outbox(**kwargs)

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_delivery_queued_too_long_is_published_again(settings, now, sweep):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm()
    delivery = alarm.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=now - timedelta(seconds=61))

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert sweep(now=now) == 1

    assert published(apply_async) == [delivery.pk]
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.QUEUED and delivery.queued_at == now


def test_the_sweeper_actually_delivers_what_the_broker_lost(settings, now, sweep):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm(organisations=3)  # never published: the test's transaction never commits

    assert sweep(now=now + timedelta(seconds=61)) == 3

    assert len(mail.outbox) == 3
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    assert sweep(now=now + timedelta(seconds=200)) == 0
    assert len(mail.outbox) == 3


def test_a_delivery_queued_recently_is_left_alone(settings, now, sweep):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=now - timedelta(seconds=30))

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert sweep(now=now) == 0

    apply_async.assert_not_called()


def test_a_delivery_abandoned_mid_send_is_queued_and_published_again(settings, now, sweep):
    settings.ALARM_SENDING_LEASE_SECONDS = 120
    alarm = raise_alarm(organisations=2)
    abandoned, held = alarm.deliveries.order_by("pk")
    Delivery.objects.filter(pk=abandoned.pk).update(
        state=Delivery.State.SENDING, claimed_at=now - timedelta(seconds=121), attempts=1
    )
    Delivery.objects.filter(pk=held.pk).update(
        state=Delivery.State.SENDING, claimed_at=now - timedelta(seconds=30), attempts=1, queued_at=now
    )

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert sweep(now=now) == 1

    assert published(apply_async) == [abandoned.pk]
    abandoned.refresh_from_db()
    held.refresh_from_db()
    assert abandoned.state == Delivery.State.QUEUED and abandoned.queued_at == now
    assert held.state == Delivery.State.SENDING  # its worker is still within its lease


def test_an_abandoned_delivery_is_sent_once_after_the_sweep(settings, now, sweep):
    settings.ALARM_SENDING_LEASE_SECONDS = 120
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.SENDING, claimed_at=now - timedelta(seconds=300), attempts=1
    )

    sweep(now=now)
    sweep(now=now)

    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT and delivery.attempts == 2


def test_a_retry_that_is_not_yet_due_is_not_published(settings, now, sweep):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        queued_at=now - timedelta(minutes=10), next_attempt_at=now + timedelta(seconds=40), attempts=2
    )

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert sweep(now=now) == 0

    apply_async.assert_not_called()


def test_a_lost_retry_that_is_due_is_published(settings, now, sweep):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        queued_at=now - timedelta(minutes=10), next_attempt_at=now - timedelta(minutes=10), attempts=2
    )

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert sweep(now=now) == 1

    assert published(apply_async) == [delivery.pk]


@pytest.mark.parametrize("state", [Delivery.State.SENT, Delivery.State.FAILED, Delivery.State.CANCELLED])
def test_finished_deliveries_are_never_swept(settings, now, state, sweep):
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        state=state, queued_at=now - timedelta(hours=1), claimed_at=now - timedelta(hours=1)
    )

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert sweep(now=now) == 0

    apply_async.assert_not_called()


def test_a_broker_that_is_down_loses_nothing(settings, now, caplog, sweep):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm(organisations=2)
    alarm.deliveries.update(queued_at=now - timedelta(minutes=5))

    with mock.patch(APPLY_ASYNC, autospec=True, side_effect=OperationalError("Connection refused")):
        sweep(now=now)

    assert "the broker is unreachable" in caplog.text
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.QUEUED}
    # The raise's hand-over (never committed in this test) and the sweeper's both wait.
    assert QueuedTask.objects.filter(task="alarms.tasks.deliver_batch").count() == 2
    assert mail.outbox == []

    QueuedTask.objects.update(created_at=now - timedelta(seconds=5))
    flush()  # the broker is back: the flusher hands the batch over at once, no sweep needed

    assert len(mail.outbox) == 2
    assert not QueuedTask.objects.exists()


def test_a_raise_while_the_broker_is_down_succeeds_and_is_delivered_later(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    with (
        mock.patch(APPLY_ASYNC, autospec=True, side_effect=OperationalError("Connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        alarm = raise_alarm(organisations=2)

    assert alarm.pk and alarm.recipients.count() == 2
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.QUEUED}
    assert "the broker is unreachable" in caplog.text

    QueuedTask.objects.update(created_at=timezone.now() - timedelta(seconds=5))
    flush()  # the broker is back

    assert len(mail.outbox) == 2
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_publish_keeps_what_the_broker_refuses_and_hands_over_the_rest_later(committed):
    with (
        mock.patch(APPLY_ASYNC, autospec=True, side_effect=[None, OperationalError("down")]) as apply_async,
        committed(),
    ):
        publish(range(1, BATCH_SIZE * 3))

    assert apply_async.call_count == 2  # it stops at the first refusal; the flusher does the rest
    assert QueuedTask.objects.count() == 2


def test_publish_hands_deliveries_over_in_batches(committed):
    ids = list(range(1, 2 * BATCH_SIZE + 11))

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async, committed():
        publish(ids)

    assert [len(call.kwargs["args"][0]) for call in apply_async.call_args_list] == [
        BATCH_SIZE,
        BATCH_SIZE,
        10,
    ]
    assert published(apply_async) == ids
    assert all(call.kwargs["retry"] is False for call in apply_async.call_args_list)
    assert not QueuedTask.objects.exists()


def test_publish_of_nothing_sends_nothing(committed):
    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async, committed():
        publish([])
    apply_async.assert_not_called()
    assert not QueuedTask.objects.exists()


def test_after_a_worker_dies_mid_fan_out_everyone_gets_exactly_one_message_per_channel(settings, now, sweep):
    settings.ALARM_SENDING_LEASE_SECONDS = 120
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    user = f.contact()
    f.roster_entry("24", organisation=user.organisation, channels=("email", "inapp"), user_for_primary=user)
    alarm = raise_alarm(organisations=19)
    ids = list(alarm.deliveries.order_by("pk").values_list("pk", flat=True))
    for pk in ids[:6]:  # what the worker finished before it was killed
        deliver(pk)
    mail.outbox.clear()
    died = now - timedelta(minutes=5)
    Delivery.objects.filter(pk__in=ids[6:9]).update(state=Delivery.State.SENDING, claimed_at=died, attempts=1)
    Delivery.objects.filter(pk__in=ids[9:]).update(queued_at=died)  # prefetched by the dead worker, lost

    sweep(now=now)
    sweep(now=now + timedelta(minutes=5))

    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    resent = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(alarm.deliveries.filter(pk__in=ids[6:], kind="email").values_list("target", flat=True))
    assert resent == expected  # nothing twice, nobody missed
    assert user.alarm_notifications.count() == 1


def test_the_beat_tasks_run_their_services(now):
    from alarms import tasks
    from alarms.health.models import PipelineHeartbeat

    raise_alarm()

    assert tasks.sweep_outbox.delay().get() == 0
    assert tasks.escalate_due.delay().get() == 0
    assert tasks.close_expired.delay().get() == 0
    tasks.heartbeat.delay(now.isoformat())
    beat = PipelineHeartbeat.objects.get()
    assert beat.sent_at == now and beat.seen_at >= now
