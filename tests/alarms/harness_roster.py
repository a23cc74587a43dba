"""Rows for tests/test_access_harness.py: every URL of the standing structure (rosters and
channels), with the users who must be refused (403/404/405).

Objects come from ``tests.alarms.harness_world.alarm_world``: region 24's roster, whose entry is the
member organisation with the ``contact`` user's person as primary contact.

Who may do what (accounts/policy.py, "The alarm chain"):
- a region's roster is read by its coordinators, the officials of its municipalities and
  administrators, and changed by its coordinators and administrators;
- a person's channels are changed by the person themself, administrators and the coordinators of the
  person's region (of their organisation, or of a roster naming them), and read besides by those who
  may read a roster the person is on.
"""

from __future__ import annotations

from django.urls import reverse

from alarms.rosters.models import Roster, RosterEntry
from tests.alarms.harness_world import alarm_world
from tests.world import MANAGERS_24, READERS_AND_CONTACTS, STAFF_24, Row, everyone_but

# Region 24's roster is changed by MANAGERS_24 and read besides by Skellefteå's official (STAFF_24).
# A roster person's channels: the person (``contact``), the administrator and region 24's coordinators;
# Gävleborg's coordinator does not reach Västerbotten's people (their addresses and webhook secrets).
CHANNEL_EDITORS = (*MANAGERS_24, "contact")
CHANNEL_READERS = (*CHANNEL_EDITORS, "official")
# Everyone with a region gets to their roster; readers and actor contacts have no roster to read.
INDEX_REFUSED = READERS_AND_CONTACTS
# What a refused POST sends: a roster policy, a channel, a move.
POLICY = {"deputy_after_minutes": 3, "coordinator_after_minutes": 3, "max_repeats": 0, "auto_close_hours": 1}
POST = {**POLICY, "direction": "up", "kind": "email", "target": "x@example.se"}


def rows(w) -> list[Row]:
    alarm_world(w)
    code = w["roster_entry"].roster.region.code
    entry = w["roster_entry"].pk
    person = w["alarm_primary"].pk
    channel = w["alarm_channel"].pk
    table = [
        ("alarms:roster_index", reverse("alarms:roster_index"), INDEX_REFUSED),
        ("alarms:roster", reverse("alarms:roster", args=[code]), everyone_but(*STAFF_24)),
        ("alarms:roster_policy", reverse("alarms:roster_policy", args=[code]), everyone_but(*MANAGERS_24)),
        ("alarms:entry_create", reverse("alarms:entry_create", args=[code]), everyone_but(*MANAGERS_24)),
        (
            "alarms:entry_edit",
            reverse("alarms:entry_edit", args=[code, entry]),
            everyone_but(*MANAGERS_24),
        ),
        (
            "alarms:entry_delete",
            reverse("alarms:entry_delete", args=[code, entry]),
            everyone_but(*MANAGERS_24),
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
    ]
    # The users not refused get the page (or are sent on to it); moving a channel is POST only
    # (tests/alarms/rosters/test_channels_pages.py).
    return [Row(*row, post=POST, allowed_get=(200, 302)) for row in table] + [
        Row(
            "alarms:channel_move",
            reverse("alarms:channel_move", args=[channel]),
            everyone_but(*CHANNEL_EDITORS),
            post=POST,
        )
    ]


def state(w) -> tuple:
    """Region 24's roster, its entries, and the primary contact's channels."""
    return (
        RosterEntry.objects.count(),
        Roster.objects.values_list("pk", "deputy_after_minutes", "max_repeats").get(region__code="24"),
        list(w["alarm_primary"].alarm_channels.values_list("pk", "kind", "target", "position", "is_enabled")),
    )
