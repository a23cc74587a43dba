"""The competence app's background work (Celery)."""

from celery import shared_task

from .picture import services as picture_services


@shared_task(name="competence.tasks.refresh_picture_lights")
def refresh_picture_lights() -> int:
    """Beat (``CELERY_BEAT_SCHEDULE["competence-picture-lights"]``): notice each region's changed
    traffic lights and tell the systems that follow them. Returns the number of changes told."""
    return sum(picture_services.lights_refresh(region) for region in picture_services.regions_to_refresh())
