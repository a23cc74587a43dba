"""Rows for tests/test_access_harness.py: every URL of the standing structure (rosters and
channels), with the users who must be refused (403/404/405).

Objects come from ``tests.alarms.harness_world.alarm_world``: region 24's roster, whose entry is the
member organisation with the ``contact`` user's person as primary contact.

Who may do what (accounts/policy.py, "The alarm chain"):
- a region's roster is read by its coordinators, the officials of its municipalities and
  administrators, and changed by its coordinators and administrators;
- a person's channels are changed by the person themself and by whoever maintains the registry
  (coordinators of any region, administrators), and read besides by those who may read a roster the
  person is on.
"""

from __future__ import annotations

from django.urls import reverse

from tests.alarms.harness_world import alarm_world

ROSTER_EDITORS = ("admin", "coordinator", "deputy", "coordinator_same_region")
ROSTER_READERS = (*ROSTER_EDITORS, "official")
CHANNEL_EDITORS = (
    "admin",
    "coordinator",
    "deputy",
    "coordinator_same_region",
    "coordinator_other_region",
    "contact",
)
CHANNEL_READERS = (*CHANNEL_EDITORS, "official")
# Everyone with a region gets to their roster; readers and actor contacts have no roster to read.
INDEX_REFUSED = ["reader", "contact", "contact_other"]


def rows(w, everyone_but) -> list[tuple[str, str, list[str]]]:
    alarm_world(w)
    code = w["roster_entry"].roster.region.code
    entry = w["roster_entry"].pk
    person = w["alarm_primary"].pk
    channel = w["alarm_channel"].pk
    return [
        ("alarms:roster_index", reverse("alarms:roster_index"), INDEX_REFUSED),
        ("alarms:roster", reverse("alarms:roster", args=[code]), everyone_but(*ROSTER_READERS)),
        ("alarms:roster_policy", reverse("alarms:roster_policy", args=[code]), everyone_but(*ROSTER_EDITORS)),
        ("alarms:entry_create", reverse("alarms:entry_create", args=[code]), everyone_but(*ROSTER_EDITORS)),
        (
            "alarms:entry_edit",
            reverse("alarms:entry_edit", args=[code, entry]),
            everyone_but(*ROSTER_EDITORS),
        ),
        (
            "alarms:entry_delete",
            reverse("alarms:entry_delete", args=[code, entry]),
            everyone_but(*ROSTER_EDITORS),
        ),
        ("alarms:my_channels", reverse("alarms:my_channels"), []),
        (
            "alarms:person_channels",
            reverse("alarms:person_channels", args=[person]),
            everyone_but(*CHANNEL_READERS),
        ),
        (
            "alarms:channel_create",
            reverse("alarms:channel_create", args=[person]),
            everyone_but(*CHANNEL_EDITORS),
        ),
        (
            "alarms:channel_edit",
            reverse("alarms:channel_edit", args=[channel]),
            everyone_but(*CHANNEL_EDITORS),
        ),
        (
            "alarms:channel_delete",
            reverse("alarms:channel_delete", args=[channel]),
            everyone_but(*CHANNEL_EDITORS),
        ),
        (
            "alarms:channel_move",
            reverse("alarms:channel_move", args=[channel]),
            everyone_but(*CHANNEL_EDITORS),
        ),
    ]
