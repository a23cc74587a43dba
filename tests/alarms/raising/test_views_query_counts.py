"""The alarm pages cost the same number of SQL queries at 3 and at 60 alarmed organisations."""

import pytest
from django.urls import reverse

from alarms.answering.services import recipient_answer
from alarms.core.models import Response
from alarms.delivery.models import Delivery
from alarms.raising.services import note_add
from tests.alarms.harness_reports import grow_roster
from tests.alarms.views_helpers import raise_alarm
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def busy_alarm(aw, django_capture_on_commit_callbacks):
    """An alarm to the whole region-24 roster with every kind of row: delivered, failed, answered
    both ways, escalated, with notes."""
    with django_capture_on_commit_callbacks(execute=True):
        alarm = raise_alarm(aw["official"])
    recipients = list(alarm.recipients.order_by("pk"))
    recipient_answer(recipient=recipients[0], response=Response.MOBILISING, user=aw["coordinator"])
    recipient_answer(recipient=recipients[1], response=Response.DECLINED, reason="x", user=aw["coordinator"])
    failed = alarm.deliveries.filter(recipient=recipients[-1])
    failed.update(state=Delivery.State.FAILED, error="bounced")
    note_add(user=aw["coordinator"], alarm=alarm, question=1, text="Fakta")
    return alarm


@pytest.mark.parametrize("key", ["coordinator", "contact", "reader"])
def test_the_board_pages_cost_the_same_at_3_and_60_organisations(
    client, aw, key, django_capture_on_commit_callbacks
):
    client.force_login(aw[key])
    grow_roster(2)
    small = busy_alarm(aw, django_capture_on_commit_callbacks)
    assert small.recipients.count() == 3
    urls = lambda a: [  # noqa: E731
        reverse("alarms:detail", args=[a.pk]),
        reverse("alarms:board", args=[a.pk]),
        reverse("alarms:list"),
    ]
    counts_small = [count_queries(client, url) for url in urls(small)]
    grow_roster(57)
    large = busy_alarm(aw, django_capture_on_commit_callbacks)
    assert large.recipients.count() == 60
    assert [count_queries(client, url) for url in urls(large)] == counts_small


def test_the_close_page_costs_the_same_at_3_and_60_organisations(
    client, aw, django_capture_on_commit_callbacks
):
    client.force_login(aw["coordinator"])
    grow_roster(2)
    small = count_queries(
        client, reverse("alarms:close", args=[busy_alarm(aw, django_capture_on_commit_callbacks).pk])
    )
    grow_roster(57)
    large = busy_alarm(aw, django_capture_on_commit_callbacks)
    assert count_queries(client, reverse("alarms:close", args=[large.pk])) == small
