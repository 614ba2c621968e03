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
WHITENOISE_AUTOREFRESH = True

# Tasks of the test run go to their own queue, so a `make run` worker on the same Redis
# never takes them (and never writes into the development database).
CELERY_TASK_DEFAULT_QUEUE = env("KSMM_TEST_QUEUE", default="ksmm-test")  # noqa: F405
