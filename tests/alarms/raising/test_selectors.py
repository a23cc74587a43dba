"""The board's reads as the services leave the data: each organisation's deliveries, the times that
matter, the list's annotations; and the raise's and the board's query counts."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from alarms.answering.services import recipient_answer
from alarms.core.models import AlarmKind, Response
from alarms.delivery.services import deliver
from alarms.raising.selectors import alarm_list, board, failed_deliveries, metrics
from alarms.raising.services import alarm_raise
from config.egress import FAILED_MESSAGE
from tests import factories as f
from tests.helpers import queries_of

pytestmark = pytest.mark.django_db

POST = "alarms.delivery.transports.egress.post"  # the egress guard (config/egress.py)


def raise_at(t0, kind=AlarmKind.ESTABLISHMENT, code="2482"):
    return alarm_raise(
        user=f.official(code), municipality=f.municipality(code), kind=kind, message="Larm", now=t0
    )


@pytest.fixture
def t0():
    return timezone.now() - timedelta(hours=1)


def test_the_board_counts_each_organisations_deliveries(t0):
    ok = f.roster_entry("24", channels=("email", "webhook"))
    failing = f.roster_entry("24", channels=("webhook",))
    alarm = raise_at(t0)
    for delivery in alarm.deliveries.filter(recipient__organisation=ok.organisation, kind="email"):
        deliver(delivery.pk)
    with mock.patch(POST, autospec=True, return_value=404):
        for delivery in alarm.deliveries.filter(recipient__organisation=failing.organisation):
            deliver(delivery.pk)

    rows = {r.organisation: r for r in board(alarm)}

    first, second = rows[ok.organisation], rows[failing.organisation]
    assert (first.delivered_count, first.queued_count, first.failed_count) == (1, 1, 0)
    assert first.first_sent_at is not None and first.last_error is None
    assert (second.delivered_count, second.queued_count, second.failed_count) == (0, 0, 1)
    assert second.last_error == str(FAILED_MESSAGE)  # general words on the board; the log has "404"
    assert [d.recipient.organisation for d in failed_deliveries(alarm)] == [failing.organisation]


def test_the_metrics_measure_from_the_raise(t0):
    entries = [f.roster_entry("24") for _i in range(3)]
    alarm = raise_at(t0)
    coordinator = f.coordinator("24")
    recipients = {r.organisation: r for r in alarm.recipients.all()}
    answers = [
        (entries[0], Response.MOBILISING, 2),
        (entries[1], Response.MOBILISING, 7),
    ]
    for entry, response, minutes in answers:
        recipient_answer(
            recipient=recipients[entry.organisation],
            response=response,
            user=coordinator,
            now=t0 + timedelta(minutes=minutes),
        )

    partial = metrics(alarm, board(alarm))
    assert partial.first_answer == timedelta(minutes=2)
    assert partial.all_answered is None and partial.all_mobilising is None
    assert (partial.recipients, partial.answered, partial.mobilising) == (3, 2, 2)

    recipient_answer(
        recipient=recipients[entries[2].organisation],
        response=Response.DECLINED,
        reason="Ingen",
        user=coordinator,
        now=t0 + timedelta(minutes=9),
    )
    done = metrics(alarm, board(alarm))
    assert done.all_answered == timedelta(minutes=9)
    assert done.all_mobilising is None  # one declined
    assert done.declined == 1


def test_the_list_counts_answers_per_alarm(t0):
    for _i in range(3):
        f.roster_entry("24")
    alarm = raise_at(t0)
    coordinator = f.coordinator("24")
    first, second, _third = alarm.recipients.order_by("position")
    recipient_answer(recipient=first, response=Response.MOBILISING, user=coordinator)
    recipient_answer(recipient=second, response=Response.DECLINED, reason="Nej", user=coordinator)

    (row,) = alarm_list(coordinator)

    assert (row.recipient_count, row.answered_count, row.mobilising_count) == (3, 2, 1)


# --- The raise and the fan-out take the same queries at any size -------------------------------


def test_the_raise_takes_the_same_queries_for_3_and_60_organisations():
    official24, official21 = f.official("2482"), f.official("2180")
    skelleftea, gavle = f.municipality("2482"), f.municipality("2180")
    for _i in range(3):
        f.roster_entry("24", channels=("email", "webhook"))
    for _i in range(60):
        f.roster_entry("21", channels=("email", "webhook"))

    def raise_for(user, municipality):
        return lambda: alarm_raise(user=user, municipality=municipality, kind="ovning", message="Övning")

    # The outbox is one bulk insert; SQLite alone splits it by its limit on query parameters.
    outbox = 'INSERT INTO "alarms_delivery"'
    assert queries_of(raise_for(official24, skelleftea), ignore=outbox) == queries_of(
        raise_for(official21, gavle), ignore=outbox
    )


def test_the_board_takes_the_same_queries_for_3_and_60_organisations(t0):
    for _i in range(3):
        f.roster_entry("24")
    for _i in range(60):
        f.roster_entry("21")
    small, large = raise_at(t0, code="2482"), raise_at(t0, code="2180")

    def read(alarm):
        return lambda: metrics(alarm, board(alarm))

    assert queries_of(read(small)) == queries_of(read(large))
