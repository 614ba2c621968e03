"""The webhook tasks: sending the deliveries an event created, and the per-canton sweep beat
runs every minute. Both are acknowledged late and keep their progress in the database
(delivery.py), so a killed worker's task is redelivered and sends what is still due."""

import logging

from celery import shared_task
from tenant_schemas_celery.task import TenantTask

from ksmm.cantons.current import current_schema

from .delivery import deliver_one, send_due

logger = logging.getLogger(__name__)


@shared_task(base=TenantTask, name="ksmm.webhooks.tasks.deliver", acks_late=True, reject_on_worker_lost=True)
def deliver(delivery_ids: list[int]) -> int:
    """Sends the given deliveries of the current canton that are still due; returns how many
    attempts were made (a failed one is retried later by the sweep)."""
    attempted = sum(deliver_one(delivery_id) is not None for delivery_id in delivery_ids)
    logger.info("webhook deliveries schema=%s attempted=%d", current_schema(), attempted)
    return attempted


@shared_task(base=TenantTask, name="ksmm.webhooks.tasks.deliver_due", acks_late=True, reject_on_worker_lost=True)
def deliver_due() -> int:
    """Sends every due delivery of the current canton: retries, and what a lost task left."""
    attempted = send_due()
    logger.info("webhook sweep schema=%s attempted=%d", current_schema(), attempted)
    return attempted
