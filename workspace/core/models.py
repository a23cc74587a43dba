"""The core of a case's workspace: what every record of the guide's moments is."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Sharing


class StaleEdit(Exception):
    """Someone saved a newer version while this edit was open; ``current`` is that version."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


class CaseItem(models.Model):
    """Something recorded in a case's workspace: versioned for safe concurrent editing, tagged with
    whom it may be shared with, and kept in history."""

    case = models.ForeignKey(
        "establishments.EstablishmentCase",
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_items",
        verbose_name=_("case"),
    )
    sharing = models.CharField(
        _("may be shared with"), max_length=16, choices=Sharing.choices, default=Sharing.MEMBERS
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
