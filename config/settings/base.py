"""Settings shared by every environment. Values that differ come from the environment."""

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from ksmm.observability.logs import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / ".var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me-0123456789abcdef")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[".localhost", "localhost", "127.0.0.1"])

# The bare host is the federal level; every canton lives on "<code>.<KSMM_BASE_DOMAIN>".
KSMM_BASE_DOMAIN = env("KSMM_BASE_DOMAIN", default="localhost")
# Links in e-mails: scheme and port under which people reach the canton hosts. The defaults
# fit `make run` (http://<canton>.localhost:8000); production serves https on the default port.
KSMM_PUBLIC_URL_SCHEME = env("KSMM_PUBLIC_URL_SCHEME", default="http")
KSMM_PUBLIC_PORT = env("KSMM_PUBLIC_PORT", default=env("PORT", default="8000"))

SHARED_APPS = [
    "django_tenants",
    "ksmm.cantons",
    "ksmm.accounts",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "modeltranslation",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ksmm.federal",
    "ksmm.statistics",
    # The federal blind index of the duplicate signal across cantons: digest and canton only.
    "ksmm.matching",
    # Public metadata of transfers between cantons: ids, canton codes, status (no personal data).
    "ksmm.transfers",
    "ksmm.audit",
    # Backup, restore, export and removal of one canton (management commands, no models).
    "ksmm.backups",
    # No models of their own: templates, static files and filters of the REST API.
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Country names in the reader's language (its translations load only for an installed app).
    "django_countries",
    # Counts inside each canton for the federal statistics (no models): above every domain app.
    "counting",
    # The demo seed and `make run` (no models): composition, above every domain app.
    "demo",
]
# contenttypes and auth stay in public only: in both lists their ids drift between schemas.
# ksmm.audit is in both lists on purpose: the federal level and each canton keep their own chain.
TENANT_APPS = [
    "ksmm.audit",
    "ksmm.memberships",
    "ksmm.partners",
    "roundtables",
    "cases",
    "cases.identification",
    "cases.steps",
    "cases.operations",
    "cases.attachments",
    "cases.proceedings",
    "cases.transfers",
    "permits",
    "notices",
    "ksmm.deadlines",
    "ksmm.notifications",
    "ksmm.events",
    "ksmm.webhooks",
    "ksmm.work",
    # Each canton has its own OAuth2 applications and tokens: a ZH token is unknown on GE.
    "oauth2_provider",
    "ksmm.api",
    # Per-case grants to organisations (cases/grants.py). Its tables point at auth.Permission and
    # auth.Group in public; every canton keeps its own grants.
    "guardian",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "cantons.Canton"
TENANT_DOMAIN_MODEL = "cantons.Domain"
# One `SET search_path` per schema switch instead of one per cursor (half of all statements).
# Safe because every switch (request, Celery task, schema_context) goes through set_tenant(),
# which forgets the path set, as do rollback and close (tests/cantons/test_search_path.py).
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "config.urls_federal"
ROOT_URLCONF = "config.urls_canton"
# The replica router first: it answers reads and writes, TenantSyncRouter decides migrations.
DATABASE_ROUTERS = ["ksmm.cantons.replica.ReplicaRouter", "django_tenants.routers.TenantSyncRouter"]
# The replica connection follows every schema switch of the primary one.
EXTRA_SET_TENANT_METHOD_PATH = "ksmm.cantons.replica.follow_tenant"

MIDDLEWARE = [
    # First: the request id and the request's metrics cover everything below, tenant routing too.
    "ksmm.observability.http.RequestObservationMiddleware",
    "ksmm.cantons.middleware.CantonMiddleware",
    "ksmm.audit.attribution.AuditRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files keep their cache), above everything that answers.
    "ksmm.accounts.no_store.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ksmm.accounts.remembered_device.RememberedOTPMiddleware",
    "ksmm.accounts.session_policy.SessionPolicyMiddleware",
    "ksmm.cantons.middleware.CantonLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ksmm.cantons.context_processors.canton",
                "ksmm.federal.context_processors.federal_role",
                "ksmm.notifications.context_processors.inbox",
                "ksmm.accounts.context_processors.session_expiry",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


def database_config(url: str, *, conn_max_age: int) -> dict[str, object]:
    """A DATABASES entry from a URL; a percent-encoded host is a unix socket directory."""
    config = env.db_url_config(url)
    config["HOST"] = unquote(config.get("HOST") or "")
    config["ENGINE"] = "django_tenants.postgresql_backend"
    config["CONN_MAX_AGE"] = conn_max_age
    config["CONN_HEALTH_CHECKS"] = True
    return config


# Startup option of the replica's sessions: a write sent there fails instead of going unnoticed.
READ_ONLY_SESSIONS = "-c default_transaction_read_only=on"


def databases(primary_url: str, *, conn_max_age: int) -> dict[str, dict[str, object]]:
    """The primary, and the streaming replica when DATABASE_REPLICA_URL names one.

    The replica serves only the reads that ask for it (ksmm/cantons/replica.py); its sessions
    are read-only, so a write routed there by mistake fails instead of splitting the data.
    """
    configured = {"default": database_config(primary_url, conn_max_age=conn_max_age)}
    replica_url = env("DATABASE_REPLICA_URL", default="")
    if replica_url:
        replica = database_config(replica_url, conn_max_age=conn_max_age)
        options = replica.get("OPTIONS")
        replica["OPTIONS"] = {**(options if isinstance(options, dict) else {}), "options": READ_ONLY_SESSIONS}
        replica["TEST"] = {"MIRROR": "default"}
        configured["replica"] = replica
    return configured


DATABASES = databases(
    env("DATABASE_URL", default="postgres://postgres@localhost/ksmm"),
    conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=0),
)
# Reads inside reads_from_replica() use the replica while it lags at most this much when the
# block starts; past it (or when it is down) they go to the primary.
KSMM_REPLICA_MAX_LAG_SECONDS = env.float("KSMM_REPLICA_MAX_LAG_SECONDS", default=2.0)
# Off turns the replica away without removing its alias (the test suite runs that way).
KSMM_REPLICA_READS = env.bool("KSMM_REPLICA_READS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: a locked-out login never reaches the password check. Permissions come from the
# membership in the current canton only; global groups grant nothing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ksmm.accounts.backends.CantonMembershipBackend",
]
# django-guardian stores per-case grants only; cases/policy.py reads them by organisation, so
# guardian's ObjectPermissionBackend is not installed (it would answer has_perm from global groups)
# and no anonymous user is created in public.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
# Sign-in limits (ksmm/accounts/lockout.py): axes locks an account from one address only, so that
# nobody can lock a person out by naming the account; the address throttle and the slow-down of
# an account under attack are counted in the cache.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_USE_ATTEMPT_EXPIRATION = True  # failures older than the cool-off no longer count
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "ksmm.accounts.lockout.client_address"
# Proxies in front of the application that append to X-Forwarded-For (production: the TLS proxy).
KSMM_TRUSTED_PROXIES = env.int("KSMM_TRUSTED_PROXIES", default=0)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "ksmm.accounts.backends.username_for_lockout"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True

OTP_TOTP_ISSUER = "ksmm"
OTP_TOTP_TOLERANCE = 1  # one 30-second step each side, no wider

# Sessions: host-only cookie, 30 minutes idle, 12 hours at most (SessionPolicyMiddleware).
SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
SESSION_ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PASSWORD_RESET_TIMEOUT = 60 * 60

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=1025)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ksmm <no-reply@ksmm.localhost>")

# Content Security Policy with a nonce per response (django-csp); nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages of the interface. Content translations use a fixed list so that
# django-modeltranslation's migrations never depend on the environment.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("fr", _("French")), ("it", _("Italian")), ("en", _("English"))]
MODELTRANSLATION_LANGUAGES = ("de", "fr", "it", "en")
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de", "fr", "it", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Swiss dates (31.12.2026) in every interface language, English included.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]


def attachment_storage() -> dict[str, object]:
    """Where the (encrypted) attachments of cases lie (cases/attachments/sealing.py): local files
    under ATTACHMENTS_DIR (default .var/attachments), or an S3-compatible store when
    ATTACHMENTS_S3_BUCKET is set. The store only ever receives ciphertext."""
    bucket = env("ATTACHMENTS_S3_BUCKET", default="")
    if bucket:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": env("ATTACHMENTS_S3_ENDPOINT_URL", default="") or None,
                "region_name": env("ATTACHMENTS_S3_REGION", default="") or None,
                "access_key": env("ATTACHMENTS_S3_ACCESS_KEY_ID", default="") or None,
                "secret_key": env("ATTACHMENTS_S3_SECRET_ACCESS_KEY", default="") or None,
                "location": env("ATTACHMENTS_S3_PREFIX", default=""),
                # Never overwrite, never public, never a URL handed out: downloads go through the
                # application, which decrypts after the case policy has allowed the read.
                "file_overwrite": False,
                "default_acl": "private",
                "querystring_auth": True,
                "addressing_style": env("ATTACHMENTS_S3_ADDRESSING_STYLE", default="path"),
            },
        }
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("ATTACHMENTS_DIR", default=str(VAR_DIR / "attachments")),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": attachment_storage(),
}

# Attachments: at most 20 MB each. Uploads stay in memory (no plaintext in temporary files) and a
# file past the limit is read through without being kept (cases/attachments/uploads.py), so the
# form refuses it with a message instead of failing. One file per request; other fields are small.
# The proxy in front limits the whole request body a little above this (README).
KSMM_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["cases.attachments.uploads.BoundedMemoryUploadHandler"]
DATA_UPLOAD_MAX_NUMBER_FILES = 1

# Host-only cookies: a session belongs to one canton host and never reaches another.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

REDIS_URL = env("REDIS_URL", default="redis://localhost:6379/0")

# Master key for identity and counselling data at rest (32 bytes, urlsafe base64); each canton's
# keys are derived from it with HKDF and the schema name (cases/encryption.py).
KSMM_FIELD_ENCRYPTION_KEY = env("KSMM_FIELD_ENCRYPTION_KEY", default="ZGV2ZWxvcG1lbnQta2V5LW5vdC1wcm9kdWN0aW9uISE=")
# The key ring while keys are rotated (README "Rotating keys"): "2:<base64>,1:<base64>", the
# current version first. When set it replaces KSMM_FIELD_ENCRYPTION_KEY, which is version 1.
KSMM_FIELD_ENCRYPTION_KEYS = env("KSMM_FIELD_ENCRYPTION_KEYS", default="")
# The federal key of the duplicate signal across cantons (ksmm/matching): one key for every canton,
# so the same person gives the same digest in ZH and GE (32 bytes, urlsafe base64). The default is
# for development only: production reads it from the environment and the deploy check refuses it.
KSMM_FEDERAL_MATCHING_KEY = env("KSMM_FEDERAL_MATCHING_KEY", default="ZmVkZXJhbC1tYXRjaGluZy1kZXZlbG9wbWVudC1rZXk=")
# Raised when the key is rotated: digests of the new version are published beside the old ones.
KSMM_FEDERAL_MATCHING_KEY_VERSION = env.int("KSMM_FEDERAL_MATCHING_KEY_VERSION", default=1)
# Lookups against other cantons per person and hour: enough for intake, too few to probe names.
KSMM_MATCH_LOOKUPS_PER_HOUR = env.int("KSMM_MATCH_LOOKUPS_PER_HOUR", default=30)


def celery_redis_url(url: str) -> str:
    """redis-py reads unix sockets as unix://PATH?db=N; Celery and kombu as redis+socket://PATH."""
    if not url.startswith("unix://"):
        return url
    path, _sep, query = url.removeprefix("unix://").partition("?")
    database = dict(part.split("=", 1) for part in query.split("&") if "=" in part).get("db", "0")
    return f"redis+socket://{path}?virtual_host={database}"


def cache_redis_url(url: str, *, database: int = 1) -> str:
    """The same server as the broker, another database: clearing the cache leaves the queues."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = [f"{key}={value}" for key, value in parse_qsl(parts.query) if key != "db"]
        return f"unix://{parts.path}?" + "&".join([*query, f"db={database}"])
    return urlunsplit(parts._replace(path=f"/{database}"))


# Rate-limit counters and other short-lived state, shared by every web and worker process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": cache_redis_url(REDIS_URL),
        "KEY_PREFIX": "ksmm",
        "TIMEOUT": 300,
    }
}

CELERY_BROKER_URL = celery_redis_url(REDIS_URL)
CELERY_RESULT_BACKEND = celery_redis_url(REDIS_URL)
# A task of a killed worker goes back to the queue once its visibility timeout has passed.
CELERY_BROKER_TRANSPORT_OPTIONS = env.json("CELERY_BROKER_TRANSPORT_OPTIONS", default={"visibility_timeout": 3600})
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "ksmm.cantons.scheduler.ActiveCantonScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Federal statistics (ksmm/statistics): dashboard cells with 0 < count < threshold are suppressed
# (the threshold is stored with each release); open-data releases spend at most this ε per year.
STATISTICS_SUPPRESSION_THRESHOLD = env.int("STATISTICS_SUPPRESSION_THRESHOLD", default=5)
STATISTICS_EPSILON_PER_YEAR = env.float("STATISTICS_EPSILON_PER_YEAR", default=1.0)
# Open-data noise from a seeded generator, the seed recorded on the release: true in tests only
# (config/settings/test.py); everywhere else the noise comes from OpenDP and no seed exists.
STATISTICS_SEEDED_NOISE = False

HEARTBEAT_INTERVAL_SECONDS = env.int("HEARTBEAT_INTERVAL_SECONDS", default=60)
# A canton whose last heartbeat is older than this makes /health/ fail.
HEARTBEAT_STALE_AFTER_SECONDS = env.int("HEARTBEAT_STALE_AFTER_SECONDS", default=300)
REMINDER_SCAN_INTERVAL_SECONDS = env.int("REMINDER_SCAN_INTERVAL_SECONDS", default=900)
WEBHOOKS_SWEEP_INTERVAL_SECONDS = env.int("WEBHOOKS_SWEEP_INTERVAL_SECONDS", default=60)
# Webhook endpoints must be public https addresses; tests and local development may also use
# http on a loopback address (ksmm/webhooks/addresses.py). Never set in production.
WEBHOOKS_ALLOW_LOOPBACK = False
CELERY_BEAT_SCHEDULE = {
    "canton-heartbeat": {
        "task": "ksmm.cantons.tasks.heartbeat",
        "schedule": HEARTBEAT_INTERVAL_SECONDS,
        "options": {"expires": HEARTBEAT_INTERVAL_SECONDS},
    },
    # Short and frequent: a scan holds no countdown; what is due is read from the deadlines.
    "deadline-reminders": {
        "task": "ksmm.notifications.tasks.scan_reminders",
        "schedule": REMINDER_SCAN_INTERVAL_SECONDS,
        "options": {"expires": REMINDER_SCAN_INTERVAL_SECONDS},
    },
    # The day's inbox digest, for the people who chose one e-mail a day.
    "inbox-digests": {
        "task": "ksmm.notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 6 * 3600},
    },
    # Webhook retries and whatever a lost task or a killed worker left due (ksmm/webhooks).
    "webhook-deliveries": {
        "task": "ksmm.webhooks.tasks.deliver_due",
        "schedule": WEBHOOKS_SWEEP_INTERVAL_SECONDS,
        "options": {"expires": WEBHOOKS_SWEEP_INTERVAL_SECONDS},
    },
    # Anonymises closed cases past their retention period (cases/retention.py), at night.
    "case-retention": {
        "task": "cases.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 3600},
    },
    # The federal statistics: one counting run over every active canton, in the public schema
    # (ksmm/statistics/runs.py sends each canton its count), after retention has run.
    "statistics-counting": {
        "task": "statistics.start_nightly_run",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 6 * 3600},
        "tenant_schemas": ["public"],
    },
    # Recomputes every schema's audit hash chain and records when each was last found intact.
    "audit-chain-verification": {
        "task": "ksmm.audit.tasks.verify_chains",
        "schedule": crontab(hour=4, minute=0),
        "options": {"expires": 6 * 3600},
        "tenant_schemas": ["public"],
    },
}

# Application logs carry no personal data: only ids, codes and counts (ksmm/observability/logs.py).
# One JSON object per line in production; LOG_FORMAT=json|plain chooses elsewhere.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = logging_settings(log_format=LOG_FORMAT, level=env("LOG_LEVEL", default="INFO"))

# /metrics on the bare host answers only a Bearer token equal to this; unset, it is always 404.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# The Celery queues whose length /metrics reports; empty: the default queue.
KSMM_METRICS_QUEUES = env.list("KSMM_METRICS_QUEUES", default=[])

GET_EXECUTOR_FUNCTION = "ksmm.cantons.migration_executor.get_executor"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# REST API under /api/ on canton hosts; conventions in ksmm/api/.
REST_FRAMEWORK = {
    # OAuth2 first: its Bearer challenge makes a missing credential a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ksmm.api.authentication.BearerTokenAuthentication",
        "ksmm.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ksmm.api.permissions.CantonCaller"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Bounded in size (DATA_UPLOAD_MAX_MEMORY_SIZE) and depth; no NUL, no lone surrogates.
    "DEFAULT_PARSER_CLASSES": ["ksmm.api.parsers.BoundedJSONParser"],
    # OPTIONS describes the body an endpoint takes without loading the object behind it.
    "DEFAULT_METADATA_CLASS": "ksmm.api.metadata.ApiMetadata",
    "DEFAULT_PAGINATION_CLASS": "ksmm.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "ksmm.api.throttling.CallerRateThrottle",
        "ksmm.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "caller": env("API_RATE_CALLER", default="600/min"),
        "anonymous": env("API_RATE_ANONYMOUS", default="60/min"),
    },
    "EXCEPTION_HANDLER": "ksmm.api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ksmm API",
    "DESCRIPTION": "REST API of a cantonal round table against human trafficking. "
    "Every host is one canton; data never crosses cantons.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["ksmm.api.permissions.CantonCaller"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is vendored under static/: the CSP allows no assets from other hosts.
    "SWAGGER_UI_DIST": STATIC_URL + "vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "vendor/swagger-ui/favicon-32x32.png",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False},
    "ENUM_NAME_OVERRIDES": {
        "OrganisationTypeEnum": "ksmm.partners.models.Organisation.Type",
        "OrganisationGroupEnum": "ksmm.partners.models.Organisation.Group",
        "RoleEnum": "ksmm.memberships.models.Membership.Role",
        "ReflectionEndReasonEnum": "permits.models.EndReason",
        "CaseStatusEnum": "cases.models.Case.Status",
        "ReferralStatusEnum": "cases.models.Referral.Status",
        "CounsellingPartEnum": "cases.models.CounsellingPart",
        "CompartmentEnum": "ksmm.compartments.Compartment",
        "SharingColumnEnum": "roundtables.models.SHARING_COLUMN_CHOICES",
        "CantonCodeEnum": "ksmm.partners.entries.CANTON_CODES",
        "RoundTableRoleEnum": "roundtables.models.RoundTableMember.Role",
        "ProceedingStatusEnum": "cases.steps.models.Proceeding.Status",
        "ReturnStatusEnum": "cases.steps.models.ReturnAssistance.Status",
        "InterviewKindEnum": "cases.steps.models.Interview.Kind",
        "AccommodationKindEnum": "cases.steps.models.Accommodation.Kind",
        "AssessmentResultEnum": "cases.identification.models.Assessment.Result",
        "AttachmentKindEnum": "cases.attachments.models.AttachmentKind",
        "TransferStatusEnum": "ksmm.transfers.models.Transfer.Status",
    },
}

# Named explicitly: migrations depending on the swappable model need the setting to exist.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
API_TOKEN_SECONDS = env.int("API_TOKEN_SECONDS", default=3600)
# Tokens of a system acting for a person (authorisation code, refresh) are short-lived: the
# refresh token, rotated on each use, is what keeps the connection.
API_DELEGATED_TOKEN_SECONDS = env.int("API_DELEGATED_TOKEN_SECONDS", default=600)


def _access_token_seconds(request: Any) -> int:
    """oauthlib asks per token request (BearerToken.expires_in may be a callable)."""
    delegated = getattr(request, "grant_type", "") in ("authorization_code", "refresh_token")
    return API_DELEGATED_TOKEN_SECONDS if delegated else API_TOKEN_SECONDS


OAUTH2_PROVIDER = {
    # One scope per kind of data (ksmm/api/scopes.py). On a case, a client reads a compartment
    # only when its scope AND its organisation's grant allow it.
    "SCOPES": {
        "directory": _(
            "Partner directory, round table, meetings, co-operation agreement and indicator catalogue. No case data."
        ),
        "core": _(
            "Core data of the cases the organisation is party to: case number, pseudonym, status, dates, parties, "
            "assessments, deadlines, referrals, the timeline and step summaries."
        ),
        "identity": _(
            "Victims' identities: names, aliases, date of birth, nationality, identifiers, identification "
            "checklists. Only on cases where the organisation holds the identity grant; needs core."
        ),
        "investigation": _(
            "Investigation data: operations, interviews, proceedings, evidence notes. Only on cases where the "
            "organisation holds the investigation grant; needs core."
        ),
        "residence": _(
            "Reflection periods and permit requests: status and dates; details only on cases where the "
            "organisation holds the residence grant. Needs core."
        ),
        "notices": _(
            "Victims'-rights notice texts, and the notices delivered on the organisation's cases (with core)."
        ),
        # Write scopes, by capability: only a person can grant them (authorisation code), and
        # the person's own role and grants still decide each write (ksmm/api/scopes.py).
        "intake": _("Open new cases and record their intake data (identity, identification checklist and assessment)."),
        "steps": _("Record and update the steps of cases (contacts, accommodation, support, interviews)."),
        "decisions": _("Decide on reflection periods, their extensions and permit requests (migration office)."),
        "deliveries": _("Record the delivery of victims'-rights notices on cases (victim aid)."),
    },
    "DEFAULT_SCOPES": ["directory"],
    # A client reaches only the scopes its ApiClient row grants.
    "SCOPES_BACKEND_CLASS": "ksmm.api.scopes.ApiClientScopes",
    # A token a person granted lives minutes, a system's own an hour (see _access_token_seconds).
    "ACCESS_TOKEN_EXPIRE_SECONDS": _access_token_seconds,
    "REFRESH_TOKEN_EXPIRE_SECONDS": env.int("API_REFRESH_TOKEN_SECONDS", default=30 * 24 * 3600),
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    # OAuth 2.0 Security BCP (RFC 9700): no implicit or password grant, no plain PKCE, tokens
    # only in the Authorization header, hashed at rest, refresh-token rotation, iss in responses.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}
