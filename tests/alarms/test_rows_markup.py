"""The rows of the alarm list, the inbox, the status board and its timeline are written in Python
(alarms/templatetags/alarm_pages.py): what people type reaches them escaped, every row is there
with its words, and the markup the pages and their tests rely on is unchanged."""

import pytest
from django.urls import reverse

from alarms.answering.services import recipient_answer
from alarms.core.models import AlarmEvent, Response
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"


@pytest.fixture
def hostile(aw):
    """The region-24 alarm with a hostile organisation, person, answer, event, delivery error and
    notice title; the alarm's own message too."""
    alarm, recipient = aw["alarm"], aw["alarm_recipient"]
    recipient.organisation.name = f"Org {HOSTILE}"
    recipient.organisation.save()
    person = recipient.primary
    person.name = f"Person {HOSTILE}"
    person.save()
    recipient_answer(
        recipient=recipient, response=Response.DECLINED, reason=f"Skäl {HOSTILE}", user=aw["contact"]
    )
    AlarmEvent.objects.create(alarm=alarm, kind="note", user=aw["coordinator"], text=f"Händelse {HOSTILE}")
    Delivery.objects.filter(recipient=recipient).update(state=Delivery.State.FAILED, error=f"Fel {HOSTILE}")
    Notification.objects.filter(user=aw["contact"], alarm=alarm).update(title=f"Titel {HOSTILE}")
    alarm.message = f"Meddelande {HOSTILE}"
    alarm.save()
    return aw


def body(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_board_escapes_what_people_typed(client, hostile):
    page = body(client, hostile["coordinator"], reverse("alarms:board", args=[hostile["alarm"].pk]))
    assert "<script>" not in page and "<b>bold" not in page
    for text in ("Org ", "Person ", "Skäl ", "Händelse ", "Fel "):
        assert f"{text}{ESCAPED}" in page, text
    assert 'class="board-row board-row--declined" data-response="declined" data-step="0"' in page
    assert "1 delivery failed" in page or "deliveries failed" in page
    assert f"Reason: Skäl {ESCAPED}" in page


def test_the_detail_page_has_the_same_rows(client, hostile):
    page = body(client, hostile["coordinator"], reverse("alarms:detail", args=[hostile["alarm"].pk]))
    assert "<script>" not in page
    assert f'<th scope="row">Org {ESCAPED}</th>' in page
    assert 'class="event event--note"' in page and 'class="event event--raised"' in page


def test_the_list_escapes_and_counts(client, hostile):
    page = body(client, hostile["coordinator"], reverse("alarms:list"))
    assert "<script>" not in page
    assert hostile["alarm"].get_absolute_url() in page
    assert ">1 of 1</td>" in page  # the declined answer counts as answered
    assert 'data-state="open" data-kind="etablering"' in page


def test_the_inbox_escapes_titles_and_messages(client, hostile):
    page = body(client, hostile["contact"], reverse("alarms:inbox"))
    assert "<script>" not in page
    assert f"Titel {ESCAPED}" in page and f"Meddelande {ESCAPED}" in page
    assert 'name="csrfmiddlewaretoken"' in page
    notice = Notification.objects.filter(user=hostile["contact"]).first()
    assert reverse("alarms:notification_open", args=[notice.pk]) in page


def test_an_empty_list_and_inbox_say_so(client):
    user = f.contact()
    assert "No notifications." in body(client, user, reverse("alarms:inbox"))
    assert "No alarms yet." in body(client, user, reverse("alarms:list"))
