"""The pipeline's own health: the beat's heartbeat, as a worker last ran it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PipelineHeartbeat(models.Model):
    """One row: when beat last sent a heartbeat, and when a worker last ran it."""

    sent_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pipeline heartbeat")

    def __str__(self):
        return f"heartbeat {self.seen_at}"
