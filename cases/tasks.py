"""Retention, run by Celery beat once a day in every active canton's schema."""

import logging
from datetime import date

from celery import shared_task
from django.utils import timezone
from tenant_schemas_celery.task import TenantTask

from ksmm.cantons.current import current_schema

from .retention import do_apply_retention

logger = logging.getLogger(__name__)


@shared_task(
    base=TenantTask,
    name="cases.tasks.apply_retention",
    acks_late=True,
    reject_on_worker_lost=True,
)
def apply_retention(today: str | None = None) -> int:
    """Anonymises the closed cases whose retention period has passed; each case in its own
    transaction, so a killed worker's task, run again, continues with the rest."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    count = do_apply_retention(today=day)
    schema_name = current_schema()
    logger.info("retention schema=%s anonymised=%d", schema_name, count)
    return count
