"""The workspace's Celery tasks, where Celery's autodiscovery looks for them."""

from .plan.tasks import notify_commitment_proposed, send_action_reminders

__all__ = ["notify_commitment_proposed", "send_action_reminders"]
