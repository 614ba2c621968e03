"""The reminder scan, run by Celery beat in every active canton's schema, the e-mail task it
hands its reminders to (which `do_notify` also queues when an event reaches an inbox), and the
daily digest.

The scan only writes: one INSERT of the reminders due, then, if any reminder is still
unsent, one message to the e-mail task of the same canton on the scan's own queue. Beat's
pass over all cantons is therefore as fast as 26 INSERTs; the SMTP round trips (about 15 ms
each) run in the e-mail tasks, in parallel across the worker's processes. Both tasks are
acknowledged late and keep their progress in the database: a killed worker's task is
redelivered and resumes, and a scan that died between its INSERT and the hand-over is
caught up by the next scan, which finds the unsent rows again.
"""

import logging
from datetime import date
from smtplib import SMTPException
from typing import Any

from celery import Task, shared_task
from django.utils import timezone
from tenant_schemas_celery.task import TenantTask

from ksmm.cantons.current import current_schema

from .delivery import has_pending_emails, send_daily_digests, send_pending_emails
from .scan import insert_due_reminders

logger = logging.getLogger(__name__)


def _schema_name() -> str:
    schema_name = current_schema()
    return schema_name


# An SMTP server that is down or refuses for a while: retried later, the claims rolled back.
SMTP_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 10,
}


@shared_task(
    base=TenantTask,
    name="ksmm.notifications.tasks.send_reminder_emails",
    acks_late=True,
    reject_on_worker_lost=True,
    **SMTP_RETRY,
)
def send_reminder_emails() -> int:
    """E-mails every inbox item of the current canton still waiting for its immediate e-mail
    (deadline reminders and event notifications); returns how many went out."""
    emailed = send_pending_emails()
    logger.info("reminder e-mails schema=%s emailed=%d", _schema_name(), emailed)
    return emailed


@shared_task(
    base=TenantTask,
    name="ksmm.notifications.tasks.send_daily_digests",
    acks_late=True,
    reject_on_worker_lost=True,
    **SMTP_RETRY,
)
def send_daily_digests_task(day: str | None = None) -> int:
    """Sends the day's digests of the current canton; returns how many went out. A second run
    the same day sends none to a person who already had theirs."""
    sent = send_daily_digests(day=date.fromisoformat(day) if day else None)
    logger.info("inbox digests schema=%s sent=%d", _schema_name(), sent)
    return sent


@shared_task(
    base=TenantTask,
    bind=True,
    name="ksmm.notifications.tasks.scan_reminders",
    acks_late=True,
    reject_on_worker_lost=True,
)
def scan_reminders(self: Task, today: str | None = None) -> dict[str, Any]:
    """Inserts the reminders due today and hands the unsent ones to `send_reminder_emails`.

    Returns {"created": rows inserted, "emailed": e-mails sent by this call, "handed_over":
    whether an e-mail task was queued}. Called directly (a test, the shell) instead of by a
    worker, it sends the e-mails itself, so the caller sees the whole effect on return.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    created = insert_due_reminders(today=day)
    emailed = 0
    handed_over = False
    if has_pending_emails():
        if self.request.called_directly:
            emailed = send_pending_emails()
        else:
            # The canton's schema travels in the message header (tenant-schemas-celery).
            queue = (self.request.delivery_info or {}).get("routing_key")
            send_reminder_emails.apply_async(**({"queue": queue} if queue else {}))
            handed_over = True
    logger.info(
        "reminder scan schema=%s created=%d emailed=%d handed_over=%s", _schema_name(), created, emailed, handed_over
    )
    return {"created": created, "emailed": emailed, "handed_over": handed_over}
