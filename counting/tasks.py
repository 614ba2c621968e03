"""The count of one canton, sent by ksmm/statistics/runs.py by name into the canton's schema."""

from celery import shared_task
from tenant_schemas_celery.task import TenantTask

from .actions import do_count_canton


@shared_task(base=TenantTask, name="counting.count_canton", acks_late=True, reject_on_worker_lost=True)
def count_canton(run_id: int | None = None) -> int:
    """Counts the canton of the message's schema header; a redelivered message counts again and
    replaces the same rows (counting/actions.py)."""
    return do_count_canton(run_id=run_id).aggregates
