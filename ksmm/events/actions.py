"""Recording events: `do_emit` for a hand-off or decision, and every audited write as a change.

Both insert inside the caller's transaction while the canton's audit-chain lock is held (see
`Event`), and tell the listeners (webhooks) in the same transaction, so an event and what it
sets off exist together or not at all.
"""

from collections.abc import Callable, Sequence

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import ForeignKey, Model

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
    compartment: str = "",
    event_key: str | None = None,
) -> Event | None:
    """Records a hand-off or decision of `kind` about `obj` (or `object_type`/`object_id`),
    addressed to `organisation_id` (the organisation that has to act on it, if one has).

    Call it inside the action's transaction, beside the audit entry the action writes. With an
    `event_key` (`event_key_for`: the kind, then the object and ids) the event is recorded once: an
    action replayed, a task redelivered or the deadline scan run again returns None and tells
    the listeners nothing.
    """
    if kind not in Event.Kind.values:
        raise ValueError("unknown event kind")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if case_id is None:
            case_id = case_id_of(obj)
    event = Event(
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        case_id=case_id,
        organisation_id=organisation_id,
        compartment=compartment,
        event_key=event_key,
    )
    if event_key is None:
        (created,) = _insert([event])
        return created
    return _insert_once(event)


def event_key_for(kind: str, obj: Model, *parts: object) -> str:
    """The key of a hand-off about `obj`: "request.waiting:permits_permitrequest:5", then `parts`
    (a status, an offset) where one object sees the same kind more than once."""
    return ":".join([kind, obj._meta.label_lower.replace(".", "_"), str(obj.pk), *(str(part) for part in parts)])


def case_id_of(obj: Model) -> int | None:
    """The case a case, or a record of a case, belongs to: by its `case` key, or one step
    further (a notice of a reflection period, an extension of it) with one query."""
    if obj._meta.label_lower == CASE_LABEL:
        return int(obj.pk)
    case_id = getattr(obj, "case_id", None)
    if case_id is not None:
        return int(case_id)
    path = _case_path(type(obj))
    if path is None or path == "case_id" or obj.pk is None:
        return None
    return _case_id_by_path(type(obj), path=path, object_id=str(obj.pk))


def case_id_of_label(*, object_type: str, object_id: str) -> int | None:
    """The same for an object named by label and id (an audit entry written without the
    instance): one query, none for a case or an object that belongs to no case."""
    if object_type == CASE_LABEL:
        return int(object_id) if object_id.isdigit() else None
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    path = _case_path(model)
    return _case_id_by_path(model, path=path, object_id=object_id) if path is not None else None


def _case_path(model: type[Model]) -> str | None:
    """The lookup from a model to its case: `case_id` for a model with a `case` key,
    `<key>__case_id` for one whose key leads to such a model, None for a model that belongs to
    no case (a directory entry, a meeting)."""
    if _has_case_key(model):
        return "case_id"
    for field in model._meta.get_fields():
        if isinstance(field, ForeignKey) and _has_case_key(field.related_model):
            return f"{field.name}__case_id"
    return None


def _has_case_key(model: type[Model] | str) -> bool:
    if isinstance(model, str):
        return False
    if model._meta.label_lower == CASE_LABEL:
        return False
    try:
        field = model._meta.get_field("case")
    except FieldDoesNotExist:
        return False
    return isinstance(field, ForeignKey) and field.related_model._meta.label_lower == CASE_LABEL


def _case_id_by_path(model: type[Model], *, path: str, object_id: str) -> int | None:
    try:
        found = model._default_manager.filter(pk=object_id).values_list(path, flat=True).first()
    except (ValueError, TypeError):  # an id that is no key of this model
        return None
    return int(found) if found is not None else None


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
                case_id=case_id_of(obj)
                if obj is not None
                else case_id_of_label(object_type=entry.object_type, object_id=entry.object_id),
                compartment=entry.compartment,
            )
        )
    if changes:
        _insert(changes)


INSERT_ONCE = """
INSERT INTO events_event (kind, object_type, object_id, case_id, organisation_id, compartment, event_key)
VALUES (%(kind)s, %(object_type)s, %(object_id)s, %(case_id)s, %(organisation_id)s, %(compartment)s, %(event_key)s)
ON CONFLICT (event_key) DO NOTHING
RETURNING id, occurred_at
"""


def _insert_once(event: Event) -> Event | None:
    """Inserts an event with a key unless one with that key exists; one statement."""
    with transaction.atomic(savepoint=False):
        lock_chain(current_schema())
        with connection.cursor() as cursor:
            cursor.execute(
                INSERT_ONCE,
                {
                    "kind": event.kind,
                    "object_type": event.object_type,
                    "object_id": event.object_id,
                    "case_id": event.case_id,
                    "organisation_id": event.organisation_id,
                    "compartment": event.compartment,
                    "event_key": event.event_key,
                },
            )
            row = cursor.fetchone()
        if row is None:
            return None
        event.id, event.occurred_at = row
        tell_listeners([event])
    return event


def tell_listeners(events: Sequence[Event]) -> None:
    """Hands new events to the listeners (the deadline scan inserts its own in SQL, then calls
    this with what it inserted)."""
    for listener in _LISTENERS:
        listener(events)


def _insert(events: list[Event]) -> list[Event]:
    with transaction.atomic(savepoint=False):
        lock_chain(current_schema())
        created = Event.objects.bulk_create(events)
        tell_listeners(created)
    return created
