from typing import Any

from celery.beat import ScheduleEntry
from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name, schema_context
from tenant_schemas_celery.scheduler import TenantAwarePersistentScheduler

from .models import Canton


class ActiveCantonScheduler(TenantAwarePersistentScheduler):
    """Celery beat that fans each periodic task out to active cantons only, never to public.

    An entry that names the public schema (`"tenant_schemas": ["public"]`) runs there once:
    the federal level's own work, such as starting the night's counting run.
    """

    @classmethod
    def get_queryset(cls) -> QuerySet[Canton]:
        return Canton.objects.cantons().active()

    def apply_entry(self, entry: ScheduleEntry, producer: Any = None) -> None:
        public = get_public_schema_name()
        if entry.options.get("headers", {}).get("_schema_name") == public:
            with schema_context(public):
                self.apply_async(entry, producer=producer, advance=False)
            return
        super().apply_entry(entry, producer=producer)
