"""Development on one machine: `make run`."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405

# `make run` has no mail server: invitations and reset links are printed on the console,
# unless EMAIL_HOST points at a real one.
if not env("EMAIL_HOST", default=""):  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# A receiver on this machine may be tried out over http (ksmm/webhooks/addresses.py).
WEBHOOKS_ALLOW_LOOPBACK = True

# A system under development may redirect to a loopback listener (ksmm/api/actions.py checks
# that an http redirect URI is a loopback one).
if DEBUG:
    OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"]}  # noqa: F405
