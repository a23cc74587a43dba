"""The live status board: who sees it, what it shows, the htmx partial, the checklist and closing."""

import re

import pytest
from django.urls import reverse

from alarms.answering.services import alarm_close, recipient_answer
from alarms.core.models import Alarm, AlarmEvent, Recipient, Response
from alarms.inbox.models import Notification
from alarms.raising.models import FirstResponseNote
from tests import factories as f
from tests.alarms.views_helpers import raise_alarm
from tests.world import SECRETS

# These tests read the English msgids; tests/alarms/test_swedish_ui.py reads the Swedish UI.
pytestmark = [pytest.mark.django_db, pytest.mark.english]


def detail(alarm):
    return reverse("alarms:detail", args=[alarm.pk])


def board(alarm):
    return reverse("alarms:board", args=[alarm.pk])


# --- Who sees the board ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["coordinator_other_region", "official_other", "contact_other"])
def test_users_outside_the_alarm_do_not_find_it(client, aw, key):
    client.force_login(aw[key])
    for url in (detail(aw["alarm"]), board(aw["alarm"]), reverse("alarms:close", args=[aw["alarm"].pk])):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("key", ["coordinator", "official", "reader", "contact", "admin"])
def test_the_regions_staff_and_the_alarmed_contacts_see_the_board(client, aw, key):
    client.force_login(aw[key])
    assert client.get(detail(aw["alarm"])).status_code == 200
    assert client.get(board(aw["alarm"])).status_code == 200


@pytest.mark.parametrize(
    "key", ["official", "reader", "contact", "coordinator_same_region", "admin", "coordinator_other_region"]
)
def test_an_alarm_on_a_confidential_case_never_names_the_case(client, aw, key):
    alarm = aw["alarm_confidential"]
    client.force_login(aw[key])
    for url in (detail(alarm), board(alarm), reverse("alarms:list")):
        response = client.get(url)
        assert response.status_code in (200, 204, 404)
        body = response.content.decode()
        assert not any(s in body for s in SECRETS), (key, url)
        assert reverse("establishments:case_detail", args=[alarm.case_id]) not in body


def test_the_cases_own_coordinator_sees_the_case_link(client, aw):
    alarm = aw["alarm_confidential"]
    client.force_login(aw["coordinator"])
    body = client.get(detail(alarm)).content.decode()
    assert "Projekt Nordljus" in body  # the control: a leak would show
    assert "Hemligt namn" not in body  # the code name stands in, even for those who see the case


def test_the_open_cases_link_is_shown_to_those_who_see_the_case(client, aw):
    client.force_login(aw["contact"])  # a member of the open case
    assert aw["case_open"].get_absolute_url() in client.get(detail(aw["alarm"])).content.decode()


# --- What the board shows ----------------------------------------------------------------------


def test_the_board_shows_each_organisation_with_its_state(client, aw, django_capture_on_commit_callbacks):
    entry = f.roster_entry("24")
    with django_capture_on_commit_callbacks(execute=True):
        alarm = raise_alarm(aw["official"])
    member = alarm.recipients.get(organisation=aw["member_org"])
    recipient_answer(recipient=member, response=Response.DECLINED, reason="Semester", user=aw["contact"])
    client.force_login(aw["coordinator"])
    body = client.get(detail(alarm)).content.decode()
    assert body.count('class="board-row') == 2
    assert 'data-response="declined"' in body and "Semester" in body
    assert 'data-response="pending"' in body and entry.organisation.name in body
    assert "Delivered" in body  # English msgid until the lead fills the Swedish catalogue
    assert "Alarm raised" in body  # the timeline


def test_the_board_shows_failed_deliveries_with_their_error(client, aw):
    alarm = aw["alarm"]
    delivery = alarm.deliveries.first()
    Delivery = type(delivery)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.FAILED, error="550 mailbox unavailable"
    )
    client.force_login(aw["coordinator"])
    body = client.get(detail(alarm)).content.decode()
    assert "550 mailbox unavailable" in body


def late_messages(alarm, seconds=120):
    """Every message of the alarm still waiting, written ``seconds`` ago."""
    from datetime import timedelta

    from django.utils import timezone

    Delivery = type(alarm.deliveries.first())
    written = timezone.now() - timedelta(seconds=seconds)
    alarm.deliveries.update(state=Delivery.State.QUEUED, created_at=written, next_attempt_at=None)
    return alarm.deliveries.count()


def broken_broker():
    from unittest import mock

    from alarms.health.selectors import Pipeline

    status = Pipeline(eager=False, broker_ok=False, worker_ok=True, worker_seen_at=None, delayed=1)
    return mock.patch("alarms.health.selectors.pipeline", autospec=True, return_value=status)


def test_the_board_counts_late_messages_and_says_what_holds_them_up(client, aw, settings):
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    alarm = aw["alarm"]
    count = late_messages(alarm)
    client.force_login(aw["coordinator"])
    with broken_broker():
        body = client.get(detail(alarm)).content.decode()
        fragment = client.get(board(alarm)).content.decode()
    for page in (body, fragment):  # the page and its live part, as polled
        page = " ".join(page.split())
        assert f'data-late="{count}"' in page
        assert f"{count} message" in page and "delayed</strong>: the message broker does not answer." in page
        assert "Call the designated actors by phone if it lasts." in page


def test_an_alarmed_contact_sees_the_count_but_not_the_pipelines_insides(client, aw, settings):
    """What runs behind the site is for the staff who raise alarms (as the banner): a contact
    learns that messages are late and that the system keeps trying."""
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    alarm = aw["alarm"]
    count = late_messages(alarm)
    client.force_login(aw["contact"])
    with broken_broker() as pipeline:
        page = " ".join(client.get(detail(alarm)).content.decode().split())
    assert f'data-late="{count}"' in page and "the system keeps trying" in page
    assert "broker" not in page and "Call the designated actors" not in page
    pipeline.assert_not_called()  # not even asked: no broker round trip for them


def test_late_messages_with_the_pipeline_well_say_they_are_tried_again(client, aw, settings):
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    alarm = aw["alarm"]
    late_messages(alarm)
    client.force_login(aw["coordinator"])
    body = " ".join(client.get(detail(alarm)).content.decode().split())
    assert "they have waited more than 30 seconds to be sent; the system keeps trying" in body


def test_messages_within_the_threshold_are_not_late(client, aw, settings):
    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    alarm = aw["alarm"]
    late_messages(alarm, seconds=10)
    client.force_login(aw["coordinator"])
    assert "data-late" not in client.get(detail(alarm)).content.decode()


def test_a_closed_alarm_shows_no_lateness(client, aw, settings):
    alarm = aw["alarm"]
    late_messages(alarm)
    alarm_close(alarm=alarm, user=aw["coordinator"])
    client.force_login(aw["coordinator"])
    assert "data-late" not in client.get(detail(alarm)).content.decode()


def test_a_drill_is_marked_as_a_drill(client, aw):
    alarm = raise_alarm(aw["official"], kind="ovning", message="Övning")
    client.force_login(aw["official"])
    body = client.get(detail(alarm)).content.decode()
    assert 'class="drill-banner" data-drill="true"' in body
    assert "DRILL" in body  # English msgid; the lead fills "ÖVNING"


def test_opening_the_board_reads_the_users_notifications_of_the_alarm(client, aw):
    contact = aw["contact"]
    Notification.objects.create(user=contact, alarm=aw["alarm"], title="Larm", body="Larm")
    other = Notification.objects.create(
        user=contact, alarm=aw["alarm_confidential"], title="Larm", body="Larm"
    )
    client.force_login(contact)
    client.get(detail(aw["alarm"]))
    assert not Notification.objects.filter(user=contact, alarm=aw["alarm"], read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


# --- The live part (htmx) ----------------------------------------------------------------------


def test_the_page_polls_the_board_while_the_alarm_is_open(client, aw):
    client.force_login(aw["coordinator"])
    body = client.get(detail(aw["alarm"])).content.decode()
    assert f'hx-get="{board(aw["alarm"])}?v=' in body
    assert 'hx-trigger="every 5s"' in body and 'hx-swap="outerHTML"' in body
    assert re.search(r'<p class="alarm-summary" role="status" aria-live="polite">', body)
    assert body.count("aria-live") == 1  # only the short summary, not the whole table
    assert f'href="{detail(aw["alarm"])}"' in body  # the refresh link, for no JS


def test_the_board_endpoint_returns_only_the_fragment(client, aw):
    client.force_login(aw["coordinator"])
    response = client.get(board(aw["alarm"]), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "<body" not in body and "site-header" not in body
    assert body.lstrip().startswith('<div id="alarm-live"')
    assert 'id="alarm-summary-text" hx-swap-oob="true"' in body
    assert "answer-form" not in body and "csrfmiddlewaretoken" not in body


def test_a_poll_that_finds_nothing_new_gets_no_content(client, aw):
    client.force_login(aw["coordinator"])
    body = client.get(board(aw["alarm"])).content.decode()
    url = re.search(r'hx-get="([^"]+)"', body).group(1).replace("&amp;", "&")
    assert client.get(url).status_code == 204
    recipient = aw["alarm_recipient"]
    recipient_answer(recipient=recipient, response=Response.MOBILISING, user=aw["contact"])
    changed = client.get(url)
    assert changed.status_code == 200 and 'data-response="mobilising"' in changed.content.decode()


def test_polling_stops_when_the_alarm_is_closed(client, aw):
    alarm_close(alarm=aw["alarm"], user=aw["coordinator"])
    client.force_login(aw["coordinator"])
    for url in (detail(aw["alarm"]), board(aw["alarm"])):
        assert "hx-trigger" not in client.get(url).content.decode()


# --- Answering in the app ----------------------------------------------------------------------


def answer_url(recipient):
    return reverse("alarms:answer", args=[recipient.alarm_id, recipient.pk])


def snapshot(recipient):
    r = Recipient.objects.get(pk=recipient.pk)
    return (
        r.response,
        r.responded_at,
        r.reason,
        r.who_comes,
        AlarmEvent.objects.filter(alarm_id=r.alarm_id).count(),
    )


def test_the_contact_answers_for_their_own_organisation(client, aw):
    recipient = aw["alarm_recipient"]
    client.force_login(aw["contact"])
    page = client.get(detail(aw["alarm"])).content.decode()
    assert answer_url(recipient) in page
    response = client.post(answer_url(recipient), {"response": "mobilising", "who_comes": "Anna, 070-1"})
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.response == Response.MOBILISING and recipient.who_comes == "Anna, 070-1"
    assert recipient.responded_by_user == aw["contact"]


def test_a_contact_cannot_answer_for_another_organisation(client, aw):
    entry = f.roster_entry("24")
    alarm = raise_alarm(aw["official"])
    other = alarm.recipients.get(organisation=entry.organisation)
    before = snapshot(other)
    client.force_login(aw["contact"])
    assert answer_url(other) not in client.get(detail(alarm)).content.decode()
    assert client.post(answer_url(other), {"response": "mobilising"}).status_code == 403
    assert snapshot(other) == before


@pytest.mark.parametrize(
    "key, status", [("reader", 403), ("contact_other", 404), ("coordinator_other_region", 404)]
)
def test_readers_and_outsiders_cannot_answer(client, aw, key, status):
    recipient = aw["alarm_recipient"]
    before = snapshot(recipient)
    client.force_login(aw[key])
    assert client.post(answer_url(recipient), {"response": "mobilising"}).status_code == status
    assert snapshot(recipient) == before


def test_answering_needs_a_post(client, aw):
    client.force_login(aw["contact"])
    assert client.get(answer_url(aw["alarm_recipient"])).status_code == 405


def test_a_coordinator_records_an_answer_given_by_phone(client, aw):
    recipient = aw["alarm_recipient"]
    client.force_login(aw["coordinator"])
    picked = client.get(detail(aw["alarm"]) + f"?answer_for={recipient.pk}").content.decode()
    assert answer_url(recipient) in picked
    client.post(answer_url(recipient), {"response": "declined", "reason": "Ingen på plats"})
    recipient.refresh_from_db()
    assert recipient.response == Response.DECLINED and recipient.responded_by_user == aw["coordinator"]


@pytest.mark.parametrize(
    "post", [{"response": "declined"}, {"response": "declined", "reason": "  "}, {"response": "kanske"}, {}]
)
def test_a_bad_answer_is_refused_with_a_message_and_nothing_changed(client, aw, post):
    recipient = aw["alarm_recipient"]
    before = snapshot(recipient)
    client.force_login(aw["contact"])
    response = client.post(answer_url(recipient), post)
    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode() or 'role="alert"' in response.content.decode()
    assert snapshot(recipient) == before


def test_an_answer_to_a_closed_alarm_is_refused(client, aw):
    recipient = aw["alarm_recipient"]
    alarm_close(alarm=aw["alarm"], user=aw["coordinator"])
    before = snapshot(recipient)
    client.force_login(aw["contact"])
    response = client.post(answer_url(recipient), {"response": "mobilising"})
    assert response.status_code == 200
    assert "message--error" in response.content.decode()
    assert snapshot(recipient) == before


# --- The first-response checklist --------------------------------------------------------------


def note_url(alarm):
    return reverse("alarms:note_add", args=[alarm.pk])


def test_the_alarmed_contact_adds_to_the_checklist(client, aw):
    client.force_login(aw["contact"])
    response = client.post(note_url(aw["alarm"]), {"question": 2, "text": "Lantmäteriet"})
    assert response.status_code == 302
    note = FirstResponseNote.objects.get(alarm=aw["alarm"])
    assert (note.question, note.text, note.organisation) == (2, "Lantmäteriet", aw["member_org"])
    assert "Lantmäteriet" in client.get(detail(aw["alarm"])).content.decode()


def test_a_reader_sees_the_checklist_but_cannot_add(client, aw):
    client.force_login(aw["reader"])
    assert 'class="note-form"' not in client.get(detail(aw["alarm"])).content.decode()
    assert client.post(note_url(aw["alarm"]), {"question": 1, "text": "x"}).status_code == 403
    assert not FirstResponseNote.objects.exists()


@pytest.mark.parametrize("post", [{"question": 1, "text": ""}, {"question": 9, "text": "x"}, {"text": "x"}])
def test_a_bad_note_is_refused_with_a_message(client, aw, post):
    client.force_login(aw["coordinator"])
    response = client.post(note_url(aw["alarm"]), post)
    assert response.status_code == 200 and 'class="errors"' in response.content.decode()
    assert not FirstResponseNote.objects.exists()


def test_a_note_to_a_closed_alarm_is_refused(client, aw):
    alarm_close(alarm=aw["alarm"], user=aw["coordinator"])
    client.force_login(aw["coordinator"])
    response = client.post(note_url(aw["alarm"]), {"question": 1, "text": "Sent"})
    assert response.status_code == 200 and "message--error" in response.content.decode()
    assert not FirstResponseNote.objects.exists()


# --- Closing -----------------------------------------------------------------------------------


def close_url(alarm):
    return reverse("alarms:close", args=[alarm.pk])


@pytest.mark.parametrize("key", ["official", "reader", "contact"])
def test_only_the_regions_coordinators_and_admins_close(client, aw, key):
    client.force_login(aw[key])
    assert close_url(aw["alarm"]) not in client.get(detail(aw["alarm"])).content.decode()
    assert client.get(close_url(aw["alarm"])).status_code == 403
    assert client.post(close_url(aw["alarm"]), {"note": "x"}).status_code == 403
    assert Alarm.objects.get(pk=aw["alarm"].pk).is_open


@pytest.mark.parametrize("key", ["coordinator_same_region", "admin"])
def test_a_coordinator_closes_the_alarm_and_finds_the_report(client, aw, key):
    client.force_login(aw[key])
    assert close_url(aw["alarm"]) in client.get(detail(aw["alarm"])).content.decode()
    assert client.get(close_url(aw["alarm"])).status_code == 200
    response = client.post(close_url(aw["alarm"]), {"note": "Alla på plats"})
    assert response.status_code == 302 and response["Location"] == detail(aw["alarm"])
    alarm = Alarm.objects.get(pk=aw["alarm"].pk)
    assert not alarm.is_open and alarm.closed_by == aw[key] and alarm.close_note == "Alla på plats"
    assert reverse("alarms:report", args=[alarm.pk]) in client.get(detail(alarm)).content.decode()


def test_closing_twice_says_so_and_changes_nothing(client, aw):
    alarm_close(alarm=aw["alarm"], user=aw["coordinator"], note="Första")
    client.force_login(aw["coordinator"])
    response = client.post(close_url(aw["alarm"]), {"note": "Andra"})
    assert response.status_code == 200
    assert Alarm.objects.get(pk=aw["alarm"].pk).close_note == "Första"


def test_a_too_long_closing_note_is_refused(client, aw):
    client.force_login(aw["coordinator"])
    response = client.post(close_url(aw["alarm"]), {"note": "x" * 1001})
    assert response.status_code == 200 and 'class="errors"' in response.content.decode()
    assert Alarm.objects.get(pk=aw["alarm"].pk).is_open
