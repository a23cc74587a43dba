"""Reads of the standing structure: the rosters, ready for the reachability check and for raising."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from actors.models import Role

from .models import Channel, RosterEntry
from .reachability import EntryCheck, check_entry


def _entries_with_checks_data():
    """Roster entries with everything the reachability check reads, in a fixed number of queries."""
    roles = Role.objects.only("organisation_id", "person_id", "valid_to")
    channels = Channel.objects.order_by("position", "pk")
    return (
        RosterEntry.objects.select_related("roster", "organisation", "primary__user", "deputy__user")
        .prefetch_related(
            Prefetch("primary__alarm_channels", queryset=channels),
            Prefetch("deputy__alarm_channels", queryset=channels),
            Prefetch("primary__roles", queryset=roles),
            Prefetch("deputy__roles", queryset=roles),
        )
        .order_by("position", "organisation__name")
    )


def roster_entries(region) -> list[RosterEntry]:
    """The region's roster, ready for the reachability check."""
    return list(_entries_with_checks_data().filter(roster__region=region))


def roster_checks_by_region() -> dict[int, list[EntryCheck]]:
    """Every region's reachability check at once (the administrators' overview)."""
    by_region: dict[int, list[EntryCheck]] = {}
    for entry in _entries_with_checks_data():
        by_region.setdefault(entry.roster.region_id, []).append(check_entry(entry))
    return by_region


def roster_check(region) -> list[EntryCheck]:
    return [check_entry(entry) for entry in roster_entries(region)]


def roster_entries_for_raise(region) -> list[RosterEntry]:
    return list(
        RosterEntry.objects.filter(roster__region=region)
        .select_related("organisation", "primary__user", "deputy__user")
        .prefetch_related(
            "primary__alarm_channels", "deputy__alarm_channels", "primary__roles", "deputy__roles"
        )
        .order_by("position", "organisation__name")
    )


def roster_region_ids(person) -> list[int]:
    """The regions whose rosters name the person (as primary contact or deputy): whose coordinators
    maintain the person's alarm channels (``accounts.policy.can_edit_channels``)."""
    return list(
        RosterEntry.objects.filter(Q(primary=person) | Q(deputy=person))
        .values_list("roster__region_id", flat=True)
        .distinct()
    )
