from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QueuedTask(models.Model):
    """A task call made by a user's action, kept until the broker has taken it.

    Written in the same transaction as the action, so the call exists exactly when the action does;
    deleted once the broker holds it. A row that stays tells that the broker was unreachable: the
    flusher hands it over as soon as the broker answers again.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("being handed over since"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        indexes = [models.Index(fields=["created_at"], name="outbox_queued_created")]

    def __str__(self):
        args = repr(tuple(self.args))
        return f"{self.task}{args if len(args) <= 60 else args[:57] + '…)'}"
