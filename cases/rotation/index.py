"""Recomputing the blind index of a canton under the current key version.

A digest cannot be re-keyed without its plaintext: each identity is decrypted (with whichever
version wrote it) and its index rebuilt under every version of the ring, as a save does
(cases/identity.py). Until then the older digests keep the duplicate check and the search
working, since a case written meanwhile holds digests of every version in the ring.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from cases.encryption import current_key_version, key_versions
from cases.identity import index_entries
from cases.models import BlindIndexEntry, Identity


def stale_identities() -> QuerySet[Identity]:
    """Identities with digests but none of the current version, or with digests of a version
    the ring no longer holds (removed from the ring after the rotation: pruned here)."""
    entries = BlindIndexEntry.objects.filter(case_id=OuterRef("case_id"))
    return Identity.objects.filter(
        (Exists(entries) & ~Exists(entries.filter(key_version=current_key_version())))
        | Exists(entries.exclude(key_version__in=key_versions()))
    )


def count_stale() -> int:
    return stale_identities().count()


def rotate_batch(*, after: int, size: int) -> tuple[int | None, int]:
    """Rebuilds the index of up to `size` stale identities with a case id above `after`, in one
    transaction; the last case id seen (None: none left on this pass) and how many were rebuilt.

    The identity row is locked (SKIP LOCKED): a save of the identity in progress is skipped, as
    that save rebuilds the index itself; a save that starts now waits for this batch, then
    replaces the index again from its own data.
    """
    with transaction.atomic():
        identities = list(
            stale_identities()
            .filter(case_id__gt=after)
            .order_by("case_id")
            .select_for_update(skip_locked=True, of=("self",))[:size]
        )
        if not identities:
            return None, 0
        BlindIndexEntry.objects.filter(case_id__in=[identity.case_id for identity in identities]).delete()
        BlindIndexEntry.objects.bulk_create([entry for identity in identities for entry in index_entries(identity)])
    return identities[-1].case_id, len(identities)
