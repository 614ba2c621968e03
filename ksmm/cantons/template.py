"""A canton's schema in seconds: cloned from a migrated template schema.

Running every tenant migration costs about 25 s per schema, most of it rebuilding Django's model
state. The platform therefore keeps one schema, `canton_template`, migrated like any canton but
never given a host or data of its own, and creates each new canton as a copy of it with
django-tenants' clone (pg-clone-schema: tables, data of the seed migrations, sequences,
constraints, indexes, functions and triggers). `django_migrations` travels with the copy, so later
migrations apply to a cloned canton as to a migrated one.

The template is brought up to date before every clone: when the code has migrations the template
has not applied, it is migrated first (once, then every clone is fast again).
"""

import logging
import time
import zlib

from django.core.management import call_command
from django.db import DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_context, schema_exists

logger = logging.getLogger(__name__)

TEMPLATE_SCHEMA = "canton_template"
DEADLOCK_DETECTED = "40P01"
CLONE_ATTEMPTS = 5
# Between processes (make run's parallel provisioning, the suite): clones share the lock, so several
# cantons are copied at once; building the template takes it alone, so none is copied from a
# template being migrated.
_LOCK_KEYS = (0x4B534D4D, zlib.crc32(TEMPLATE_SCHEMA.encode()) - 2**31)


class _CloneWithInstalledFunction(CloneSchema):
    """django-tenants replaces its clone function in the database before each clone; two clones
    doing so at once fail ("tuple concurrently updated"). It is installed once, under the lock."""

    def _create_clone_schema_function(self) -> None:
        pass


def do_create_canton_schema(*, schema_name: str) -> None:
    """Creates `schema_name` as a copy of the up-to-date template; the schema must not exist."""
    # The lock lives in a session of its own: migrating the template closes this connection, and
    # a session's advisory locks go with it.
    lock = connections.create_connection(connection.alias)
    try:
        _advisory(lock, "pg_advisory_lock_shared")
        if not _template_ready():
            _advisory(lock, "pg_advisory_unlock_shared")
            _advisory(lock, "pg_advisory_lock")
            try:
                do_update_template()
                _validate_constraints(TEMPLATE_SCHEMA)
                CloneSchema()._create_clone_schema_function()
                _advisory(lock, "pg_advisory_lock_shared")  # before the exclusive one goes: no build slips in
            finally:
                _advisory(lock, "pg_advisory_unlock")
        try:
            _clone(schema_name)
            _align_with_template(schema_name)
        finally:
            _advisory(lock, "pg_advisory_unlock_shared")
            connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' wrapper
    finally:
        lock.close()
    logger.info("canton schema cloned schema=%s", schema_name)


def _clone(schema_name: str) -> None:
    """One clone statement, retried when PostgreSQL broke a deadlock by aborting it.

    Two clones at once both add foreign keys to the same public tables (accounts_user …) and can
    deadlock; PostgreSQL then aborts one of them. The clone is a single statement, so the aborted
    one left nothing behind (checked: the schema does not exist) and is simply run again."""
    for attempt in range(1, CLONE_ATTEMPTS + 1):
        try:
            _CloneWithInstalledFunction().clone_schema(TEMPLATE_SCHEMA, schema_name, "DATA")
            return
        except DatabaseError as error:
            if attempt == CLONE_ATTEMPTS or not is_deadlock(error) or schema_exists(schema_name):
                raise
            logger.warning("canton schema clone deadlocked, retrying schema=%s attempt=%d", schema_name, attempt)
            time.sleep(0.2 * attempt)


def is_deadlock(error: BaseException) -> bool:
    """PostgreSQL's deadlock (SQLSTATE 40P01), raised directly or re-raised by pg-clone-schema's
    own handler, which keeps the code only in its message."""
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == DEADLOCK_DETECTED or DEADLOCK_DETECTED in str(error)


def _template_ready() -> bool:
    """The template is migrated as far as the code goes and the clone function is installed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT FROM pg_proc WHERE proname = 'clone_schema')")
        installed = cursor.fetchone()[0]
    return installed and schema_exists(TEMPLATE_SCHEMA) and not unapplied_migrations(schema_name=TEMPLATE_SCHEMA)


def _advisory(lock: BaseDatabaseWrapper, function: str) -> None:
    with lock.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", _LOCK_KEYS)


# pg-clone-schema copies tables with CREATE TABLE ... (LIKE ... INCLUDING ALL), which names unique
# constraints anew and widens the sequences of serial columns to bigint. Later migrations find
# constraints by name, so the copy takes the template's names and sequence types back.
_UNIQUE_CONSTRAINTS_RENAMED = """
    SELECT cl.relname, clone.conname, template.conname
    FROM pg_constraint template
    JOIN pg_class tcl ON tcl.oid = template.conrelid
    JOIN pg_namespace tns ON tns.oid = tcl.relnamespace AND tns.nspname = %(template)s
    JOIN pg_class cl ON cl.relname = tcl.relname
    JOIN pg_namespace ns ON ns.oid = cl.relnamespace AND ns.nspname = %(schema)s
    JOIN pg_constraint clone ON clone.conrelid = cl.oid AND clone.contype = template.contype
     AND pg_get_constraintdef(clone.oid) = pg_get_constraintdef(template.oid)
    WHERE template.contype = 'u' AND clone.conname <> template.conname
"""
_SEQUENCE_TYPES_CHANGED = """
    SELECT clone.sequencename, template.data_type
    FROM pg_sequences template
    JOIN pg_sequences clone ON clone.sequencename = template.sequencename AND clone.schemaname = %(schema)s
    WHERE template.schemaname = %(template)s AND clone.data_type <> template.data_type
"""


# A constraint added NOT VALID spares the rows a canton already had; the template has none of
# them, so its copies start with the constraint checked for every row, as a new table would.
_NOT_VALID_CONSTRAINTS = """
    SELECT cl.relname, co.conname FROM pg_constraint co
    JOIN pg_class cl ON cl.oid = co.conrelid
    JOIN pg_namespace ns ON ns.oid = cl.relnamespace AND ns.nspname = %s
    WHERE NOT co.convalidated
"""


def _validate_constraints(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_NOT_VALID_CONSTRAINTS, [schema_name])
        for table, constraint in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{schema_name}"."{table}" VALIDATE CONSTRAINT "{constraint}"')


def _align_with_template(schema_name: str) -> None:
    names = {"template": TEMPLATE_SCHEMA, "schema": schema_name}
    with connection.cursor() as cursor:
        cursor.execute(_UNIQUE_CONSTRAINTS_RENAMED, names)
        for table, cloned_name, template_name in cursor.fetchall():
            cursor.execute(
                f'ALTER TABLE "{schema_name}"."{table}" RENAME CONSTRAINT "{cloned_name}" TO "{template_name}"'
            )
        cursor.execute(_SEQUENCE_TYPES_CHANGED, names)
        for sequence, data_type in cursor.fetchall():
            cursor.execute(f'ALTER SEQUENCE "{schema_name}"."{sequence}" AS {data_type}')


def do_update_template() -> bool:
    """Creates or migrates the template schema when it lags behind the code; True if it did."""
    if schema_exists(TEMPLATE_SCHEMA) and not unapplied_migrations(schema_name=TEMPLATE_SCHEMA):
        return False
    if not schema_exists(TEMPLATE_SCHEMA):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{TEMPLATE_SCHEMA}"')
    call_command("migrate_schemas", tenant=True, schema_name=TEMPLATE_SCHEMA, interactive=False, verbosity=0)
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' wrapper
    logger.info("canton template migrated schema=%s", TEMPLATE_SCHEMA)
    return True


def unapplied_migrations(*, schema_name: str) -> set[tuple[str, str]]:
    """The migrations of the code that `schema_name` has not recorded as applied."""
    with schema_context(schema_name):
        loader = MigrationLoader(connection, ignore_no_migrations=True)
        return set(loader.graph.nodes) - set(loader.applied_migrations)
