"""The rule of approved minutes: they are frozen; only the status of an action item moves on.

Actions, forms and the API ask this module; the database enforces the same rule below them
(migration 0005). The status is read as stored, so a stale or forged copy of a meeting cannot pass.
"""

from collections.abc import Collection

from django.db.models import Model

from roundtables.models import FROZEN_MINUTES, ActionItem, FrozenMinutes, Meeting

# What still changes on an action item of approved minutes: whether it is open or done.
STILL_MOVING = frozenset({"status"})


def minutes_frozen(meeting: Meeting | int) -> bool:
    """Whether the meeting's minutes, as stored, are approved (an unsaved meeting: as it is)."""
    pk = meeting if isinstance(meeting, int) else meeting.pk
    stored = Meeting.objects.filter(pk=pk).values_list("status", flat=True).first() if pk else None
    status = stored if stored is not None or isinstance(meeting, int) else meeting.status
    return status is not None and status != Meeting.Status.DRAFT


def ensure_draft(meeting: Meeting | int) -> None:
    """Raises FrozenMinutes when the meeting's minutes are approved."""
    if minutes_frozen(meeting):
        raise FrozenMinutes(str(FROZEN_MINUTES))


def part_may_change(*, part: type[Model] | Model, meeting: Meeting | int, fields: Collection[str]) -> bool:
    """Whether `fields` of a decision or action item of the meeting may change: anything of draft
    minutes; of approved minutes, only the status of an action item."""
    model = part if isinstance(part, type) else type(part)
    if issubclass(model, ActionItem) and set(fields) <= STILL_MOVING:
        return True
    return not minutes_frozen(meeting)
