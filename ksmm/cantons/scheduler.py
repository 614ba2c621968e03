from django.db.models import QuerySet
from tenant_schemas_celery.scheduler import TenantAwarePersistentScheduler

from .models import Canton


class ActiveCantonScheduler(TenantAwarePersistentScheduler):
    """Celery beat that fans each periodic task out to active cantons only, never to public."""

    @classmethod
    def get_queryset(cls) -> QuerySet[Canton]:
        return Canton.objects.cantons().active()
