"""Reads for a case's journal, narrowed by the access policy first."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from accounts import policy
from establishments.models import EstablishmentCase

from .models import FollowUp, JournalEntry


def journal_context(*, user, case: EstablishmentCase) -> dict:
    follow_ups = policy.visible_items(user, case, FollowUp.objects.select_related("owner", "owner_person"))
    entries = policy.visible_items(user, case, JournalEntry.objects.all()).prefetch_related(
        Prefetch("follow_ups", queryset=follow_ups, to_attr="visible_follow_ups")
    )
    return {"entries": list(entries), "today": timezone.localdate()}
