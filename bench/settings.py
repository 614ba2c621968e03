"""Settings of the HTTP benchmark's gunicorn: the test settings, the baseline view, no rate limit,
and connections kept as production keeps them."""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, REST_FRAMEWORK

ROOT_URLCONF = "bench.hello"
DEBUG = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"caller": "1000000/min", "anonymous": "1000000/min"},
}
# As config/settings/production.py: each worker keeps its connection (the test settings open
# one per request, which cost the case list about as much as everything else it does).
DATABASES["default"]["CONN_MAX_AGE"] = 60
