"""Settings of the HTTP benchmark's gunicorn: the test settings, the baseline view, no rate limit."""

from config.settings.test import *  # noqa: F403
from config.settings.test import REST_FRAMEWORK

ROOT_URLCONF = "bench.hello"
DEBUG = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"caller": "1000000/min", "anonymous": "1000000/min"},
}
