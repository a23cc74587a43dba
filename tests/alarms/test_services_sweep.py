"""services.sweep_outbox and services.publish: what the broker lost, or a dead worker held, is
published again; a broker that is down loses nothing."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from alarms import services
from alarms.models import AlarmKind, Delivery
from tests import factories as f

pytestmark = pytest.mark.django_db

APPLY_ASYNC = "alarms.tasks.deliver_batch.apply_async"


def raise_alarm(organisations=1, channels=("email",)):
    for _i in range(organisations):
        f.roster_entry("24", deputy=False, channels=channels)
    return services.alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="Övning"
    )


def published(apply_async) -> list[int]:
    return [pk for call in apply_async.call_args_list for pk in call.kwargs["args"][0]]


@pytest.fixture
def now():
    return timezone.now()


def test_a_delivery_queued_too_long_is_published_again(settings, now):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm()
    delivery = alarm.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=now - timedelta(seconds=61))

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert services.sweep_outbox(now=now) == 1

    assert published(apply_async) == [delivery.pk]
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.QUEUED and delivery.queued_at == now


def test_the_sweeper_actually_delivers_what_the_broker_lost(settings, now):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm(organisations=3)  # never published: the test's transaction never commits

    assert services.sweep_outbox(now=now + timedelta(seconds=61)) == 3

    assert len(mail.outbox) == 3
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    assert services.sweep_outbox(now=now + timedelta(seconds=200)) == 0
    assert len(mail.outbox) == 3


def test_a_delivery_queued_recently_is_left_alone(settings, now):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=now - timedelta(seconds=30))

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert services.sweep_outbox(now=now) == 0

    apply_async.assert_not_called()


def test_a_delivery_abandoned_mid_send_is_queued_and_published_again(settings, now):
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
        assert services.sweep_outbox(now=now) == 1

    assert published(apply_async) == [abandoned.pk]
    abandoned.refresh_from_db()
    held.refresh_from_db()
    assert abandoned.state == Delivery.State.QUEUED and abandoned.queued_at == now
    assert held.state == Delivery.State.SENDING  # its worker is still within its lease


def test_an_abandoned_delivery_is_sent_once_after_the_sweep(settings, now):
    settings.ALARM_SENDING_LEASE_SECONDS = 120
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.SENDING, claimed_at=now - timedelta(seconds=300), attempts=1
    )

    services.sweep_outbox(now=now)
    services.sweep_outbox(now=now)

    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT and delivery.attempts == 2


def test_a_retry_that_is_not_yet_due_is_not_published(settings, now):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        queued_at=now - timedelta(minutes=10), next_attempt_at=now + timedelta(seconds=40), attempts=2
    )

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert services.sweep_outbox(now=now) == 0

    apply_async.assert_not_called()


def test_a_lost_retry_that_is_due_is_published(settings, now):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        queued_at=now - timedelta(minutes=10), next_attempt_at=now - timedelta(minutes=10), attempts=2
    )

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert services.sweep_outbox(now=now) == 1

    assert published(apply_async) == [delivery.pk]


@pytest.mark.parametrize("state", [Delivery.State.SENT, Delivery.State.FAILED, Delivery.State.CANCELLED])
def test_finished_deliveries_are_never_swept(settings, now, state):
    delivery = raise_alarm().deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        state=state, queued_at=now - timedelta(hours=1), claimed_at=now - timedelta(hours=1)
    )

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert services.sweep_outbox(now=now) == 0

    apply_async.assert_not_called()


def test_a_broker_that_is_down_loses_nothing(settings, now, caplog):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm(organisations=2)
    alarm.deliveries.update(queued_at=now - timedelta(minutes=5))

    with mock.patch(APPLY_ASYNC, autospec=True, side_effect=OperationalError("Connection refused")):
        services.sweep_outbox(now=now)

    assert "broker unavailable" in caplog.text
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.QUEUED}
    assert mail.outbox == []

    services.sweep_outbox(now=now + timedelta(seconds=61))  # the broker is back

    assert len(mail.outbox) == 2


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
    assert "broker unavailable" in caplog.text

    services.sweep_outbox(now=timezone.now() + timedelta(seconds=61))

    assert len(mail.outbox) == 2
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_publish_swallows_a_broker_error_and_says_how_many_it_published():
    with mock.patch(APPLY_ASYNC, autospec=True, side_effect=[None, OperationalError("down")]) as apply_async:
        assert services.publish(range(1, services.BATCH_SIZE * 3)) == services.BATCH_SIZE

    assert apply_async.call_count == 2  # it stops at the first failure; the sweeper does the rest


def test_publish_hands_deliveries_over_in_batches():
    ids = list(range(1, 2 * services.BATCH_SIZE + 11))

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert services.publish(ids) == len(ids)

    assert [len(call.kwargs["args"][0]) for call in apply_async.call_args_list] == [
        services.BATCH_SIZE,
        services.BATCH_SIZE,
        10,
    ]
    assert published(apply_async) == ids
    assert all(call.kwargs["retry"] is False for call in apply_async.call_args_list)


def test_publish_of_nothing_sends_nothing():
    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert services.publish([]) == 0
    apply_async.assert_not_called()


def test_after_a_worker_dies_mid_fan_out_everyone_gets_exactly_one_message_per_channel(settings, now):
    settings.ALARM_SENDING_LEASE_SECONDS = 120
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    user = f.contact()
    f.roster_entry("24", organisation=user.organisation, channels=("email", "inapp"), user_for_primary=user)
    alarm = raise_alarm(organisations=19)
    ids = list(alarm.deliveries.order_by("pk").values_list("pk", flat=True))
    for pk in ids[:6]:  # what the worker finished before it was killed
        services.deliver(pk)
    mail.outbox.clear()
    died = now - timedelta(minutes=5)
    Delivery.objects.filter(pk__in=ids[6:9]).update(state=Delivery.State.SENDING, claimed_at=died, attempts=1)
    Delivery.objects.filter(pk__in=ids[9:]).update(queued_at=died)  # prefetched by the dead worker, lost

    services.sweep_outbox(now=now)
    services.sweep_outbox(now=now + timedelta(minutes=5))

    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    resent = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(alarm.deliveries.filter(pk__in=ids[6:], kind="email").values_list("target", flat=True))
    assert resent == expected  # nothing twice, nobody missed
    assert user.alarm_notifications.count() == 1


def test_the_beat_tasks_run_their_services(now):
    from alarms import tasks
    from alarms.models import PipelineHeartbeat

    raise_alarm()

    assert tasks.sweep_outbox.delay().get() == 0
    assert tasks.escalate_due.delay().get() == 0
    assert tasks.close_expired.delay().get() == 0
    tasks.heartbeat.delay(now.isoformat())
    beat = PipelineHeartbeat.objects.get()
    assert beat.sent_at == now and beat.seen_at >= now
