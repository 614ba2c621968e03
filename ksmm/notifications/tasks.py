"""The reminder scan, run by Celery beat in every active canton's schema."""

import logging
from datetime import date

from celery import shared_task
from django.db import connection
from django.utils import timezone
from tenant_schemas_celery.task import TenantTask

from .delivery import send_pending_emails
from .scan import insert_due_reminders

logger = logging.getLogger(__name__)


@shared_task(
    base=TenantTask,
    name="ksmm.notifications.tasks.scan_reminders",
    acks_late=True,
    reject_on_worker_lost=True,
)
def scan_reminders(today: str | None = None) -> dict[str, int]:
    """Inserts the reminders due today, then e-mails whatever is still unsent.

    Everything it does is recorded in the database as it goes, so a killed worker's task,
    redelivered or simply run again by the next beat, resumes where it stopped.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    created = insert_due_reminders(today=day)
    emailed = send_pending_emails()
    schema_name: str = connection.schema_name  # type: ignore[attr-defined]
    logger.info("reminder scan schema=%s created=%d emailed=%d", schema_name, created, emailed)
    return {"created": created, "emailed": emailed}
