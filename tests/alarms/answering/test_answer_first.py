"""On the alarm's page, a recipient who has not answered sees the answer form first, above the
alarm's details (so a phone shows it without scrolling); once answered it moves below them."""

import pytest

from alarms.answering.services import recipient_answer
from tests.alarms.harness_attention import member, raise_alarm

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def test_the_answer_comes_first_until_answered(client):
    org, user = member()
    alarm = raise_alarm()
    recipient = alarm.recipients.get(organisation=org)
    client.force_login(user)
    body = client.get(alarm.get_absolute_url()).content.decode()
    assert "data-answer-first" in body
    assert body.index(f'id="answer-{recipient.pk}"') < body.index('id="h-about"')
    recipient_answer(recipient=recipient, response="mobilising", user=user)
    body = client.get(alarm.get_absolute_url()).content.decode()
    assert "data-answer-first" not in body
    assert body.index('id="h-about"') < body.index(f'id="answer-{recipient.pk}"')


def test_a_coordinator_gets_no_answer_first(client):
    from tests import factories as f

    member()
    coordinator = f.coordinator("24")
    alarm = raise_alarm(coordinator)
    client.force_login(coordinator)
    body = client.get(alarm.get_absolute_url()).content.decode()
    assert "data-answer-first" not in body
    assert "Record an answer given by phone" in body
