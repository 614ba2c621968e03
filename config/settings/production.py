"""Production: every secret and host comes from the environment; nothing has a default."""

from ksmm.observability.logs import logging_settings

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # noqa: F405
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")  # noqa: F405
KSMM_BASE_DOMAIN = env("KSMM_BASE_DOMAIN")  # noqa: F405
# Links in e-mails: https on the default port unless the deployment says otherwise.
KSMM_PUBLIC_URL_SCHEME = env("KSMM_PUBLIC_URL_SCHEME", default="https")  # noqa: F405
KSMM_PUBLIC_PORT = env("KSMM_PUBLIC_PORT", default="")  # noqa: F405
# DATABASE_REPLICA_URL (optional): a streaming replica for the statistics and API lists.
DATABASES = databases(  # noqa: F405
    env("DATABASE_URL"),  # noqa: F405
    conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=60),  # noqa: F405
)
REDIS_URL = env("REDIS_URL")  # noqa: F405
# Either the key ring or the single key (version 1) of an installation that never rotated.
KSMM_FIELD_ENCRYPTION_KEYS = env("KSMM_FIELD_ENCRYPTION_KEYS", default="")  # noqa: F405
KSMM_FIELD_ENCRYPTION_KEY = env("KSMM_FIELD_ENCRYPTION_KEY", **({"default": ""} if KSMM_FIELD_ENCRYPTION_KEYS else {}))  # noqa: F405
KSMM_FEDERAL_MATCHING_KEY = env("KSMM_FEDERAL_MATCHING_KEY")  # noqa: F405
CELERY_BROKER_URL = celery_redis_url(REDIS_URL)  # noqa: F405
CELERY_RESULT_BACKEND = celery_redis_url(REDIS_URL)  # noqa: F405
# One JSON object per line for the log collector (ksmm/observability/logs.py).
LOG_FORMAT = env("LOG_FORMAT", default="json")  # noqa: F405
LOGGING = logging_settings(log_format=LOG_FORMAT, level=env("LOG_LEVEL", default="INFO"))  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "attachments": attachment_storage(),  # noqa: F405
}
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the TLS proxy REMOTE_ADDR is the proxy: sign-in limits read the client from its header.
KSMM_TRUSTED_PROXIES = env.int("KSMM_TRUSTED_PROXIES", default=1)  # noqa: F405
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)  # noqa: F405
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Webhooks reach public https endpoints only (ksmm/webhooks/addresses.py).
WEBHOOKS_ALLOW_LOOPBACK = False
