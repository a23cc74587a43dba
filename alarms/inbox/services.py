"""Reading the in-app inbox: a notice is read when it is opened, when its alarm is opened, or all at
once. (The notices themselves are written by the delivery, ``alarms.delivery.services``.)"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from alarms.core.models import Alarm

from .models import Notification


def notification_read(*, user, notification: Notification) -> None:
    if notification.user_id != user.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_read_for_alarm(*, user, alarm: Alarm) -> int:
    """Opening the alarm reads its notices."""
    return Notification.objects.filter(user=user, alarm=alarm, read_at__isnull=True).update(
        read_at=timezone.now()
    )
