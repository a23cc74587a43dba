"""Rows for tests/test_access_harness.py: every URL of the alarm pages (alarms/raising/views.py),
with the users who must be refused (403 or 404), and what a refused request must leave unchanged.

``alarms:answer_link`` is not here: it is the one open URL of the alarm chain (the signed, expiring
link in the alarm message works without logging in; tests/alarms/answering/test_views_answer_link.py tries
forged, expired and reused links). It belongs in the harness's OPEN_URLS.

Raising from a case or signal (``?case=``/``?signal=``) is not a row either: the harness sends its
GETs with data, which replaces a URL's query string. tests/alarms/raising/test_views_raise.py tries those
(a case or signal the user may not see is 404, nothing raised).
"""

from __future__ import annotations

from django.urls import reverse

from alarms.core.models import Alarm, AlarmEvent, Recipient
from alarms.raising.models import FirstResponseNote
from tests.alarms.harness_world import alarm_world
from tests.world import MANAGERS_21, MANAGERS_24, OUTSIDERS_24, READERS_AND_CONTACTS, REGION_24, everyone_but

# Region 24's alarms are closed (and answers given by phone recorded) by its coordinators and the
# administrator (MANAGERS_24); outside the region nobody knows they exist (OUTSIDERS_24, 404).


def rows(w) -> list[tuple[str, str, list[str]]]:
    w = alarm_world(w)
    result = [("alarms:list", reverse("alarms:list"), [])]
    raise_url = reverse("alarms:raise")
    result += [
        ("alarms:raise", raise_url, READERS_AND_CONTACTS),
    ]
    for alarm in (w["alarm"], w["alarm_confidential"]):
        recipient = alarm.recipients.get(organisation=w["member_org"])
        result += [
            ("alarms:detail", reverse("alarms:detail", args=[alarm.pk]), OUTSIDERS_24),
            ("alarms:board", reverse("alarms:board", args=[alarm.pk]), OUTSIDERS_24),
            (
                "alarms:answer",
                reverse("alarms:answer", args=[alarm.pk, recipient.pk]),
                everyone_but(*MANAGERS_24, "contact"),
            ),
            (
                "alarms:answer_here",
                reverse("alarms:answer_here", args=[alarm.pk, recipient.pk]),
                everyone_but(*MANAGERS_24, "contact"),
            ),
            ("alarms:note_add", reverse("alarms:note_add", args=[alarm.pk]), ["reader", *OUTSIDERS_24]),
            ("alarms:close", reverse("alarms:close", args=[alarm.pk]), everyone_but(*MANAGERS_24)),
        ]
    # Another region's alarm: nobody of region 24 reaches it (the drill raised in Gävle).
    other = w["alarm_other_region"]
    result += [
        ("alarms:detail", reverse("alarms:detail", args=[other.pk]), [*REGION_24, "contact_other"]),
        ("alarms:board", reverse("alarms:board", args=[other.pk]), [*REGION_24, "contact_other"]),
        ("alarms:close", reverse("alarms:close", args=[other.pk]), everyone_but(*MANAGERS_21)),
    ]
    return result


def state(w) -> tuple:
    """The alarms, their answers, events and first-response notes: a refused request changes none."""
    return (
        list(Alarm.objects.order_by("pk").values_list("state", "closed_at")),
        list(Recipient.objects.order_by("pk").values_list("response", "responded_at")),
        AlarmEvent.objects.count(),
        FirstResponseNote.objects.count(),
    )
