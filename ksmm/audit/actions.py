"""Writing the audit trail: the one entry point for every app."""

import uuid
import zlib
from collections.abc import Callable, Sequence

from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from ksmm.accounts.models import User
from ksmm.cantons.current import current_schema
from ksmm.memberships.models import Membership

from .attribution import SYSTEM, UNIDENTIFIED, Actor, UnattributedEntry, attributed_actor, current_request
from .chain import entry_hash
from .models import GENESIS_HASH, UNIDENTIFIED_ACTIONS, ActorKind, AuditAction, AuditEntry

# First half of the two-key advisory lock; the second is derived from the schema name.
ADVISORY_LOCK_NAMESPACE = 0x4B534D4D  # "KSMM"
REQUEST_ID_ATTRIBUTE = "_audit_request_id"
# Actions that change something: the events app turns them into the change feed.
WRITE_ACTIONS = frozenset(
    {AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.GRANT, AuditAction.REVOKE}
)

WriteListener = Callable[[Sequence[AuditEntry], Sequence[Model | None]], None]
_WRITE_LISTENERS: list[WriteListener] = []


def register_write_listener(listener: WriteListener) -> WriteListener:
    """`listener(entries, objects)` runs in the transaction of every audited write, with the
    chain's lock held (the platform's events app registers one; the audit trail imports none)."""
    if listener not in _WRITE_LISTENERS:
        _WRITE_LISTENERS.append(listener)
    return listener


def do_record(
    *,
    actor: User | None,
    action: AuditAction,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    compartment: str = "",
    purpose: str = "",
    recipient_organisation_id: int | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Appends an entry to the chain of the current schema, inside the caller's transaction.

    The entry names `actor` if given; else whoever the request being served identifies (the
    API client or person the API resolved, or the signed-in user); outside any request, the
    system. `request` defaults to the request being served (attribution.current_request).
    Entries of one schema are serialised by a transaction-scoped advisory lock, held until the
    caller's transaction ends, so a rolled-back action leaves no entry and no gap.
    """
    (entry,) = do_record_compartments(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        compartments=[compartment],
        purpose=purpose,
        recipient_organisation_id=recipient_organisation_id,
        request=request,
    )
    return entry


def do_record_compartments(
    *,
    actor: User | None,
    action: AuditAction,
    compartments: Sequence[str],
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    purpose: str = "",
    recipient_organisation_id: int | None = None,
    request: HttpRequest | None = None,
) -> list[AuditEntry]:
    """Appends one entry per compartment, in the given order, as `do_record` would one by one.

    They are written together (one lock, one read of the chain's head, one INSERT), so a page
    that reads several compartments pays for one write. An empty `compartments` writes nothing.
    """
    if not compartments:
        return []
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if request is None:
        request = current_request()
    named = _actor_of(actor, request=request, action=action)
    occurred_at, host, request_id = timezone.now(), _host_of(request), _request_id_of(request)
    entries = [
        AuditEntry(
            occurred_at=occurred_at,
            actor_kind=named.kind,
            actor_user_id=named.user_id,
            actor_client_id=named.client_id,
            actor_organisation_id=named.organisation_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            compartment=compartment,
            purpose=purpose,
            recipient_organisation_id=recipient_organisation_id,
            request_host=host,
            request_id=request_id,
        )
        for compartment in compartments
    ]
    with transaction.atomic(savepoint=False):
        _append(entries)
        if action in WRITE_ACTIONS:
            for listener in _WRITE_LISTENERS:
                listener(entries, [obj] * len(entries))
    return entries


def _append(entries: list[AuditEntry]) -> None:
    """Chains `entries` after the head of the current schema's chain and inserts them at once.

    No savepoint: a failed write must fail the caller's transaction anyway, and outside one the
    block is the transaction that holds the lock until the entries are committed.
    """
    with transaction.atomic(savepoint=False):
        schema_name = current_schema()
        lock_chain(schema_name)
        last = AuditEntry.objects.order_by("-sequence").values("sequence", "entry_hash").first()
        sequence, previous_hash = (last["sequence"], last["entry_hash"]) if last else (0, GENESIS_HASH)
        for entry in entries:
            sequence += 1
            entry.sequence = sequence
            entry.previous_hash = previous_hash
            entry.entry_hash = previous_hash = entry_hash(entry, schema_name=schema_name)
        AuditEntry.objects.bulk_create(entries)


def do_record_denied(
    *,
    actor: User | None,
    request: HttpRequest | None = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    compartment: str = "",
) -> AuditEntry:
    """Records a refused access (the gate answered 403 or 404) in the current schema."""
    return do_record(
        actor=actor,
        action=AuditEntry.Action.ACCESS_DENIED,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        compartment=compartment,
        request=request,
    )


def lock_chain(schema_name: str) -> None:
    """Takes the schema's chain lock until the transaction ends (the events table shares it)."""
    key = zlib.crc32(schema_name.encode()) - 2**31  # signed int4, stable across processes
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, key])


def _actor_of(user: User | None, *, request: HttpRequest | None, action: str) -> Actor:
    attributed = attributed_actor(request) if request is not None else None
    if user is None and attributed is not None:
        return attributed
    if user is None and request is not None:
        signed_in = getattr(request, "user", None)
        user = signed_in if isinstance(signed_in, User) else None
    if user is not None:
        # The request's own attribution names the person, or the system acting for them.
        delegated = (ActorKind.PERSON, ActorKind.DELEGATED)
        if attributed is not None and attributed.kind in delegated and attributed.user_id == user.pk:
            return attributed
        return Actor(kind=ActorKind.PERSON, user_id=user.pk, organisation_id=_organisation_of(user, request=request))
    if request is None:
        return SYSTEM
    if action in UNIDENTIFIED_ACTIONS:
        return UNIDENTIFIED
    raise UnattributedEntry(f"Nobody to name as the actor of a {action} entry during a request.")


def _organisation_of(actor: User, *, request: HttpRequest | None) -> int | None:
    """The actor's organisation in this canton; the federal level has no memberships."""
    if current_schema() == get_public_schema_name():
        return None
    known = getattr(request, "membership", None)
    if isinstance(known, Membership) and known.user_id == actor.pk:
        return known.organisation_id
    return Membership.objects.filter(user_id=actor.pk).values_list("organisation_id", flat=True).first()


def _host_of(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    try:
        return request.get_host()[:253]
    except (DisallowedHost, KeyError):  # a request built by hand, without a host
        return ""


def _request_id_of(request: HttpRequest | None) -> str:
    """One id per request, shared by all its entries; generated here, never taken from a header."""
    if request is None:
        return ""
    request_id = getattr(request, REQUEST_ID_ATTRIBUTE, None)
    if request_id is None:
        request_id = str(uuid.uuid4())
        setattr(request, REQUEST_ID_ATTRIBUTE, request_id)
    return str(request_id)
