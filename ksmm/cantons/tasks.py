import logging

from celery import shared_task
from django.db import connection
from django.utils import timezone
from tenant_schemas_celery.task import TenantTask

from .models import Canton, Heartbeat

logger = logging.getLogger(__name__)


@shared_task(base=TenantTask, name="ksmm.cantons.tasks.heartbeat")
def heartbeat() -> str:
    """Proves that the worker runs tasks inside a canton's schema; /health/ reads the result.

    The canton is resolved from the schema name: inside a task the connection's tenant is a
    stand-in that holds nothing else.
    """
    # The database's answer, not the wrapper's: proves that the search path was set.
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema_name: str = cursor.fetchone()[0]
    canton = Canton.objects.filter(schema_name=schema_name, level=Canton.Level.CANTON).first()
    if canton is None:
        logger.warning("heartbeat outside a canton schema=%s", schema_name)
        return schema_name
    Heartbeat.objects.update_or_create(canton=canton, defaults={"beat_at": timezone.now(), "schema_name": schema_name})
    return schema_name
