from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RoleName(models.TextChoices):
    """The five roles. Each is a Django group of the same name (see accounts.policy)."""

    ADMIN = "Administratör", _("Administrator")
    COORDINATOR = "Regional samordnare", _("Regional coordinator")
    OFFICIAL = "Kommunal tjänsteman", _("Municipal official")
    CONTACT = "Aktörskontakt", _("Actor contact")
    READER = "Läsare", _("Reader")


class Confidentiality(models.TextChoices):
    """How widely a case or a signal may be seen (see accounts.policy)."""

    OPEN = "oppen", _("Open")
    RESTRICTED = "begransad", _("Restricted")
    CONFIDENTIAL = "konfidentiell", _("Confidential")


class Sharing(models.TextChoices):
    """Whom an item of a case may be shared with (checklist item 8: clear mandates on sharing)."""

    INTERNAL = "intern", _("Internal: the case's coordinators and officials")
    MEMBERS = "medlemmar", _("Case members")
    COMPANY = "etableraren", _("Also the establishing company")


class User(AbstractUser):
    """A person who logs in. Never deleted: history keeps pointing at them; deactivate instead."""

    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "actors.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        "actors.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("municipality"),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_edit", args=[self.pk])
