"""Sealing attachment files again under the current key version.

A file is not rewritten in place (a storage may not overwrite, and a half-written file would be
lost): its bytes are sealed under a new storage key, the row is switched to it in the batch's
transaction, and the old file is removed once that transaction committed.
"""

import logging

from django.db import transaction
from django.db.models import QuerySet

from cases.attachments import sealing
from cases.attachments.models import Attachment
from cases.encryption import current_key_version
from ksmm.cantons.current import current_schema

logger = logging.getLogger(__name__)


def stale_attachments() -> QuerySet[Attachment]:
    return Attachment.objects.exclude(key_version=current_key_version())


def count_stale() -> int:
    return stale_attachments().count()


def rotate_batch(*, after: int, size: int) -> tuple[int | None, int]:
    """Seals up to `size` files with a primary key above `after` again, in one transaction; the
    last primary key seen (None: none left on this pass) and how many were sealed again."""
    schema, version = current_schema(), current_key_version()
    written: list[str] = []
    try:
        with transaction.atomic():
            rows = list(
                stale_attachments()
                .filter(pk__gt=after)
                .order_by("pk")
                .only("pk", "storage_key")
                .select_for_update(skip_locked=True)[:size]
            )
            if not rows:
                return None, 0
            for row in rows:
                fresh = sealing.store(sealing.load(schema=schema, storage_key=row.storage_key), schema=schema)
                written.append(fresh)
                Attachment.objects.filter(pk=row.pk).update(storage_key=fresh, key_version=version)
            old = [row.storage_key for row in rows]
            transaction.on_commit(lambda: _discard(old))
    except BaseException:
        _discard(written)
        raise
    return rows[-1].pk, len(rows)


def _discard(storage_keys: list[str]) -> None:
    for storage_key in storage_keys:
        try:
            sealing.discard(storage_key)
        except OSError:
            logger.warning("A file sealed under an older key could not be removed: %s", storage_key)
