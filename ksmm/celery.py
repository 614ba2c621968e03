"""The Celery app. Tasks carry the canton's schema in a message header (tenant-schemas-celery)."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ksmm.settings.local")

app = CeleryApp("ksmm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
