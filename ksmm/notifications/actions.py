"""Marking reminders read, telling people of an event on a case, and opening or revoking a
personal calendar feed."""

import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction

from .models import CalendarFeed, Reminder

PURPOSE = "calendar feed"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_post_case_notice(*, kind: str, recipient_ids: Iterable[int], case_id: int, link: str) -> int:
    """Puts one inbox item of `kind` about a case into each recipient's inbox; returns how many.
    The item holds the case and a link only: the inbox shows the case number, in the reader's
    language, and nothing that names a person."""
    if kind == Reminder.Kind.DEADLINE:
        raise ValueError("deadline reminders come from the scan")
    rows = [Reminder(kind=kind, recipient_id=user_id, case_id=case_id, link=link) for user_id in set(recipient_ids)]
    return len(Reminder.objects.bulk_create(rows))


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
