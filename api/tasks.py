from celery import shared_task

from . import webhooks


@shared_task
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at a webhook delivery; a failed one schedules the next itself (``webhooks``)."""
    return webhooks.deliver(delivery_id)


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def tell_owner_turned_off(self, endpoint_id: int) -> int:
    """E-mail a webhook's owner that it was turned off, and why."""
    try:
        return webhooks.tell_owner(endpoint_id)
    except OSError as exc:  # the mail server: again later
        raise self.retry(exc=exc) from exc
