"""A rotation run in the current canton: its status row, its audit entries, its passes."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cases.encryption import current_key_version
from cases.models import KeyRotation
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction

from . import attachments, fields, index

Part = KeyRotation.Part
ALL_PARTS = (Part.FIELDS, Part.ATTACHMENTS, Part.BLIND_INDEX)
BATCH_SIZE = 500
# A row a user held locked on every pass is left for the next run rather than waited for.
MAX_PASSES = 20

Report = Callable[[str, int, int], None]


@dataclass(frozen=True, kw_only=True)
class PartResult:
    part: str
    version: int
    rewritten: int
    remaining: int


def _no_report(part: str, rewritten: int, remaining: int) -> None:
    return None


def _remaining(part: str) -> int:
    if part == Part.FIELDS:
        return sum(fields.count_stale(table) for table in fields.encrypted_tables())
    if part == Part.ATTACHMENTS:
        return attachments.count_stale()
    return index.count_stale()


def _one_pass(part: str, *, size: int, progress: Callable[[int], None]) -> None:
    if part == Part.FIELDS:
        for table in fields.encrypted_tables():
            fields.rotate_table(table, size=size, progress=progress)
        return
    module = attachments if part == Part.ATTACHMENTS else index
    after = 0
    while True:
        last, rewritten = module.rotate_batch(after=after, size=size)
        if last is None:
            return
        after = last
        progress(rewritten)


def _start(part: str, *, version: int) -> KeyRotation:
    """The part's status row, marked running towards `version`, and the start in the audit chain."""
    now = timezone.now()
    with transaction.atomic():
        rotation, created = KeyRotation.objects.select_for_update().get_or_create(
            part=part,
            defaults={"target_version": version, "state": KeyRotation.State.RUNNING, "started_at": now,
                      "progressed_at": now},
        )  # fmt: skip
        resumed = rotation.state == KeyRotation.State.RUNNING and rotation.target_version == version and not created
        if not resumed:
            rotation.target_version, rotation.state, rotation.rewritten = version, KeyRotation.State.RUNNING, 0
            rotation.started_at, rotation.finished_at = now, None
        rotation.progressed_at = now
        rotation.save()
        purpose = "key rotation resumed" if resumed else "key rotation started"
        do_record(actor=None, action=AuditAction.UPDATE, obj=rotation, purpose=purpose)
    return rotation


def do_rotate_part(*, part: str, size: int = BATCH_SIZE, report: Report = _no_report) -> PartResult:
    """Rewrites one part of the current canton under the current key version, pass after pass,
    until nothing older is left (or MAX_PASSES, when users keep rows locked); the status row
    follows each batch, the audit chain hears the start and the end (metadata only)."""
    version = current_key_version()
    rotation = _start(part, version=version)

    def progress(rewritten: int) -> None:
        rotation.rewritten += rewritten
        rotation.progressed_at = timezone.now()
        KeyRotation.objects.filter(pk=rotation.pk).update(
            rewritten=rotation.rewritten, progressed_at=rotation.progressed_at
        )
        report(part, rotation.rewritten, -1)

    remaining = _remaining(part)
    for _pass in range(MAX_PASSES):
        if not remaining:
            break
        _one_pass(part, size=size, progress=progress)
        remaining = _remaining(part)
    with transaction.atomic():
        rotation.remaining = remaining
        rotation.progressed_at = timezone.now()
        if not remaining:
            rotation.state, rotation.finished_at = KeyRotation.State.FINISHED, rotation.progressed_at
            do_record(actor=None, action=AuditAction.UPDATE, obj=rotation, purpose="key rotation finished")
        rotation.save(update_fields=["remaining", "progressed_at", "state", "finished_at"])
    report(part, rotation.rewritten, remaining)
    return PartResult(part=part, version=version, rewritten=rotation.rewritten, remaining=remaining)


def do_rotate_keys(
    *, parts: Sequence[str] = ALL_PARTS, size: int = BATCH_SIZE, report: Report = _no_report
) -> list[PartResult]:
    """Every part asked for, fields and attachments before the blind index (whose rebuild reads
    the identity, which then needs only the current key)."""
    return [do_rotate_part(part=part, size=size, report=report) for part in ALL_PARTS if part in parts]


@dataclass(frozen=True, kw_only=True)
class PartStatus:
    """A part of the current canton: its last run (state "" when never run) and the rows of an
    older key version left now, counted at the time of asking."""

    part: str
    state: str
    target_version: int
    rewritten: int
    remaining: int
    last_at: datetime | None


def rotation_status() -> list[PartStatus]:
    rows = {row.part: row for row in KeyRotation.objects.all()}
    statuses = []
    for part in ALL_PARTS:
        row = rows.get(part)
        statuses.append(
            PartStatus(
                part=part,
                state=row.state if row else "",
                target_version=row.target_version if row else current_key_version(),
                rewritten=row.rewritten if row else 0,
                remaining=_remaining(part),
                last_at=(row.finished_at or row.progressed_at) if row else None,
            )
        )
    return statuses
