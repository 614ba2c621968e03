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


@shared_task(
    base=TenantTask,
    name="cases.tasks.rotate_keys",
    acks_late=True,
    reject_on_worker_lost=True,
)
def rotate_keys(parts: list[str] | None = None) -> dict[str, int]:
    """Rewrites the canton's data under the current key version (cases/rotation/); batches of
    their own transactions, so a killed worker's task, run again, continues with the rest.
    Returns the rows left per part (none once finished)."""
    from .rotation.runs import ALL_PARTS, do_rotate_keys

    results = do_rotate_keys(parts=parts or list(ALL_PARTS))
    schema_name = current_schema()
    for result in results:
        logger.info(
            "key rotation schema=%s part=%s version=%d rewritten=%d remaining=%d",
            schema_name, result.part, result.version, result.rewritten, result.remaining,
        )  # fmt: skip
    return {result.part: result.remaining for result in results}
