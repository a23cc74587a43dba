"""Recovering in seconds: a batch holds its rows by a lease its worker renews while it runs, so the
rows of a worker that died are taken back once the lease runs out (not after a fixed minute); a
broker that lost its memory (Redis restarted) has what waits published again at once; a delivery
task that meets the database or the broker failing retries within seconds."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from alarms import tasks
from alarms.delivery import services
from alarms.delivery.models import Delivery
from alarms.delivery.services import Lease, deliver_many, sweep_outbox
from config.celery import app as celery_app
from outbox import services as outbox
from tests.alarms.delivery.test_services_sweep import APPLY_ASYNC, published, raise_alarm

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs (not an Exception, so no handler
    in the delivery code catches it)."""


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return sweep_outbox(**kwargs)

    return run


def die_at_the_second_send():
    sends = []

    def notify(delivery, message):
        sends.append(delivery.pk)
        if len(sends) == 2:
            raise WorkerDied

    return mock.patch("alarms.delivery.transports.Email.notify", side_effect=notify, autospec=False)


def test_a_dead_workers_batch_is_taken_back_when_its_lease_runs_out(settings, sweep):
    settings.ALARM_SENDING_LEASE_SECONDS = 10
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm(organisations=4)
    ids = list(alarm.deliveries.order_by("pk").values_list("pk", flat=True))
    with die_at_the_second_send(), pytest.raises(WorkerDied):
        deliver_many(ids)
    rows = {d.pk: d for d in alarm.deliveries.all()}
    # The first went out; the second was mid-send; the last two were held by the batch.
    assert [rows[pk].state for pk in ids] == ["sent", "sending", "queued", "queued"]
    held_since = rows[ids[2]].claimed_at
    assert held_since is not None and rows[ids[3]].claimed_at == held_since

    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert sweep(now=held_since + timedelta(seconds=9)) == 0  # within the lease: its worker may live
        apply_async.assert_not_called()
        assert sweep(now=held_since + timedelta(seconds=11)) == 3  # long before the 60 s requeue bound
    assert sorted(published(apply_async)) == ids[1:]
    assert set(alarm.deliveries.filter(pk__in=ids[1:]).values_list("state", "claimed_at")) == {
        ("queued", None)
    }


def test_what_a_dead_worker_held_is_then_sent_once(settings, sweep):
    settings.ALARM_SENDING_LEASE_SECONDS = 10
    alarm = raise_alarm(organisations=3)
    ids = list(alarm.deliveries.order_by("pk").values_list("pk", flat=True))
    with die_at_the_second_send(), pytest.raises(WorkerDied):
        deliver_many(ids)
    assert len(mail.outbox) == 0  # the patched transport sent nothing for real

    sweep(now=timezone.now() + timedelta(seconds=11))

    assert len(mail.outbox) == 2  # the one mid-send (sent again, same key) and the one never reached
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_rows_a_live_batch_holds_are_not_taken_from_it(settings, sweep):
    settings.ALARM_SENDING_LEASE_SECONDS = 10
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm(organisations=2)
    now = timezone.now()
    alarm.deliveries.update(claimed_at=now - timedelta(seconds=3), queued_at=now - timedelta(minutes=5))
    with mock.patch(APPLY_ASYNC, autospec=True) as apply_async:
        assert sweep(now=now) == 0
    apply_async.assert_not_called()


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test ends with a flush that empties the migrations' reference data."""
    from django.contrib.auth.models import Group

    from accounts.models import RoleName
    from actors.models import Municipality, Region
    from actors.reference import load_geography

    load_geography(Region, Municipality)
    for role in RoleName:
        Group.objects.get_or_create(name=role.value)


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_the_batch_runs(settings, reference_data):
    """A send may take up to the transport's timeout: the worker's thread keeps the batch's lease."""
    settings.ALARM_SENDING_LEASE_SECONDS = 0.3  # renewed every 0.1 s
    alarm = raise_alarm(organisations=2)
    celery_app.conf.task_always_eager = False  # as in a worker (restored by tests/conftest.py)
    ids = list(alarm.deliveries.values_list("pk", flat=True))
    old = timezone.now() - timedelta(hours=1)
    alarm.deliveries.update(state=Delivery.State.QUEUED, claimed_at=old, sent_at=None)
    Delivery.objects.filter(pk=ids[0]).update(state=Delivery.State.SENDING)
    with Lease(ids):
        time.sleep(0.45)
        renewed = dict(alarm.deliveries.values_list("pk", "claimed_at"))
    assert all(at > timezone.now() - timedelta(seconds=1) for at in renewed.values())
    # Once the batch is done, nothing renews it any more.
    alarm.deliveries.update(claimed_at=old)
    time.sleep(0.25)
    assert set(alarm.deliveries.values_list("claimed_at", flat=True)) == {old}


@pytest.mark.django_db(transaction=True)
def test_a_stalled_batch_is_no_longer_renewed(settings, reference_data, monkeypatch):
    """A send hung past every timeout: the worker lives, but its rows go back to the sweeper."""
    settings.ALARM_SENDING_LEASE_SECONDS = 0.3
    monkeypatch.setattr(Lease, "STALLED_AFTER", 0.05)
    alarm = raise_alarm(organisations=1)
    celery_app.conf.task_always_eager = False
    old = timezone.now() - timedelta(hours=1)
    alarm.deliveries.update(state=Delivery.State.SENDING, claimed_at=old)
    with Lease(list(alarm.deliveries.values_list("pk", flat=True))) as lease:
        time.sleep(0.45)  # no row reached since the start: stalled at the first renewal (0.1 s)
        assert not lease.thread.is_alive()
    assert set(alarm.deliveries.values_list("claimed_at", flat=True)) == {old}


def test_inside_a_transaction_no_thread_is_started(settings):
    celery_app.conf.task_always_eager = False
    with Lease([1, 2, 3]) as lease:
        assert lease.thread is None


@pytest.mark.django_db(transaction=True)
def test_where_no_worker_runs_the_task_no_thread_is_started(reference_data):
    """Eager mode (the quick start on SQLite): the task runs after commit, in the web process."""
    with Lease([1, 2, 3]) as lease:
        assert lease.thread is None


# --- A broker that lost its memory ----------------------------------------------------------------


class FakeRedis:
    def __init__(self, keys=()):
        self.keys = dict.fromkeys(keys, "x")

    def exists(self, key):
        return int(key in self.keys)

    def set(self, key, value):
        self.keys[key] = value


def test_a_broker_that_lost_its_memory_has_everything_waiting_published_at_once(settings, sweep):
    settings.ALARM_REQUEUE_AFTER_SECONDS = 60
    alarm = raise_alarm(organisations=3)
    now = timezone.now()
    alarm.deliveries.update(queued_at=now - timedelta(seconds=5))  # far below the 60 s bound
    fresh = alarm.deliveries.order_by("pk").last()
    Delivery.objects.filter(pk=fresh.pk).update(queued_at=now)  # may still be on its way: left alone
    redis = FakeRedis()
    with (
        mock.patch("outbox.services._broker_client", return_value=redis),
        mock.patch(APPLY_ASYNC, autospec=True) as apply_async,
    ):
        assert sweep(now=now) == 2
        assert sorted(published(apply_async)) == sorted(
            alarm.deliveries.exclude(pk=fresh.pk).values_list("pk", flat=True)
        )
        # The broker is marked: the next sweep waits for the bound again.
        assert outbox.MEMORY_KEY in redis.keys
        apply_async.reset_mock()
        alarm.deliveries.update(queued_at=now - timedelta(seconds=5))
        assert sweep(now=now) == 0


def test_a_broker_that_remembers_or_cannot_be_asked_changes_nothing():
    with mock.patch("outbox.services._broker_client", return_value=FakeRedis([outbox.MEMORY_KEY])):
        assert outbox.broker_forgot() is False
    broken = mock.Mock(exists=mock.Mock(side_effect=ConnectionError("refused")))
    with mock.patch("outbox.services._broker_client", return_value=broken):
        assert outbox.broker_forgot() is False
    # Eager (the quick start, these tests): no broker to ask.
    assert outbox._broker_client() is None and outbox.broker_forgot() is False


# --- Transient errors: retried at once, briefly ------------------------------------------------------


@pytest.fixture
def retries_inline():
    """An eager task's retry runs inline, at once, when the error is not propagated."""
    from config.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_a_batch_that_meets_the_database_restarting_is_retried_and_delivered(settings, retries_inline):
    alarm = raise_alarm(organisations=2)
    ids = list(alarm.deliveries.values_list("pk", flat=True))
    real = services.deliver_many
    calls = []

    def flaky(delivery_ids):
        calls.append(delivery_ids)
        if len(calls) < 3:
            raise OperationalError("the database system is shutting down")
        return real(delivery_ids)

    with mock.patch("alarms.delivery.services.deliver_many", side_effect=flaky):
        result = tasks.deliver_batch.apply(args=[ids], throw=False)

    assert result.successful() and len(calls) == 3
    assert set(alarm.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_the_retries_come_after_one_two_four_eight_seconds():
    from celery.utils.time import get_exponential_backoff_interval

    options = tasks.TRANSIENT_RETRY
    waits = [
        get_exponential_backoff_interval(
            factor=options["retry_backoff"],
            retries=n,
            maximum=options["retry_backoff_max"],
            full_jitter=options["retry_jitter"],
        )
        for n in range(5)
    ]
    assert waits == [1, 2, 4, 8, 8]
    for task in (tasks.deliver_batch, tasks.deliver_one):
        assert OperationalError in task.autoretry_for and task.acks_late


def test_a_bug_is_not_retried():
    with (
        mock.patch("alarms.delivery.services.deliver_many", side_effect=ValueError("a bug")) as deliver,
        pytest.raises(ValueError),
    ):
        tasks.deliver_batch.apply(args=[[1]], throw=True)
    assert deliver.call_count == 1


# --- A worker whose row was taken back does not overwrite the new claim's outcome -----------------


def taken_back_and_sent_by_another_worker_during(outcome):
    """The transport's send, during which the sweeper took the row back and another worker claimed
    and sent it; then this send ends with ``outcome`` (None: success, else the error it raises)."""

    def notify(delivery, message):
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.SENT, attempts=delivery.attempts + 2, sent_at=timezone.now()
        )
        if outcome is not None:
            raise outcome

    return mock.patch("alarms.delivery.transports.Email.notify", side_effect=notify, autospec=False)


@pytest.mark.parametrize(
    "outcome",
    [None, "transient", "permanent"],
)
def test_a_slow_send_does_not_overwrite_what_the_new_claim_recorded(settings, outcome):
    from alarms.core.models import AlarmEvent, EventKind
    from alarms.delivery.transports import TransportError

    settings.ALARM_MAX_ATTEMPTS = 5
    alarm = raise_alarm(organisations=1)
    delivery = alarm.deliveries.get()
    error = {None: None, "transient": TransportError("timed out"), "permanent": TransportError("550", True)}
    with (
        taken_back_and_sent_by_another_worker_during(error[outcome]),
        mock.patch("alarms.tasks.deliver_one.apply_async", autospec=True) as retry,
    ):
        assert services.deliver(delivery.pk) is False

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.SENT, 2)
    assert delivery.next_attempt_at is None and delivery.error == ""
    retry.assert_not_called()
    assert not AlarmEvent.objects.filter(alarm=alarm, kind=EventKind.FAILED).exists()


def test_a_send_whose_row_was_taken_back_but_not_yet_claimed_is_recorded(settings):
    """The sweeper took it back (queued again) and no worker has claimed it yet: the send that did
    finish is recorded, and nothing is sent twice."""
    alarm = raise_alarm(organisations=1)
    delivery = alarm.deliveries.get()

    def notify(d, message):
        Delivery.objects.filter(pk=d.pk).update(state=Delivery.State.QUEUED, claimed_at=None)

    with mock.patch("alarms.delivery.transports.Email.notify", side_effect=notify, autospec=False):
        assert services.deliver(delivery.pk) is True
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.SENT, 1)
