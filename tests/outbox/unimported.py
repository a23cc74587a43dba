"""A task module nothing imports: the outbox finds it by the task's name."""

from celery import shared_task

remembered: list = []


@shared_task
def remember(value):
    remembered.append(value)
