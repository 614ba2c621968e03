"""The test suite: `make test`."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = [".localhost", "localhost", "testserver", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # A directory of the test run, never .var/attachments; tests of attachments use their own tmp dir.
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(tempfile.gettempdir()) / "ksmm-test-attachments")},
    },
}
WHITENOISE_USE_FINDERS = True
# Open-data releases reproducible from their recorded seed (ksmm/statistics/privacy.py).
STATISTICS_SEEDED_NOISE = True
WHITENOISE_AUTOREFRESH = True

# Tasks of the test run go to their own queue, so a `make run` worker on the same Redis
# never takes them (and never writes into the development database).
CELERY_TASK_DEFAULT_QUEUE = env("KSMM_TEST_QUEUE", default="ksmm-test")  # noqa: F405

# pytest-xdist runs the suite in several processes, each on its own test database
# (test_<name>_gw0, …). Each also gets its own two Redis databases, for the broker and the cache:
# queues, lockout counters and `cache.clear()` of one process never reach another. The web and
# worker processes a test starts inherit PYTEST_XDIST_WORKER and land on the same databases.
XDIST_WORKER = env("PYTEST_XDIST_WORKER", default="")  # noqa: F405
if XDIST_WORKER:
    _index = int(XDIST_WORKER.removeprefix("gw"))
    if _index > 6:
        raise ValueError("Redis has 16 databases: run the suite with at most 7 processes (-n 7).")
    REDIS_URL = cache_redis_url(REDIS_URL, database=2 + 2 * _index)  # noqa: F405
    CACHES["default"]["LOCATION"] = cache_redis_url(REDIS_URL, database=3 + 2 * _index)  # noqa: F405
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = celery_redis_url(REDIS_URL)  # noqa: F405

# A `replica` alias on the test database itself, through sessions that refuse every write: the
# tests of ksmm/cantons/replica.py switch KSMM_REPLICA_READS on, and a write routed there fails.
# Off for the rest of the suite, whose query counts are pinned on the primary.
_primary_options = DATABASES["default"].get("OPTIONS")  # noqa: F405
DATABASES["replica"] = {  # noqa: F405
    **DATABASES["default"],  # noqa: F405
    "OPTIONS": {**(_primary_options if isinstance(_primary_options, dict) else {}), "options": READ_ONLY_SESSIONS},  # noqa: F405
    "TEST": {"MIRROR": "default"},
}
KSMM_REPLICA_READS = False

# The webhook tests run their receiver on 127.0.0.1 (tests/webhooks).
WEBHOOKS_ALLOW_LOOPBACK = True

# Test systems redirect to a loopback listener; production and staging accept https only.
OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"]}  # noqa: F405
