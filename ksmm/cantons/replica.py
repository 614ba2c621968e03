"""Reads from a PostgreSQL streaming replica, only where a caller asked for them.

The alias `replica` exists only when DATABASE_REPLICA_URL is set (config/settings/base.py);
without it every query goes to `default`, as before. With it, `ReplicaRouter` still sends every
read to the primary unless the code runs inside `reads_from_replica()`, which the federal
statistics pages (aggregates of published releases) and the pages of API lists enter after the
caller was authenticated and authorised on the primary. Inside that scope a read still goes to
the primary when

- a transaction the code opened is running on the primary (a transaction that wrote, a
  `select_for_update`, the audit chain's advisory lock: they must read what they lock);
- the same scope already wrote to the model (read your own writes);
- the replica lags more than KSMM_REPLICA_MAX_LAG_SECONDS, or cannot be reached, when the scope
  is entered (a replica that falls behind costs speed, never correctness of more than that bound).

Writes always go to the primary. The replica connection follows the schema of the primary one:
django-tenants calls `follow_tenant` after every `set_tenant` of a connection
(EXTRA_SET_TENANT_METHOD_PATH), so a ZH request reads ZH's schema on both.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.http import HttpRequest

REPLICA = "replica"

# How far behind the primary the replica may be for replay when a scope starts; measured on the
# replica (0 when it has replayed everything it received).
LAG_QUERY = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
    END
"""

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class ReplicaScope:
    """One `reads_from_replica()` block: whether the replica serves it, and what it wrote."""

    usable: bool
    written: set[str] = field(default_factory=set)


_scope: ContextVar[ReplicaScope | None] = ContextVar("ksmm_replica_scope", default=None)


def replica_reads_enabled() -> bool:
    """True when a replica is configured and reads may use it (tests switch it on per test)."""
    return REPLICA in settings.DATABASES and bool(getattr(settings, "KSMM_REPLICA_READS", True))


def replica_lag_seconds() -> float:
    """The replica's replay lag; raises DatabaseError when it cannot be reached."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_QUERY)
        row = cursor.fetchone()
    return float(row[0]) if row else 0.0


def _replica_usable() -> bool:
    if not replica_reads_enabled():
        return False
    try:
        lag = replica_lag_seconds()
    except DatabaseError:
        # Logged without parameters: the message of a connection error names hosts, not people.
        logger.warning("The read replica cannot be reached; reading from the primary.")
        connections[REPLICA].close()
        return False
    return lag <= float(settings.KSMM_REPLICA_MAX_LAG_SECONDS)


@contextmanager
def reads_from_replica() -> Iterator[ReplicaScope]:
    """Reads inside this block may come from the replica (see the module's docstring).

    Enter it only after the caller passed its gate on the primary: sessions, tokens, memberships
    and roles must be current, the rows read inside may be up to the lag bound old. Nested
    blocks share the outer one.
    """
    outer = _scope.get()
    if outer is not None:
        yield outer
        return
    scope = ReplicaScope(usable=_replica_usable())
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def replica_reads(view: Callable[Concatenate[HttpRequest, P], R]) -> Callable[Concatenate[HttpRequest, P], R]:
    """A view (below its access decorator) whose reads may come from the replica.

    The session and the user are loaded on the primary first: a person who signed in a moment
    ago is not yet on the replica, and the page's context processors would ask for them.
    """

    @wraps(view)
    def reading_from_replica(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R:
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 - evaluates the lazy user here, on the primary
        with reads_from_replica():
            return view(request, *args, **kwargs)

    return reading_from_replica


def _in_own_transaction(connection: BaseDatabaseWrapper) -> bool:
    """An atomic block the code opened (the test case's own wrapping blocks do not count, as
    for Django's `durable` check)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class ReplicaRouter:
    """Writes to the primary; reads to the replica only inside a usable `reads_from_replica()`.

    Never answers None for reads: Django would then fall back to the database the instance hint
    came from, and an object read from the replica would drag later reads of its relations there.
    """

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if scope is None or not scope.usable or REPLICA not in settings.DATABASES:
            return DEFAULT_DB_ALIAS
        if model._meta.label_lower in scope.written:
            return DEFAULT_DB_ALIAS
        if _in_own_transaction(connections[DEFAULT_DB_ALIAS]):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None:
            scope.written.add(model._meta.label_lower)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        """The replica holds the primary's rows: an object read there may point at one of the primary."""
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        """The replica replays the primary's migrations; it is never migrated itself."""
        return False if db == REPLICA else None


def follow_tenant(connection: BaseDatabaseWrapper, tenant: Any) -> None:
    """django-tenants' hook after `set_tenant`: the replica connection of this thread follows the
    schema of the primary one (no query: the search path is sent with its next cursor)."""
    if connection.alias != DEFAULT_DB_ALIAS or REPLICA not in settings.DATABASES:
        return
    replica = connections[REPLICA]
    replica.set_tenant(tenant, include_public=connection.include_public_schema)  # type: ignore[attr-defined]
