"""The nightly retention purge (beat, 03:15; ``CELERY_BEAT_SCHEDULE["privacy-purge"]``)."""

from celery import shared_task

from . import retention


@shared_task(name="privacy.tasks.purge", ignore_result=True)
def purge() -> dict[str, int]:
    """Idempotent: a second run the same night finds nothing due and records a purge of zeros."""
    return retention.purge()
