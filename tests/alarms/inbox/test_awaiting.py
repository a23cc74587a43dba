"""Unanswered is not unread: the header and the inbox count the alarms still waiting for the answer
of the user's organisation apart from the unread notices, and an inbox card of such an alarm
carries the answer buttons."""

import pytest
from django.urls import reverse

from alarms.answering.services import alarm_close, recipient_answer
from alarms.inbox import selectors
from alarms.inbox.models import Notification
from tests import factories as f
from tests.alarms.harness_attention import member, raise_alarm
from tests.helpers import request_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

INBOX = reverse("alarms:inbox")
HOME = reverse("dashboard")


@pytest.fixture
def setup():
    org, user = member()
    alarm = raise_alarm()
    recipient = alarm.recipients.get(organisation=org)
    Notification.objects.create(user=user, alarm=alarm, title="[LARM] Etablering, Skellefteå", body="")
    return {"org": org, "user": user, "alarm": alarm, "recipient": recipient}


def test_an_open_unanswered_alarm_is_counted_until_answered(setup):
    user, recipient = setup["user"], setup["recipient"]
    assert selectors.awaiting_count(user) == 1
    recipient_answer(recipient=recipient, response="mobilising", user=user)
    assert selectors.awaiting_count(user) == 0
    assert list(selectors.awaiting_answer(user)) == []


def test_reading_does_not_answer(client, setup):
    """Opening the alarm reads its notices; it still waits for the answer."""
    user, alarm = setup["user"], setup["alarm"]
    client.force_login(user)
    assert client.get(alarm.get_absolute_url()).status_code == 200
    assert selectors.unread_count(user) == 0
    assert selectors.awaiting_count(user) == 1
    body = client.get(HOME).content.decode()
    assert '<span class="visually-hidden">1 alarm waits for your answer</span>' in body
    assert "unread</span>" not in body


def test_a_closed_alarm_waits_no_more(setup):
    alarm_close(alarm=setup["alarm"])
    assert selectors.awaiting_count(setup["user"]) == 0


def test_only_the_users_own_organisation_counts(setup):
    """Another organisation's contact, a reader and the coordinator (who may record an answer by
    phone) have nothing waiting for them."""
    other_org, other = member("Annan aktör")
    assert selectors.awaiting_count(other) == 0  # raised before it was on the roster
    for user in (f.contact(), f.reader("24"), f.coordinator("24"), f.official("2482"), f.admin()):
        assert selectors.awaiting_count(user) == 0
        assert list(selectors.awaiting_answer(user)) == []
    reader_of_org = f.reader("24", organisation=setup["org"])
    assert selectors.awaiting_count(reader_of_org) == 0  # readers only read


def test_the_header_says_both_counts_apart(client, setup):
    client.force_login(setup["user"])
    body = client.get(HOME).content.decode()
    assert 'data-awaiting="1"' in body
    assert '<span class="visually-hidden">1 alarm waits for your answer</span>' in body
    unread = selectors.unread_count(setup["user"])
    assert unread >= 1
    assert f'<span class="visually-hidden">{unread} unread</span>' in body


def test_the_inbox_shows_both_counts_and_the_answer_buttons(client, setup):
    client.force_login(setup["user"])
    body = client.get(INBOX).content.decode()
    assert "1 alarm waits for your answer" in body
    unread = selectors.unread_count(setup["user"])
    assert f"{unread} unread notification" in body
    url = reverse("alarms:answer_here", args=[setup["alarm"].pk, setup["recipient"].pk])
    assert body.count(f'action="{url}"') == 2  # "We mobilise", and "Cannot" with its reason
    assert f'id="alarm-{setup["alarm"].pk}"' in body


def test_one_answer_form_per_alarm_even_with_several_notices(client, setup):
    Notification.objects.create(user=setup["user"], alarm=setup["alarm"], title="Påminnelse", body="")
    client.force_login(setup["user"])
    body = client.get(INBOX).content.decode()
    url = reverse("alarms:answer_here", args=[setup["alarm"].pk, setup["recipient"].pk])
    assert body.count(f'action="{url}"') == 2
    assert "Answer on the newest notice of this alarm" in body


def test_answering_from_the_inbox_leads_back_to_it(client, setup):
    client.force_login(setup["user"])
    url = reverse("alarms:answer_here", args=[setup["alarm"].pk, setup["recipient"].pk])
    response = client.post(url, {"response": "mobilising", "next": INBOX}, follow=True)
    assert response.redirect_chain[-1][0] == INBOX
    body = response.content.decode()
    assert "is recorded: We mobilise." in body
    assert "0 alarms wait for your answer" in body
    assert f'action="{url}"' not in body


def test_an_answered_alarm_has_no_buttons_in_the_inbox(client, setup):
    recipient_answer(recipient=setup["recipient"], response="mobilising", user=setup["user"])
    client.force_login(setup["user"])
    body = client.get(INBOX).content.decode()
    assert "answer_here" not in body and "/har/" not in body
    assert "Waits for your answer" not in body


def test_the_inbox_costs_the_same_whatever_the_number_of_alarms(client, setup):
    user = setup["user"]
    client.force_login(user)
    few = request_queries(client, INBOX, warm=True)
    for n in range(6):
        alarm = raise_alarm(message=f"Larm {n}")
        Notification.objects.create(user=user, alarm=alarm, title=f"Larm {n}", body="")
    many = request_queries(client, INBOX, warm=True)
    assert len(many) == len(few), "\n".join(many)


def test_the_header_costs_one_query_per_count(client, setup):
    client.force_login(setup["user"])
    few = request_queries(client, reverse("alarms:list"), warm=True)
    for n in range(5):
        raise_alarm(message=f"Larm {n}")
    many = request_queries(client, reverse("alarms:list"), warm=True)
    assert len(many) == len(few)
    assert sum("alarms_notification" in sql and "COUNT" in sql for sql in many) == 1


def test_the_header_reads_both_counts_in_one_query(setup):
    """``header_counts`` is ``unread_count`` and ``awaiting_count`` in one query, for every kind of
    user: one who answers for an organisation, one who answers for none, one with nothing at all."""
    from tests.helpers import queries_of

    other_org, other = member("Annan aktör")
    users = [setup["user"], other, f.coordinator("24"), f.reader("24", organisation=setup["org"])]
    for user in users:
        expected = (selectors.unread_count(user), selectors.awaiting_count(user))
        assert selectors.header_counts(user) == expected
        assert queries_of(lambda user=user: selectors.header_counts(user)) == 1
    unread, awaiting = selectors.header_counts(setup["user"])
    assert unread >= 1 and awaiting == 1
    recipient_answer(recipient=setup["recipient"], response="mobilising", user=setup["user"])
    Notification.objects.filter(user=setup["user"]).update(read_at="2026-12-01T12:00:00Z")
    assert selectors.header_counts(setup["user"]) == (0, 0)
