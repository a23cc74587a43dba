from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.crypto import salted_hmac
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

    # Part of the session hash (``get_session_auth_hash``): a new value ends every session the user
    # has, as a new password does ("Log out everywhere", a reset second factor, an erasure).
    session_salt = models.CharField(max_length=32, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "session_salt"])

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_edit", args=[self.pk])

    def _get_session_auth_hash(self, secret=None):
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class AuditEvent(models.Model):
    """A security or privacy event on an account or a person, kept without the personal data it
    touched: a second factor reset, sessions ended, a lockout lifted, a person's data exported or erased."""

    class Kind(models.TextChoices):
        SECOND_FACTOR_ENROLLED = "2fa_enrolled", _("Second factor set up")
        SECOND_FACTOR_RESET = "2fa_reset", _("Second factor reset by an administrator")
        SECOND_FACTOR_OFF = "2fa_off", _("Second factor turned off")
        RECOVERY_CODES = "recovery_codes", _("New recovery codes")
        RECOVERY_CODE_USED = "recovery_used", _("Recovery code used")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset by e-mail link")
        SESSIONS_ENDED = "sessions_ended", _("Logged out everywhere")
        LOCKOUT_LIFTED = "lockout_lifted", _("Login lockout lifted")
        API_TOKEN_CREATED = "api_token_created", _("API token created")
        API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
        PERSON_EXPORTED = "person_exported", _("Personal data exported")
        PERSON_ERASED = "person_erased", _("Personal data erased")
        RETENTION_PURGE = "retention_purge", _("Retention purge")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=24, choices=Kind.choices)
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("user"),
    )
    # The person's id only: an erased person's name must not stay here.
    person_id = models.BigIntegerField(_("person id"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A personal token for the REST API (/api/v1/): it acts as its user, never more, and only until
    it expires or is revoked. The secret is shown once when made and kept only as its SHA-256 hash
    (a random 256-bit secret needs no slow hash); ``key_id`` finds the row. Read-only tokens may only
    read; ``networks`` (CIDR blocks, one per line or separated by spaces) limits where it may be
    used from. The rules are in ``accounts.api_tokens``."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the system that uses it.")
    )
    key_id = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    read_only = models.BooleanField(_("read only"), default=True)
    networks = models.TextField(
        _("allowed networks"),
        blank=True,
        help_text=_(
            "Addresses or networks it may be used from (e.g. 10.20.0.0/16), one per line. Empty: anywhere."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.key_id})"

    @property
    def prefix(self) -> str:
        """What identifies the token in lists: its start, never the secret."""
        return f"smh_{self.key_id}_…"
