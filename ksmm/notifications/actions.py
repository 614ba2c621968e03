"""Telling people of an event (`do_notify`), marking inbox items read, the person's choice of
e-mail (at once or a daily digest), and opening or revoking a personal calendar feed."""

import hashlib
import secrets
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_schema

from .models import CalendarFeed, Reminder
from .tasks import send_reminder_emails

PURPOSE = "calendar feed"

INSERT_NOTIFICATIONS = """
INSERT INTO notifications_reminder (kind, case_id, event_key, link, recipient_id, is_escalation, created_at)
SELECT %(kind)s, %(case_id)s, %(event_key)s, %(link)s, recipient_id, false, now()
  FROM unnest(%(recipient_ids)s::bigint[]) AS recipient_id
ON CONFLICT (event_key, recipient_id) WHERE event_key <> '' DO NOTHING
"""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_notify(*, kind: str, case_id: int | None, recipient_ids: Iterable[int], link: str, event_key: str) -> int:
    """Puts one item of `kind` into each recipient's inbox and queues its e-mail once the
    transaction commits; returns how many items are new.

    Idempotent per (event_key, recipient): an action retried or replayed inserts nothing twice.
    Call it inside the transaction of the action it reports, so the items exist exactly when
    the event does. `event_key` names the event with codes and ids (never a name), `link` is
    the path of the page where the recipient acts; the item shows the case number, in the
    reader's language, and nothing that names a person.
    """
    if kind == Reminder.Kind.DEADLINE or kind not in Reminder.Kind.values:
        raise ValueError("an event kind is needed: deadline reminders come from the scan")
    recipients = sorted(set(recipient_ids))
    if not recipients:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            INSERT_NOTIFICATIONS,
            {"kind": kind, "case_id": case_id, "event_key": event_key, "link": link, "recipient_ids": recipients},
        )
        created = int(cursor.rowcount)
    if created:
        schema_name = current_schema()
        transaction.on_commit(lambda: _queue_emails(schema_name), robust=True)
    return created


def _queue_emails(schema_name: str) -> None:
    """Hands the new items to the canton's e-mail task; if the broker is away, the next
    reminder scan finds them unsent and hands them over. The task carries the schema of the
    items, not the one current at the commit: a `with transaction.atomic(), schema_context(...)`
    block commits after it has left the canton's schema."""
    with schema_context(schema_name):
        send_reminder_emails.apply_async()


def do_set_inbox_email(*, acting_user: User, inbox_email: str) -> None:
    """The person's choice: an e-mail for each new item at once, or one a day."""
    if inbox_email not in User.InboxEmail.values:
        raise ValueError("unknown choice")
    User.objects.filter(pk=acting_user.pk).update(inbox_email=inbox_email)
    acting_user.inbox_email = inbox_email


def do_mark_read(*, acting_user: User, reminder_id: int | None = None) -> int:
    """Marks one of the user's own reminders read, or all of them; returns how many changed."""
    unread = Reminder.objects.filter(recipient_id=acting_user.pk, read_at__isnull=True)
    if reminder_id is not None:
        unread = unread.filter(pk=reminder_id)
    return unread.update(read_at=timezone.now())


def do_open_calendar_feed(*, acting_user: User) -> str:
    """Revokes the user's current feed, if any, and opens a new one; returns the secret token,
    which is shown once and stored only as a hash."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        do_revoke_calendar_feed(acting_user=acting_user)
        feed = CalendarFeed.objects.create(user=acting_user, token_hash=hash_token(token))
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=feed, purpose=PURPOSE)
    return token


def do_revoke_calendar_feed(*, acting_user: User) -> bool:
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=acting_user, revoked_at__isnull=True).first()
        if feed is None:
            return False
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        do_record(actor=acting_user, action=AuditAction.REVOKE, obj=feed, purpose=PURPOSE)
    return True


def feed_owner(*, token: str) -> User | None:
    """The person behind an active feed token, if any."""
    found = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return found.user if found is not None else None
