"""E-mail for reminders, in the recipient's language, carrying the case number and nothing
that names a person. Sent in small batches, each message committed as sent before the next, so
a worker killed mid-way loses nothing (the rest stays unsent for the next run) and a rerun
sends nothing twice (a sent reminder is marked in the same transaction that locked it)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ksmm.cantons.models import Canton, Domain

from .models import Reminder

BATCH_SIZE = 20


def canton_of_schema() -> tuple[str, str, str]:
    """(code, default language, host) of the current schema's canton."""
    schema_name: str = connection.schema_name  # type: ignore[attr-defined]
    canton = Canton.objects.filter(schema_name=schema_name).first()
    if canton is None:
        return schema_name.upper(), settings.LANGUAGE_CODE, settings.KSMM_BASE_DOMAIN
    domain = Domain.objects.filter(tenant=canton, is_primary=True).values_list("domain", flat=True).first()
    return canton.code, canton.default_language, domain or f"{schema_name}.{settings.KSMM_BASE_DOMAIN}"


def reminder_message(*, reminder: Reminder, language: str, host: str) -> EmailMessage:
    deadline = reminder.deadline
    context = {
        "reminder": reminder,
        "deadline": deadline,
        "case_number": deadline.case.case_number if deadline.case else "",
        "url": f"https://{host}/deadlines/",
    }
    with translation.override(language):
        subject = " ".join(render_to_string("notifications/email/reminder_subject.txt", context).split())
        body = render_to_string("notifications/email/reminder_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[reminder.recipient.email])
    # The same id on a resend lets mail clients fold a duplicate after a crash.
    message.extra_headers["Message-ID"] = f"<reminder.{connection.schema_name}.{reminder.pk}@{host}>"  # type: ignore[attr-defined]
    return message


def _send_one(*, reminder_id: int, backend: BaseEmailBackend, default_language: str, host: str) -> bool:
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("deadline__case", "recipient")
            .filter(pk=reminder_id, emailed_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        language = reminder.recipient.language or default_language
        backend.send_messages([reminder_message(reminder=reminder, language=language, host=host)])
        reminder.emailed_at = timezone.now()
        reminder.save(update_fields=["emailed_at"])
    return True


def send_pending_emails(*, batch_size: int = BATCH_SIZE) -> int:
    """Sends every reminder not yet e-mailed; returns how many were sent by this call."""
    _code, default_language, host = canton_of_schema()
    sent = 0
    after = 0
    while True:
        batch = list(
            Reminder.objects.filter(emailed_at__isnull=True, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            return sent
        backend = get_connection()
        backend.open()
        try:
            for reminder_id in batch:
                sent += _send_one(
                    reminder_id=reminder_id, backend=backend, default_language=default_language, host=host
                )
        finally:
            backend.close()
        after = batch[-1]
