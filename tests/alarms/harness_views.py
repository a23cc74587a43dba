"""Rows for tests/test_access_harness.py: every URL of the alarm pages (alarms/raising/views.py),
with the users who must be refused (403 or 404).

``alarms:answer_link`` is not here: it is the one open URL of the alarm chain (the signed, expiring
link in the alarm message works without logging in; tests/alarms/answering/test_views_answer_link.py tries
forged, expired and reused links). It belongs in the harness's OPEN_URLS.

Raising from a case or signal (``?case=``/``?signal=``) is not a row either: the harness sends its
GETs with data, which replaces a URL's query string. tests/alarms/raising/test_views_raise.py tries those
(a case or signal the user may not see is 404, nothing raised).
"""

from __future__ import annotations

from django.urls import reverse

from tests.alarms.harness_world import alarm_world

# Outside region 24: they do not know its alarms exist (404).
OUTSIDERS = ["coordinator_other_region", "official_other", "contact_other"]
# Those who close an alarm of region 24 (and record answers given by phone).
CLOSERS = ("coordinator", "deputy", "coordinator_same_region", "admin")


def rows(w, everyone_but) -> list[tuple[str, str, list[str]]]:
    w = alarm_world(w)
    result = [("alarms:list", reverse("alarms:list"), [])]
    raise_url = reverse("alarms:raise")
    result += [
        ("alarms:raise", raise_url, ["reader", "contact", "contact_other"]),
    ]
    for alarm in (w["alarm"], w["alarm_confidential"]):
        recipient = alarm.recipients.get(organisation=w["member_org"])
        result += [
            ("alarms:detail", reverse("alarms:detail", args=[alarm.pk]), OUTSIDERS),
            ("alarms:board", reverse("alarms:board", args=[alarm.pk]), OUTSIDERS),
            (
                "alarms:answer",
                reverse("alarms:answer", args=[alarm.pk, recipient.pk]),
                everyone_but(*CLOSERS, "contact"),
            ),
            ("alarms:note_add", reverse("alarms:note_add", args=[alarm.pk]), ["reader", *OUTSIDERS]),
            ("alarms:close", reverse("alarms:close", args=[alarm.pk]), everyone_but(*CLOSERS)),
        ]
    # Another region's alarm: nobody of region 24 reaches it (the drill raised in Gävle).
    other = w["alarm_other_region"]
    region_24 = ["coordinator", "deputy", "coordinator_same_region", "official", "reader", "contact"]
    result += [
        ("alarms:detail", reverse("alarms:detail", args=[other.pk]), region_24 + ["contact_other"]),
        ("alarms:board", reverse("alarms:board", args=[other.pk]), region_24 + ["contact_other"]),
        (
            "alarms:close",
            reverse("alarms:close", args=[other.pk]),
            everyone_but("admin", "coordinator_other_region"),
        ),
    ]
    return result
