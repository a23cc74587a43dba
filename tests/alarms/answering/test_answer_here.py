"""The answer buttons of the start page and the inbox (alarms:answer_here): the rules of the
alarm's own page, and back to where they were pressed with a confirmation or what was wrong."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from alarms.answering.services import alarm_close
from alarms.core.models import AlarmEvent, Recipient
from tests import factories as f
from tests.alarms.harness_attention import member, raise_alarm
from tests.helpers import request_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

HOME = reverse("dashboard")


@pytest.fixture
def setup():
    org, user = member()
    other_org, other_user = member("Annan aktör")
    alarm = raise_alarm()
    return {
        "user": user,
        "other_user": other_user,
        "alarm": alarm,
        "recipient": alarm.recipients.get(organisation=org),
        "other_recipient": alarm.recipients.get(organisation=other_org),
    }


def url(s, recipient="recipient"):
    return reverse("alarms:answer_here", args=[s["alarm"].pk, s[recipient].pk])


def state(recipient) -> tuple:
    r = Recipient.objects.get(pk=recipient.pk)
    return (r.response, r.responded_at, r.who_comes, r.reason, AlarmEvent.objects.filter(recipient=r).count())


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_we_mobilise_answers_and_leads_back_to_the_start_page(client, setup):
    client.force_login(setup["user"])
    response = client.post(url(setup), {"response": "mobilising", "next": HOME})
    assert response.status_code == 302 and response["Location"] == HOME
    assert Recipient.objects.get(pk=setup["recipient"].pk).response == "mobilising"
    body = client.get(HOME).content.decode()
    assert "The answer for Larmade aktören is recorded: We mobilise." in body
    assert url(setup) not in body  # answered: no buttons any more


def test_cannot_with_a_reason_answers(client, setup):
    client.force_login(setup["user"])
    client.post(url(setup), {"response": "declined", "reason": "Alla på semester", "next": HOME})
    r = Recipient.objects.get(pk=setup["recipient"].pk)
    assert (r.response, r.reason, r.responded_by_user) == ("declined", "Alla på semester", setup["user"])


@pytest.mark.parametrize(
    "data, message",
    [
        ({"response": "declined", "reason": "  "}, "Say why you cannot"),
        ({"response": "perhaps"}, "Nothing was recorded: Select a valid choice."),
        ({}, "Nothing was recorded: Answer “We mobilise” or “Cannot”."),
        ({"response": "pending"}, "Nothing was recorded: Select a valid choice."),
        ({"response": "declined", "reason": "x" * 1001}, "Nothing was recorded"),
    ],
)
def test_bad_input_changes_nothing_and_says_why(client, setup, data, message):
    client.force_login(setup["user"])
    before = state(setup["recipient"])
    response = client.post(url(setup), {**data, "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == f"{HOME}#alarm-{setup['alarm'].pk}"
    assert any(message in text for text in texts(response)), texts(response)
    assert state(setup["recipient"]) == before


def test_a_closed_alarm_takes_no_answer(client, setup):
    alarm_close(alarm=setup["alarm"])
    client.force_login(setup["user"])
    before = state(setup["recipient"])
    response = client.post(url(setup), {"response": "mobilising", "next": HOME})
    assert "The alarm is closed; answers are no longer taken." in texts(response)
    assert state(setup["recipient"]) == before


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_next_never_leads_off_the_site(client, setup, target):
    client.force_login(setup["user"])
    response = client.post(url(setup), {"response": "mobilising", "next": target})
    assert response["Location"] == setup["alarm"].get_absolute_url()


def test_another_organisation_cannot_answer_for_it(client, setup):
    """Both organisations were alarmed: each answers only for itself (403), and nothing changes."""
    client.force_login(setup["other_user"])
    before = state(setup["recipient"])
    response = client.post(url(setup), {"response": "mobilising", "next": HOME})
    assert response.status_code == 403
    assert state(setup["recipient"]) == before


@pytest.mark.parametrize(
    "make_user, status",
    [
        (lambda: f.contact(), 404),  # not alarmed: the alarm does not exist for them
        (lambda: f.coordinator("21"), 404),  # another region
        (lambda: f.official("2180"), 404),
        (lambda: f.reader("24"), 403),  # sees the region's alarms, but only reads
    ],
)
def test_those_who_may_not_answer_are_refused(client, setup, make_user, status):
    client.force_login(make_user())
    before = state(setup["recipient"])
    response = client.post(url(setup), {"response": "mobilising", "next": HOME})
    assert response.status_code == status
    assert state(setup["recipient"]) == before


def test_a_recipient_of_another_alarm_is_not_found(client, setup):
    second = raise_alarm(message="Ett annat larm")
    client.force_login(setup["user"])
    bad = reverse("alarms:answer_here", args=[second.pk, setup["recipient"].pk])
    assert client.post(bad, {"response": "mobilising"}).status_code == 404


def test_anonymous_and_get_are_refused(client, setup):
    assert client.post(url(setup), {"response": "mobilising"}).status_code == 302  # to the login
    client.force_login(setup["user"])
    assert client.get(url(setup)).status_code == 405
    assert Recipient.objects.get(pk=setup["recipient"].pk).response == "pending"


def test_the_answer_costs_the_same_whatever_the_number_of_recipients(client, setup):
    client.force_login(setup["user"])
    few = request_queries(client, url(setup), method="post", data={"response": "declined"}, status=302)
    for n in range(5):
        member(f"Fler {n}")
    alarm = raise_alarm(message="Större larm")
    recipient = alarm.recipients.get(organisation=setup["recipient"].organisation)
    many_url = reverse("alarms:answer_here", args=[alarm.pk, recipient.pk])
    many = request_queries(client, many_url, method="post", data={"response": "declined"}, status=302)
    assert len(many) == len(few)
