"""Recording events: `do_emit` for a hand-off or decision, and every audited write as a change.

Both insert inside the caller's transaction while the canton's audit-chain lock is held (see
`Event`), and tell the listeners (webhooks) in the same transaction, so an event and what it
sets off exist together or not at all.
"""

from collections.abc import Callable, Sequence

from django.db import transaction
from django.db.models import Model

from ksmm.audit.actions import lock_chain
from ksmm.audit.models import AuditAction, AuditEntry
from ksmm.cantons.current import current_schema, in_canton

from .models import Event

EventListener = Callable[[Sequence[Event]], None]

_LISTENERS: list[EventListener] = []

_CHANGE_OF_ACTION = {
    AuditAction.CREATE: Event.Kind.CREATED,
    AuditAction.UPDATE: Event.Kind.UPDATED,
    AuditAction.DELETE: Event.Kind.DELETED,
    AuditAction.GRANT: Event.Kind.UPDATED,
    AuditAction.REVOKE: Event.Kind.UPDATED,
}
CASE_LABEL = "cases.case"


def register_event_listener(listener: EventListener) -> EventListener:
    """`listener(events)` runs inside the transaction that recorded them (webhooks queue their
    deliveries there)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def do_emit(
    *,
    kind: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    case_id: int | None = None,
    organisation_id: int | None = None,
) -> Event:
    """Records a hand-off or decision of `kind` about `obj` (or `object_type`/`object_id`).

    Call it inside the action's transaction, beside the audit entry the action writes.
    """
    if kind not in Event.Kind.values:
        raise ValueError("unknown event kind")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if case_id is None:
            case_id = case_id_of(obj)
    (event,) = _insert(
        [
            Event(
                kind=kind,
                object_type=object_type,
                object_id=object_id,
                case_id=case_id,
                organisation_id=organisation_id,
            )
        ]
    )
    return event


def case_id_of(obj: Model) -> int | None:
    """The case a case, or a record of a case (a model with a `case` key), belongs to."""
    if obj._meta.label_lower == CASE_LABEL:
        return int(obj.pk)
    case_id = getattr(obj, "case_id", None)
    return int(case_id) if case_id is not None else None


def record_audited_writes(entries: Sequence[AuditEntry], objects: Sequence[Model | None]) -> None:
    """The audit trail's write listener: each audited write becomes a change in the feed.

    `objects[i]` is the model instance entry i is about, when the action passed one.
    """
    if not in_canton():  # the federal chain in `public` has no events table
        return
    changes = []
    seen: set[tuple[str, str, str]] = set()
    for entry, obj in zip(entries, objects, strict=True):
        kind = _CHANGE_OF_ACTION.get(AuditAction(entry.action))
        if kind is None or not entry.object_type or not entry.object_id:
            continue
        key = (kind, entry.object_type, entry.object_id)
        if key in seen:  # one write of several compartments is one change
            continue
        seen.add(key)
        changes.append(
            Event(
                kind=kind,
                object_type=entry.object_type,
                object_id=entry.object_id,
                case_id=case_id_of(obj) if obj is not None else None,
                compartment=entry.compartment,
            )
        )
    if changes:
        _insert(changes)


def _insert(events: list[Event]) -> list[Event]:
    with transaction.atomic(savepoint=False):
        lock_chain(current_schema())
        created = Event.objects.bulk_create(events)
        for listener in _LISTENERS:
            listener(created)
    return created
