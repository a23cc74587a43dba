"""Real concurrency on PostgreSQL: several threads, each with its own connection, racing for the
same outbox rows, the same escalation step and the same answer link. (SQLite serialises writers
and ignores row locks, so these run on PostgreSQL only.)"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from alarms.answering.services import AlreadyAnswered, alarm_close, recipient_answer
from alarms.core.models import AlarmEvent, EventKind, Recipient, Response, Step
from alarms.delivery.messages import answer_token, delivery_from_token
from alarms.delivery.models import Delivery
from alarms.delivery.services import deliver
from alarms.escalation.services import escalate_due
from alarms.inbox.models import Notification
from alarms.raising.services import alarm_raise
from alarms.rosters.models import ChannelKind
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

THREADS = 4


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test ends with a flush that empties the migrations' reference data."""
    from django.contrib.auth.models import Group

    from accounts.models import RoleName
    from actors.models import Municipality, Region
    from actors.reference import load_geography

    load_geography(Region, Municipality)
    for role in RoleName:
        Group.objects.get_or_create(name=role.value)


def race(fn, *args) -> list:
    """Run ``fn(*args)`` in THREADS threads released at the same moment; their results, or errors."""
    start = threading.Barrier(THREADS)
    results: list = []

    def run():
        try:
            start.wait()
            results.append(fn(*args))
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def raise_unpublished(**kw):
    """Raised and committed, but not yet handed to a worker: the threads below are the workers."""
    with mock.patch("alarms.delivery.services.publish", autospec=True):
        return alarm_raise(
            user=f.official("2482"),
            municipality=f.municipality("2482"),
            kind="ovning",
            message="Övning",
            **kw,
        )


def in_threads(*fns) -> list:
    """Run each function in its own thread, released at the same moment; the errors they raised."""
    start = threading.Barrier(len(fns))
    errors: list = []

    def run(fn):
        try:
            start.wait()
            fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def deliver_all(ids):
    return sum(1 for pk in ids if deliver(pk))


def test_racing_workers_send_every_message_exactly_once():
    contacts = [f.contact() for _i in range(5)]
    for user in contacts:
        f.roster_entry(
            "24", organisation=user.organisation, channels=("email", "inapp"), user_for_primary=user
        )
    for _i in range(10):
        f.roster_entry("24", channels=("email",))
    alarm = raise_unpublished()
    ids = list(alarm.deliveries.values_list("pk", flat=True))
    in_app = alarm.deliveries.filter(kind=ChannelKind.INAPP).count()
    mail.outbox.clear()

    results = race(deliver_all, ids)

    assert not [r for r in results if isinstance(r, Exception)]
    # The in-app notices were written with the alarm (no worker involved); the e-mails are raced for.
    assert len(ids) == 20 and in_app == 5
    assert sum(results) == len(ids) - in_app == 15
    assert Counter(m.to[0] for m in mail.outbox).most_common(1)[0][1] == 1
    assert len(mail.outbox) == 15
    assert Notification.objects.count() == 5
    assert set(Delivery.objects.values_list("state", "attempts")) == {(Delivery.State.SENT, 1)}


def test_racing_escalations_escalate_once():
    for _i in range(6):
        f.roster_entry("24")
    alarm = raise_unpublished()
    later = timezone.now() + timedelta(minutes=alarm.deputy_after_minutes + 1)

    results = race(escalate_due, later)

    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(results) == 6
    assert AlarmEvent.objects.filter(kind=EventKind.ESCALATED).count() == 6
    assert Delivery.objects.filter(step=Step.DEPUTY).count() == 6
    assert set(Recipient.objects.values_list("step", flat=True)) == {Step.DEPUTY}


def test_an_answer_link_clicked_at_once_in_several_tabs_counts_once():
    f.roster_entry("24", deputy=False)
    alarm = raise_unpublished()
    delivery = delivery_from_token(answer_token(alarm.deliveries.get()))

    results = race(
        lambda: recipient_answer(
            recipient=delivery.recipient,
            response=Response.MOBILISING,
            who_comes="Anna",
            person=delivery.person,
        )
    )

    assert sum(1 for r in results if isinstance(r, Recipient)) == 1
    assert sum(1 for r in results if isinstance(r, AlreadyAnswered)) == THREADS - 1
    assert AlarmEvent.objects.filter(kind=EventKind.MOBILISING).count() == 1


def test_closing_while_escalating_leaves_nothing_queued():
    for _i in range(8):
        f.roster_entry("24")
    coordinator = f.coordinator("24")
    alarm = raise_unpublished()
    later = timezone.now() + timedelta(minutes=alarm.deputy_after_minutes + 1)

    with mock.patch("alarms.delivery.services.publish", autospec=True):
        errors = in_threads(
            lambda: escalate_due(now=later),
            lambda: alarm_close(alarm=alarm, user=coordinator),
        )

    assert errors == []
    assert not Delivery.objects.filter(state=Delivery.State.QUEUED).exists()
    assert not Recipient.objects.filter(next_step_at__isnull=False).exists()


def inbox_world(organisations=12):
    contacts = [f.contact() for _i in range(organisations)]
    for user in contacts:
        f.roster_entry("24", organisation=user.organisation, channels=("inapp",), user_for_primary=user)
    alarm = raise_unpublished()
    return alarm, contacts


@pytest.mark.parametrize("attempt", range(2))
def test_closing_while_the_inbox_is_written_neither_deadlocks_nor_leaves_work(attempt):
    alarm, _contacts = inbox_world()
    ids = list(alarm.deliveries.order_by("-pk").values_list("pk", flat=True))

    errors = in_threads(lambda: deliver_all(ids), lambda: alarm_close(alarm=alarm, user=f.admin()))

    assert errors == []
    assert not Delivery.objects.filter(state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]).exists()
    assert Notification.objects.count() == Delivery.objects.filter(state=Delivery.State.SENT).count()


@pytest.mark.parametrize("attempt", range(2))
def test_answering_while_the_inbox_is_written_neither_deadlocks_nor_leaves_work(attempt):
    alarm, contacts = inbox_world()
    ids = list(alarm.deliveries.order_by("-pk").values_list("pk", flat=True))
    recipients = list(alarm.recipients.select_related("organisation").order_by("pk"))
    by_org = {user.organisation_id: user for user in contacts}

    def answer_all():
        for recipient in recipients:
            recipient_answer(
                recipient=recipient, response=Response.MOBILISING, user=by_org[recipient.organisation_id]
            )

    errors = in_threads(lambda: deliver_all(ids), answer_all)

    assert errors == []
    assert not Delivery.objects.filter(state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]).exists()
    assert set(Recipient.objects.values_list("response", flat=True)) == {Response.MOBILISING}


@pytest.mark.parametrize("attempt", range(2))
def test_answering_while_closing_neither_deadlocks_nor_answers_a_closed_alarm(attempt):
    alarm, contacts = inbox_world()
    recipients = list(alarm.recipients.order_by("pk"))
    by_org = {user.organisation_id: user for user in contacts}
    refused = []

    def answer_all():
        for recipient in recipients:
            try:
                recipient_answer(
                    recipient=recipient, response=Response.MOBILISING, user=by_org[recipient.organisation_id]
                )
            except ValidationError:
                refused.append(recipient)

    errors = in_threads(answer_all, lambda: alarm_close(alarm=alarm, user=f.admin()))

    assert errors == []
    # Every answer taken was written before the close (events are numbered as they are written).
    closed = AlarmEvent.objects.get(kind=EventKind.CLOSED)
    assert not AlarmEvent.objects.filter(kind=EventKind.MOBILISING, pk__gt=closed.pk).exists()
    assert Recipient.objects.filter(response=Response.PENDING).count() == len(refused)
