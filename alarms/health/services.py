"""The pipeline's heartbeat: written by whoever proves that alarms can be delivered now."""

from __future__ import annotations

from django.utils import timezone

from .models import PipelineHeartbeat


def heartbeat_seen(sent_at) -> None:
    """A worker ran the beat's heartbeat: broker, beat and worker all work."""
    PipelineHeartbeat.objects.update_or_create(pk=1, defaults={"sent_at": sent_at, "seen_at": timezone.now()})
