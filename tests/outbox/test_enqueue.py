"""enqueue_on_commit: the one way work is handed to Celery. A call exists exactly when the action
that made it does, is handed over after commit, and waits in the table while the broker is down."""

import sys
from datetime import timedelta
from unittest import mock

import pytest
from celery import shared_task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from outbox import services
from outbox.models import QueuedTask

pytestmark = pytest.mark.django_db

ran: list = []


@shared_task(name="tests.outbox.record")
def record(*args):
    ran.append(args)


@pytest.fixture(autouse=True)
def _empty():
    ran.clear()


def test_a_call_runs_after_the_transaction_commits_and_leaves_nothing_behind(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_on_commit(record, 1, 2)
        assert ran == []  # not before the commit

    assert ran == [(1, 2)]
    assert not QueuedTask.objects.exists()


def test_a_call_made_in_a_transaction_that_rolls_back_never_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.enqueue_on_commit(record, 1)
        raise RuntimeError("the user's action failed")

    assert ran == [] and not QueuedTask.objects.exists()


def test_a_task_can_be_named_instead_of_imported(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_on_commit("tests.outbox.record", 7)

    assert ran == [(7,)]


def test_with_the_broker_down_the_call_waits_and_the_flusher_hands_it_over(
    django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch.object(record, "apply_async", side_effect=OperationalError("Connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.enqueue_on_commit(record, 1)  # no exception reaches the user's action

    row = QueuedTask.objects.get()
    assert (row.task, row.args, row.attempts, row.claimed_at) == ("tests.outbox.record", [1], 1, None)
    assert "Connection refused" in row.last_error and "the broker is unreachable" in caplog.text
    assert ran == []

    QueuedTask.objects.update(created_at=timezone.now() - timedelta(seconds=2))
    assert services.flush() == 1  # the broker answers again

    assert ran == [(1,)] and not QueuedTask.objects.exists()


def test_after_a_refusal_new_calls_wait_without_trying_the_broker_again(django_capture_on_commit_callbacks):
    """Each try would cost a user's request the connection timeout: the flusher takes them."""
    with (
        mock.patch.object(record, "apply_async", side_effect=OperationalError("down")) as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for i in range(5):
            services.enqueue_on_commit(record, i)

    assert apply_async.call_count == 1
    assert QueuedTask.objects.count() == 5


def test_the_flusher_leaves_a_call_its_publisher_is_handing_over():
    QueuedTask.objects.create(task="tests.outbox.record", args=[1])  # made this instant
    QueuedTask.objects.create(
        task="tests.outbox.record",
        args=[2],
        created_at=timezone.now() - timedelta(seconds=30),
        claimed_at=timezone.now(),  # a publisher holds it now
    )

    assert services.flush() == 0
    assert ran == []


def test_a_call_whose_publisher_died_is_handed_over_after_the_claim_expires(settings):
    settings.OUTBOX_CLAIM_SECONDS = 60
    QueuedTask.objects.create(
        task="tests.outbox.record",
        args=[3],
        created_at=timezone.now() - timedelta(minutes=5),
        claimed_at=timezone.now() - timedelta(seconds=61),
    )

    assert services.flush() == 1
    assert ran == [(3,)]


def test_many_calls_are_written_at_once(django_assert_num_queries):
    with django_assert_num_queries(1):  # a fan-out's batches: one statement, not one per call
        services.enqueue_many_on_commit(record, [(i,) for i in range(100)])

    assert QueuedTask.objects.count() == 100


def test_a_countdown_is_kept_until_the_call_is_handed_over(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(record, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.enqueue_on_commit(record, 1, countdown=30)

    apply_async.assert_called_once_with(args=[1], countdown=30, retry=False)


def test_the_beat_task_flushes():
    from outbox import tasks

    QueuedTask.objects.create(
        task="tests.outbox.record", args=[4], created_at=timezone.now() - timedelta(seconds=5)
    )

    assert tasks.flush.delay().get() == 1
    assert ran == [(4,)]


def test_a_task_named_by_its_module_is_found_in_a_process_that_never_imported_it(
    django_capture_on_commit_callbacks,
):
    from celery import current_app

    current_app.tasks.pop("tests.outbox.unimported.remember", None)
    sys.modules.pop("tests.outbox.unimported", None)
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_on_commit("tests.outbox.unimported.remember", 5)

    from tests.outbox.unimported import remembered

    assert remembered == [5]
