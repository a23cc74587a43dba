from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def flush() -> int:
    """On beat: hand over the calls that waited for the broker."""
    return services.flush()
