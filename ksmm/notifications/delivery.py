"""E-mail for reminders, in the recipient's language, carrying the case number and nothing
that names a person.

Sent in small batches, each message in its own transaction: the reminder row is claimed
(`emailed_at` set, the row locked), the message handed to SMTP, then the claim committed. A
worker killed before the commit leaves the row unsent for the next run, so nothing is lost; a
concurrent or repeated run waits for the lock and then finds the row claimed, so nothing is
sent twice (short of a kill in the instant between the SMTP answer and the commit, which the
fixed Message-ID lets mail clients fold).
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ksmm.cantons.current import current_schema
from ksmm.cantons.models import Canton, Domain
from ksmm.deadlines.models import Deadline, RuleKey

from .models import OVERDUE, Reminder

BATCH_SIZE = 20
BATCH_FIELDS = (
    "pk", "offset_days", "is_escalation", "recipient__email", "recipient__language",
    "deadline__rule_key", "deadline__due_on", "deadline__case__case_number",
)  # fmt: skip
CLAIM = "UPDATE notifications_reminder SET emailed_at = %s WHERE id = %s AND emailed_at IS NULL"


def canton_of_schema() -> tuple[str, str]:
    """(default language, host) of the current schema's canton."""
    schema_name = current_schema()
    canton = Canton.objects.filter(schema_name=schema_name).first()
    if canton is None:
        return settings.LANGUAGE_CODE, f"{schema_name}.{settings.KSMM_BASE_DOMAIN}"
    domain = Domain.objects.filter(tenant=canton, is_primary=True).values_list("domain", flat=True).first()
    return canton.default_language, domain or f"{schema_name}.{settings.KSMM_BASE_DOMAIN}"


def reminder_message(*, row: dict[str, Any], language: str, host: str) -> EmailMessage:
    """The e-mail of one reminder from its batch row: rule, due date and case number only."""
    due_on: date = row["deadline__due_on"]
    with translation.override(language):
        context = {
            "is_overdue": row["offset_days"] == OVERDUE,
            "is_escalation": row["is_escalation"],
            "rule_label": str(RuleKey(row["deadline__rule_key"]).label),
            "due_on": due_on,
            "case_number": row["deadline__case__case_number"] or "",
            "url": f"https://{host}/deadlines/",
        }
        subject = " ".join(render_to_string("notifications/email/reminder_subject.txt", context).split())
        body = render_to_string("notifications/email/reminder_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[row["recipient__email"]])
    schema_name = current_schema()
    # The same id on a resend lets mail clients fold a duplicate after a crash.
    message.extra_headers["Message-ID"] = f"<reminder.{schema_name}.{row['pk']}@{host}>"
    return message


def _send_one(*, row: dict[str, Any], backend: BaseEmailBackend, default_language: str, host: str) -> bool:
    message = reminder_message(row=row, language=row["recipient__language"] or default_language, host=host)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CLAIM, [timezone.now(), row["pk"]])
        if cursor.rowcount != 1:
            return False
        # An SMTP error raises here and rolls the claim back: the reminder stays unsent.
        backend.send_messages([message])
    return True


def _pending() -> QuerySet[Reminder]:
    return Reminder.objects.filter(emailed_at__isnull=True, deadline__status=Deadline.Status.OPEN)


def has_pending_emails() -> bool:
    """Whether a reminder of an open deadline still waits for its e-mail (the partial index
    `reminder_unsent` keeps this cheap however many reminders were sent before)."""
    return _pending().exists()


def send_pending_emails(*, batch_size: int = BATCH_SIZE) -> int:
    """Sends every reminder of an open deadline not yet e-mailed; returns how many were sent
    by this call. A deadline closed in the meantime stays in the inbox but sends no e-mail."""
    default_language, host = canton_of_schema()
    sent = 0
    after = 0
    while True:
        batch = list(_pending().filter(pk__gt=after).order_by("pk").values(*BATCH_FIELDS)[:batch_size])
        if not batch:
            return sent
        backend = get_connection()
        backend.open()
        try:
            for row in batch:
                sent += _send_one(row=row, backend=backend, default_language=default_language, host=host)
        finally:
            backend.close()
        after = batch[-1]["pk"]
