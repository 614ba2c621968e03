"""Sending the inbox's e-mails: each item at once to the people who chose that (the default),
the day's digest to the others. Messages are rendered in emails.py.

Each message goes out in its own transaction: the item rows are claimed (`emailed_at` set, the
rows locked), the message handed to SMTP, then the claim committed. A worker killed before the
commit leaves the rows unsent for the next run, so nothing is lost; a concurrent or repeated
run waits for the lock and then finds the rows claimed, so nothing is sent twice (short of a
kill in the instant between the SMTP answer and the commit, which the fixed Message-ID lets
mail clients fold). A digest also inserts its (recipient, day) row, unique: one a day.

An item already read in the inbox is not e-mailed: the person has seen it.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ksmm.accounts.models import User
from ksmm.cantons.current import current_schema
from ksmm.cantons.models import Canton, Domain
from ksmm.deadlines.models import Deadline
from ksmm.deadlines.queries import live_deadline_filter
from ksmm.observability.counters import count_reminders_sent

from .emails import ITEM_FIELDS, digest_message, item_message
from .models import Reminder

BATCH_SIZE = 20
RECIPIENT_FIELDS = ("recipient_id", "recipient__email", "recipient__language")
CLAIM = "UPDATE notifications_reminder SET emailed_at = %s WHERE id = %s AND emailed_at IS NULL"
CLAIM_MANY = "UPDATE notifications_reminder SET emailed_at = %s WHERE id = ANY(%s) AND emailed_at IS NULL"
INSERT_DIGEST = """
INSERT INTO notifications_digest (recipient_id, day, items, sent_at) VALUES (%s, %s, %s, %s)
ON CONFLICT (recipient_id, day) DO NOTHING
"""


def canton_of_schema() -> tuple[str, str]:
    """(default language, host) of the current schema's canton."""
    schema_name = current_schema()
    canton = Canton.objects.filter(schema_name=schema_name).first()
    if canton is None:
        return settings.LANGUAGE_CODE, f"{schema_name}.{settings.KSMM_BASE_DOMAIN}"
    domain = Domain.objects.filter(tenant=canton, is_primary=True).values_list("domain", flat=True).first()
    return canton.default_language, domain or f"{schema_name}.{settings.KSMM_BASE_DOMAIN}"


def _unsent(*, inbox_email: str) -> QuerySet[Reminder]:
    """Unread items not yet e-mailed to people with this preference; a deadline closed in the
    meantime, or whose case was closed, stays in the inbox but sends no e-mail."""
    return Reminder.objects.filter(
        Q(deadline__isnull=True)
        | (Q(deadline__status=Deadline.Status.OPEN) & live_deadline_filter(prefix="deadline__")),
        emailed_at__isnull=True,
        read_at__isnull=True,
        recipient__inbox_email=inbox_email,
    )


# --- at once -----------------------------------------------------------------------------------


def _send_one(*, row: dict[str, Any], backend: BaseEmailBackend, default_language: str, host: str) -> bool:
    message = item_message(
        row=row, to=row["recipient__email"], language=row["recipient__language"] or default_language, host=host
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CLAIM, [timezone.now(), row["pk"]])
        if cursor.rowcount != 1:
            return False
        # An SMTP error raises here and rolls the claim back: the item stays unsent.
        backend.send_messages([message])
    count_reminders_sent(canton=current_schema(), kind="immediate", sent=1)
    return True


def has_pending_emails() -> bool:
    """Whether an item still waits for its immediate e-mail (the partial index
    `reminder_unsent` keeps this cheap however many were sent before)."""
    return _unsent(inbox_email=User.InboxEmail.IMMEDIATE).exists()


def send_pending_emails(*, batch_size: int = BATCH_SIZE) -> int:
    """Sends every item waiting for its immediate e-mail; returns how many this call sent."""
    default_language, host = canton_of_schema()
    pending = _unsent(inbox_email=User.InboxEmail.IMMEDIATE)
    sent = 0
    after = 0
    while True:
        batch = list(pending.filter(pk__gt=after).order_by("pk").values(*ITEM_FIELDS, *RECIPIENT_FIELDS)[:batch_size])
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


# --- the daily digest --------------------------------------------------------------------------


def _send_digest(
    *, recipient: dict[str, Any], day: date, backend: BaseEmailBackend, default_language: str, host: str
) -> bool:
    with transaction.atomic():
        # Locks the items: a concurrent run waits here, then finds them claimed.
        rows = list(
            _unsent(inbox_email=User.InboxEmail.DAILY_DIGEST)
            .filter(recipient_id=recipient["recipient_id"])
            .select_for_update(of=("self",))
            .order_by("created_at", "pk")
            .values(*ITEM_FIELDS)
        )
        if not rows:
            return False
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(INSERT_DIGEST, [recipient["recipient_id"], day, len(rows), now])
            if cursor.rowcount != 1:
                return False  # today's digest went out already: these wait for tomorrow's
            cursor.execute(CLAIM_MANY, [now, [row["pk"] for row in rows]])
        message = digest_message(
            rows=rows,
            recipient_id=recipient["recipient_id"],
            day=day,
            to=recipient["recipient__email"],
            language=recipient["recipient__language"] or default_language,
            host=host,
        )
        # An SMTP error raises here and rolls back the digest and the claims.
        backend.send_messages([message])
    count_reminders_sent(canton=current_schema(), kind="digest", sent=1)
    return True


def send_daily_digests(*, day: date | None = None) -> int:
    """Sends today's digest to each person who chose one and has unread items not yet
    e-mailed; returns how many digests this call sent (none twice a day)."""
    day = day or timezone.localdate()
    default_language, host = canton_of_schema()
    recipients = list(
        _unsent(inbox_email=User.InboxEmail.DAILY_DIGEST).order_by("recipient_id").values(*RECIPIENT_FIELDS).distinct()
    )
    if not recipients:
        return 0
    sent = 0
    backend = get_connection()
    backend.open()
    try:
        for recipient in recipients:
            sent += _send_digest(
                recipient=recipient, day=day, backend=backend, default_language=default_language, host=host
            )
    finally:
        backend.close()
    return sent
