"""The Celery app. Tasks carry the canton's schema in a message header (tenant-schemas-celery).

DJANGO_SETTINGS_MODULE is set by whoever starts the worker (run_platform, the tests,
docker-compose); importing this module must not change the environment, because
`python -m ksmm.embedded_services` imports the package and hands its environment on.
"""

from tenant_schemas_celery.app import CeleryApp

from ksmm.observability import worker

app = CeleryApp("ksmm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Django's LOGGING in the worker and beat, the task on each log line, the task counters.
worker.connect()
