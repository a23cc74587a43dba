"""The one-click answer link from the alarm message: no login, asks to confirm, works once.

A forged, expired or reused link, or one to a closed alarm, changes nothing and says why.
"""

import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from alarms.answering.services import alarm_close, recipient_answer
from alarms.core.models import AlarmEvent, Recipient, Response
from alarms.delivery.messages import answer_token
from tests.alarms.harness_reports import grow_roster
from tests.alarms.views_helpers import raise_alarm
from tests.helpers import count_queries
from tests.world import SECRETS

pytestmark = pytest.mark.django_db


def link(delivery):
    return reverse("alarms:answer_link", args=[answer_token(delivery)])


def snapshot(recipient):
    r = Recipient.objects.get(pk=recipient.pk)
    return (
        r.response,
        r.responded_at,
        r.reason,
        r.who_comes,
        AlarmEvent.objects.filter(alarm_id=r.alarm_id).count(),
    )


def test_it_shows_the_alarm_and_asks_to_confirm_without_login(client, aw):
    before = snapshot(aw["alarm_recipient"])
    response = client.get(link(aw["alarm_delivery"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Batterifabrik söker mark" in body and "Skellefteå" in body and "Medlemmen" in body
    assert 'value="mobilising"' in body and 'value="declined"' in body and "csrfmiddlewaretoken" in body
    assert response["Referrer-Policy"] == "same-origin"
    assert snapshot(aw["alarm_recipient"]) == before  # opening the link changes nothing


def test_it_never_names_the_case(client, aw):
    delivery = aw["alarm_confidential"].deliveries.filter(person__isnull=False).first()
    body = client.get(link(delivery)).content.decode()
    assert not any(s in body for s in SECRETS)
    assert aw["case_open"].name not in client.get(link(aw["alarm_delivery"])).content.decode()


def test_a_drill_is_marked_as_a_drill(client, aw):
    alarm = raise_alarm(aw["official"], kind="ovning", message="Övning")
    delivery = alarm.deliveries.filter(person__isnull=False).first()
    body = client.get(link(delivery)).content.decode()
    assert 'class="drill-banner" data-drill="true"' in body


def test_confirming_records_the_answer_for_the_person_the_link_was_sent_to(aw):
    client = Client(enforce_csrf_checks=True)  # CSRF works without a login
    url = link(aw["alarm_delivery"])
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"response": "mobilising", "who_comes": "Anna", "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and 'data-link-result="answered"' in response.content.decode()
    recipient = Recipient.objects.get(pk=aw["alarm_recipient"].pk)
    assert recipient.response == Response.MOBILISING and recipient.who_comes == "Anna"
    assert recipient.responded_by_person == aw["alarm_primary"] and recipient.responded_by_user is None


def test_a_post_without_the_csrf_token_is_refused(aw):
    client = Client(enforce_csrf_checks=True)
    before = snapshot(aw["alarm_recipient"])
    assert client.post(link(aw["alarm_delivery"]), {"response": "mobilising"}).status_code == 403
    assert snapshot(aw["alarm_recipient"]) == before


def test_declining_needs_a_reason(client, aw):
    before = snapshot(aw["alarm_recipient"])
    response = client.post(link(aw["alarm_delivery"]), {"response": "declined", "reason": " "})
    assert response.status_code == 200 and 'class="errors"' in response.content.decode()
    assert snapshot(aw["alarm_recipient"]) == before


def test_a_reused_link_says_who_answered_and_changes_nothing(client, aw):
    url = link(aw["alarm_delivery"])
    client.post(url, {"response": "declined", "reason": "Semester"})
    before = snapshot(aw["alarm_recipient"])
    for response in (client.get(url), client.post(url, {"response": "mobilising"})):
        body = response.content.decode()
        assert response.status_code == 200 and 'data-link-result="already-answered"' in body
        assert "Primär Kontakt" in body  # who answered
    assert snapshot(aw["alarm_recipient"]) == before


def test_a_link_after_an_answer_in_the_app_changes_nothing(client, aw):
    recipient_answer(recipient=aw["alarm_recipient"], response=Response.MOBILISING, user=aw["contact"])
    before = snapshot(aw["alarm_recipient"])
    response = client.post(link(aw["alarm_delivery"]), {"response": "declined", "reason": "x"})
    assert 'data-link-result="already-answered"' in response.content.decode()
    assert snapshot(aw["alarm_recipient"]) == before


def test_a_link_to_a_closed_alarm_says_so_and_changes_nothing(client, aw):
    alarm_close(alarm=aw["alarm"], user=aw["coordinator"])
    before = snapshot(aw["alarm_recipient"])
    for response in (
        client.get(link(aw["alarm_delivery"])),
        client.post(link(aw["alarm_delivery"]), {"response": "mobilising"}),
    ):
        assert response.status_code == 200 and 'data-link-result="closed"' in response.content.decode()
    assert snapshot(aw["alarm_recipient"]) == before


@pytest.mark.parametrize(
    "tamper",
    [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), lambda t: "x" + t, lambda t: "nonsense"],
)
def test_a_forged_link_is_refused_and_changes_nothing(client, aw, tamper):
    token = tamper(answer_token(aw["alarm_delivery"]))
    before = snapshot(aw["alarm_recipient"])
    url = reverse("alarms:answer_link", args=[token])
    for response in (client.get(url), client.post(url, {"response": "mobilising"})):
        assert response.status_code == 400
        assert 'data-link-error="invalid"' in response.content.decode()
    assert snapshot(aw["alarm_recipient"]) == before


def test_an_expired_link_is_refused_and_changes_nothing(client, aw, settings):
    url = link(aw["alarm_delivery"])
    before = snapshot(aw["alarm_recipient"])
    later = time.time() + (settings.ALARM_LINK_MAX_AGE_HOURS + 1) * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        for response in (client.get(url), client.post(url, {"response": "mobilising"})):
            assert response.status_code == 410
            assert 'data-link-error="expired"' in response.content.decode()
    assert snapshot(aw["alarm_recipient"]) == before


def test_a_link_to_a_deleted_message_is_refused(client, aw):
    delivery = aw["alarm_delivery"]
    url = link(delivery)
    delivery.delete()
    assert client.get(url).status_code == 400


def test_the_link_page_costs_the_same_queries_for_a_large_roster(client, aw):
    grow_roster(2)
    alarm = raise_alarm(aw["official"])
    small = count_queries(client, link(alarm.deliveries.filter(person__isnull=False).first()))
    grow_roster(57)
    alarm = raise_alarm(aw["official"])
    assert count_queries(client, link(alarm.deliveries.filter(person__isnull=False).first())) == small


@pytest.mark.english
def test_a_link_sent_to_a_channel_since_removed_no_longer_answers(client, aw):
    """A webhook someone added received the alarm and its link: once the channel is removed, the
    link answers nothing (the answer links follow the person and their channels)."""
    delivery = aw["alarm_delivery"]
    before = snapshot(aw["alarm_recipient"])
    delivery.person.alarm_channels.filter(kind=delivery.kind, target=delivery.target).delete()
    response = client.post(link(delivery), {"response": "declined", "reason": "=HYPERLINK(1)"})
    assert response.status_code == 410
    assert "no longer answers" in response.content.decode()
    assert snapshot(aw["alarm_recipient"]) == before


def test_a_link_of_someone_who_left_the_organisation_no_longer_answers(client, aw):
    from tests import factories as f

    delivery = aw["alarm_delivery"]
    before = snapshot(aw["alarm_recipient"])
    person = delivery.person
    person.organisation = f.OrganisationFactory()
    person.save()
    assert client.post(link(delivery), {"response": "mobilising", "who_comes": "Jag"}).status_code == 410
    assert snapshot(aw["alarm_recipient"]) == before
