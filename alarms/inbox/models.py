"""The in-app inbox: the messages the chain writes for a user to read in Samhandla."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alarms.core.models import Alarm


class Notification(models.Model):
    """A message in a user's in-app inbox; one per in-app delivery, never two."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alarm_notifications"
    )
    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="notifications")
    # By name: the delivery outbox writes notifications, so it imports this module, not the reverse.
    delivery = models.OneToOneField(
        "Delivery", on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at"], name="alarm_notification_unread"),
            # The inbox, newest first: one page is read from the index, however many notices.
            models.Index(fields=["user", "-created_at", "-id"], name="alarm_notification_inbox"),
        ]

    def __str__(self):
        return self.title
