"""One settings module; every difference between machines comes from the environment.

Production is any run with DEBUG off: it refuses to start without SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).lower() in {"1", "true", "yes", "on"}


DEBUG = envbool("DEBUG", "False")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The key signs sessions, password-reset and answer links: a short one can be guessed offline.
SECRET_KEY_MIN_LENGTH = 40
if not DEBUG and len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be set and at least {SECRET_KEY_MIN_LENGTH} characters long when DEBUG is off "
        '(for example: python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )
if not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The project's apps, lowest layer first (README, "Architecture").
    "outbox",
    "accounts",
    "actors",
    "establishments",
    "workspace",
    "competence",
    "checklist",
    "alarms",
    "demo",
    "privacy",
    "api",
]

# --- The REST API (api/, README "API") ----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.BrowserSession",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasRole"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend", "api.filters.Ordering"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samhandla API",
    "DESCRIPTION": (
        "Read and feed Samhandla from the region's other systems. Authenticate with a personal token "
        "(Authorization: Bearer smh_…) made on the account page; a token sees what its user sees."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.HasRole"],  # the schema and its page: for signed-in users
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("kind", "state") get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "AlarmKindEnum": "alarms.core.models.AlarmKind",
        "AlarmStateEnum": "alarms.core.models.Alarm.State",
        "CaseKindEnum": "establishments.models.CaseKind",
        "SignalStateEnum": "establishments.models.Signal.State",
    },
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session ends after SESSION_IDLE_SECONDS without a request and SESSION_COOKIE_AGE after login;
    # a user whose role needs a second factor reaches nothing but its pages until it is given.
    "accounts.middleware.SessionLimitMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # One view-log row per confidential case or signal a response showed (establishments/middleware.py).
    "establishments.middleware.ViewLogMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The admin's history pages show old versions but never put one back: a revert would skip the rules
# of the pages (whose channel it is, who manages a case's access) and the models the admin keeps read only.
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.access",
                "alarms.context_processors.alarms",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username or address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",  # Django's ModelBackend, reading the role in the same query
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # guardian: anonymous users get no object permissions at all

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers per docs/SPRAKGUIDE.md; pages format them through config.formats (the filters
# day, daytime, longdate, num … of the samhandla library). USE_THOUSAND_SEPARATOR stays off: it
# would also group years, SCB and SSYK codes and ids ("2 026", "2 482").
FORMAT_MODULE_PATH = "config.formats"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Deployments run collectstatic and set STATIC_MANIFEST=1 for cache-busting file names; the quick
# start and the tests serve the files straight from the apps through WhiteNoise's finders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("STATIC_MANIFEST", "False")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not envbool("STATIC_MANIFEST", "False")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Samhandla <noreply@samhandla.local>")
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (what `make run` sets) every
# e-mail is written as a file into this directory instead of being sent.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "tmp" / "mail"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Celery: with no REDIS_URL, tasks run eagerly in-process (the quick start and `make test`).
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker reconnects to a broker that went away within two seconds, and never gives up.
CELERY_WORKER_CONSUMER = "config.celery:QuickReconnectConsumer"
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = TIME_ZONE
# Every task call goes through outbox.services.enqueue_on_commit: kept in the database until the
# broker takes it; the flusher hands over what waited for a broker that was down, within seconds of
# its return. A call being handed over is left to its publisher for OUTBOX_CLAIM_SECONDS.
OUTBOX_FLUSH_SECONDS = float(os.environ.get("OUTBOX_FLUSH_SECONDS", "5"))
OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", "60"))
CELERY_BEAT_SCHEDULE: dict = {
    # A periodic task not run within its interval expires: the next one does its work, and a busy
    # queue does not fill with copies that then run side by side.
    "outbox-flush": {
        "task": "outbox.tasks.flush",
        "schedule": OUTBOX_FLUSH_SECONDS,
        "options": {"expires": OUTBOX_FLUSH_SECONDS},
    },
    # Action plan (moment 5): due-date reminders; idempotent, so running it often is harmless.
    "action-plan-reminders": {"task": "workspace.plan.tasks.send_action_reminders", "schedule": 3600.0},
}
# Days before an action's due date that its owner is reminded by e-mail.
ACTION_REMINDER_DAYS = int(os.environ.get("ACTION_REMINDER_DAYS", "7"))

# --- Accounts: login, second factor, sessions (README, "Accounts and security") -------------------
# django-axes: after LOGIN_FAILURE_LIMIT failed logins for one username, or LOGIN_FAILURE_LIMIT_PER_ADDRESS
# from one address (higher: a municipality's users share an address), further attempts are refused for
# LOGIN_COOLOFF_MINUTES. Counted in the database; administrators see and lift lockouts on the user page.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "30"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Behind the TLS proxy, the client's address is the last one the proxy added to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
# The second factor (TOTP with recovery codes) is required for these roles, optional for the others.
SECOND_FACTOR_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get("SECOND_FACTOR_REQUIRED_ROLES", "Administratör,Regional samordnare").split(",")
    if r.strip()
]
# Superusers reach everything in the Django admin: they need it too, whatever their role.
SECOND_FACTOR_FOR_SUPERUSERS = envbool("SECOND_FACTOR_FOR_SUPERUSERS", "True")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Samhandla")
# A session lasts a working day from login, and ends sooner after SESSION_IDLE_SECONDS without a request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 3600)))
SESSION_COOKIE_SAMESITE = "Lax"
# A password-reset link works for this long (seconds); an invitation link for INVITE_LINK_DAYS.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(2 * 3600)))
INVITE_LINK_DAYS = int(os.environ.get("INVITE_LINK_DAYS", "7"))

# --- Transport security: on by default when DEBUG is off (README, "Production") ------------------
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False" if DEBUG else "True")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
# Preload is a promise about the whole domain that is slow to undo: the domain's owner turns it on.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
# "HTTP_X_FORWARDED_PROTO,https" when a proxy terminates TLS and sets that header (docker-compose.yml).
_proxy_header = [p.strip() for p in os.environ.get("SECURE_PROXY_SSL_HEADER", "").split(",") if p.strip()]
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header) if len(_proxy_header) == 2 else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False" if DEBUG else "True")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts and styles from the app itself only; no inline script,
# no eval (htmx is configured for that in base.html), nothing framed, forms post to the app only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The CSV import of organisations and people: the largest file taken; a larger upload is stopped
# while it arrives (actors/uploads.py), before it is read into memory.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))

# /health/ answers anonymous callers with ok or fail; the details need a staff login or this token
# (header "Authorization: Bearer <token>"). Empty: only staff see the details.
HEALTH_TOKEN = os.environ.get("HEALTH_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
if not REDIS_URL:
    # Tasks run eagerly in-process (no broker): Celery's "Task … succeeded" lines are noise there.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
if DEBUG:
    # The dev server's reloader says "Watching for file changes" twice (Django's own handler and ours).
    LOGGING["loggers"]["django.utils.autoreload"] = {"level": "WARNING"}

# How far back a signal counts as a likely duplicate of another.
SIGNAL_DUPLICATE_WINDOW_DAYS = 90

# --- The alarm chain (alarms/) -------------------------------------------------------------------
# SMS through an HTTP gateway (46elks-style form POST with basic auth); SMS is off when unset.
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_USER = os.environ.get("SMS_GATEWAY_USER", "")
SMS_GATEWAY_PASSWORD = os.environ.get("SMS_GATEWAY_PASSWORD", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "Samhandla")
# The egress guard (config/egress.py): every outgoing HTTP request (webhooks, the SMS gateway) goes
# over https to a public address only, with one deadline and a bounded answer. WEBHOOK_ALLOWED_HOSTS
# (comma separated, "*.example.com" for any name below example.com): empty allows any public host.
# EGRESS_ALLOW_HTTP and EGRESS_ALLOW_INTERNAL_HOSTS (names or addresses exempt from the address
# check) are for development and tests only: a receiver on the developer's machine, a test's sink.
EGRESS_ALLOW_HTTP = envbool("EGRESS_ALLOW_HTTP", "False")
EGRESS_ALLOW_INTERNAL_HOSTS = [
    h.strip() for h in os.environ.get("EGRESS_ALLOW_INTERNAL_HOSTS", "").split(",") if h.strip()
]
WEBHOOK_ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("WEBHOOK_ALLOWED_HOSTS", "").split(",") if h.strip()
]
EGRESS_TIMEOUT_SECONDS = float(os.environ.get("EGRESS_TIMEOUT_SECONDS", "10"))
EGRESS_MAX_RESPONSE_BYTES = int(os.environ.get("EGRESS_MAX_RESPONSE_BYTES", "65536"))
# The outbox: a queued delivery not taken by a worker within ALARM_REQUEUE_AFTER_SECONDS is
# published again (the broker lost it; a broker that lost its memory is noticed at once, see
# outbox.services.broker_forgot). A worker holds the rows it works on by a lease it renews every
# third of ALARM_SENDING_LEASE_SECONDS while it runs; rows whose lease ran out (their worker died)
# are taken back by the sweeper, which runs every ALARM_SWEEP_SECONDS: a dead worker's rows go out
# again within lease + sweep seconds.
ALARM_REQUEUE_AFTER_SECONDS = int(os.environ.get("ALARM_REQUEUE_AFTER_SECONDS", "60"))
ALARM_SENDING_LEASE_SECONDS = int(os.environ.get("ALARM_SENDING_LEASE_SECONDS", "10"))
ALARM_SWEEP_SECONDS = float(os.environ.get("ALARM_SWEEP_SECONDS", "5"))
ALARM_RETRY_BASE_SECONDS = int(os.environ.get("ALARM_RETRY_BASE_SECONDS", "10"))
ALARM_MAX_ATTEMPTS = int(os.environ.get("ALARM_MAX_ATTEMPTS", "5"))
ALARM_LINK_MAX_AGE_HOURS = int(os.environ.get("ALARM_LINK_MAX_AGE_HOURS", "72"))
# A task that meets a database or broker error retries after 1, 2, 4, 8, 8 … seconds, this many times.
ALARM_TRANSIENT_RETRIES = int(os.environ.get("ALARM_TRANSIENT_RETRIES", "8"))
# /health/, the staff banner and the alarm board call the pipeline degraded when a delivery has
# waited longer than this to be sent, or when the workers' heartbeat is older than twice its interval.
ALARM_DELAYED_AFTER_SECONDS = int(os.environ.get("ALARM_DELAYED_AFTER_SECONDS", "30"))
PIPELINE_HEARTBEAT_SECONDS = float(os.environ.get("PIPELINE_HEARTBEAT_SECONDS", "10"))
# An SMTP server that stops answering must not hold a worker (and the rows it holds) for ever.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
# Fail fast when the broker is down: the outbox keeps the work, the request must not hang.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE.update(
    {
        "alarm-sweep-outbox": {
            "task": "alarms.tasks.sweep_outbox",
            "schedule": ALARM_SWEEP_SECONDS,
            "options": {"expires": ALARM_SWEEP_SECONDS},
        },
        "alarm-escalate": {
            "task": "alarms.tasks.escalate_due",
            "schedule": ALARM_SWEEP_SECONDS,
            "options": {"expires": ALARM_SWEEP_SECONDS},
        },
        "alarm-close-expired": {"task": "alarms.tasks.close_expired", "schedule": 60.0},
        "pipeline-heartbeat": {"task": "alarms.tasks.heartbeat", "schedule": PIPELINE_HEARTBEAT_SECONDS},
    }
)

# --- The routine checklist (checklist/) -----------------------------------------------------------
# Days before a round's deadline that those who have not submitted are reminded (once a day).
CHECKLIST_REMINDER_DAYS = int(os.environ.get("CHECKLIST_REMINDER_DAYS", "7"))
from celery.schedules import crontab  # noqa: E402

# Hourly in office hours: the task reminds each organisation at most once a day, so a missed hour
# is caught up by the next one and nobody gets a reminder at midnight.
# --- The competence picture (competence/picture/) ----------------------------------------------------
# How often the regions' traffic lights are compared with those last told to other systems (webhooks).
PICTURE_LIGHTS_SECONDS = float(os.environ.get("PICTURE_LIGHTS_SECONDS", "300"))
CELERY_BEAT_SCHEDULE["competence-picture-lights"] = {
    "task": "competence.tasks.refresh_picture_lights",
    "schedule": PICTURE_LIGHTS_SECONDS,
}
CELERY_BEAT_SCHEDULE["checklist-reminders"] = {
    "task": "checklist.tasks.send_checklist_reminders",
    "schedule": crontab(minute=5, hour="7-16"),
}
# Nightly: every grant and case role that no longer fits its holder is reported (establishments.access).
CELERY_BEAT_SCHEDULE["access-audit"] = {
    "task": "establishments.tasks.audit_access",
    "schedule": crontab(minute=30, hour=2),
}

# --- Privacy (privacy/): how long personal data is kept (README, "Privacy") -----------------------
# Each period is one rule of privacy/retention.py (which says why at length); the nightly purge
# (privacy.tasks.purge) removes or empties what is older, in batches, and records what it did.
# Views of confidential cases: two years, to follow up a suspected leak over a case's active years.
RETENTION_VIEW_LOG_DAYS = int(os.environ.get("RETENTION_VIEW_LOG_DAYS", "730"))
# The address an alarm message went to: 90 days, past the alarm's closing (at most 30 days) and report.
RETENTION_DELIVERY_ADDRESS_DAYS = int(os.environ.get("RETENTION_DELIVERY_ADDRESS_DAYS", "90"))
# In-app inbox messages: a year, the reader's look back; the alarm itself keeps answers and timeline.
RETENTION_NOTIFICATION_DAYS = int(os.environ.get("RETENTION_NOTIFICATION_DAYS", "365"))
# Revoked calendar feed addresses: a month, to tell a user why an old subscription stopped.
RETENTION_REVOKED_FEED_DAYS = int(os.environ.get("RETENTION_REVOKED_FEED_DAYS", "30"))
# History of people removed from the registry or erased (and erased accounts): a year after they left.
RETENTION_PERSON_HISTORY_DAYS = int(os.environ.get("RETENTION_PERSON_HISTORY_DAYS", "365"))
# Earlier addresses of removed alarm channels: a year, for an alarm's report or a complaint.
RETENTION_CHANNEL_HISTORY_DAYS = int(os.environ.get("RETENTION_CHANNEL_HISTORY_DAYS", "365"))
# Login records (django-axes: user names, addresses, browsers): half a year to look into an attack.
RETENTION_LOGIN_RECORD_DAYS = int(os.environ.get("RETENTION_LOGIN_RECORD_DAYS", "180"))
# Security and privacy events: five years; they name no personal data and prove erasures were done.
RETENTION_AUDIT_EVENT_DAYS = int(os.environ.get("RETENTION_AUDIT_EVENT_DAYS", "1825"))
# Nightly, after the access audit (02:30) and outside office hours: the purge may delete many rows.
CELERY_BEAT_SCHEDULE["privacy-purge"] = {
    "task": "privacy.tasks.purge",
    "schedule": crontab(minute=15, hour=3),
}
# Whom the privacy page names for questions and requests (the data protection officer).
PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "dataskyddsombud@example.se")
