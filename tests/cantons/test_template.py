"""A canton cloned from the template is indistinguishable from a migrated schema.

The template itself is built by running every tenant migration, so comparing a cloned canton
with it compares "cloned" with "migrated": every table, column, default, constraint, index,
trigger, function and sequence, and the rows the seed migrations wrote.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from ksmm.audit.actions import do_record
from ksmm.audit.chain import verify_current_schema
from ksmm.audit.models import GENESIS_HASH, AuditAction, AuditEntry
from ksmm.cantons.actions import do_provision_canton
from ksmm.cantons.template import TEMPLATE_SCHEMA, do_create_canton_schema, unapplied_migrations

pytestmark = pytest.mark.django_db
CLONED = "clone_check"

CATALOGUE = {
    "columns": """
        SELECT table_name, column_name, data_type, is_nullable, is_identity, identity_generation,
               coalesce(replace(column_default, %(schema)s || '.', ''), '')
        FROM information_schema.columns WHERE table_schema = %(schema)s""",
    "constraints": """
        SELECT cl.relname, co.conname, co.contype, co.condeferrable, co.condeferred,
               replace(pg_get_constraintdef(co.oid), %(schema)s || '.', '')
        FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = %(schema)s""",
    "indexes": """
        SELECT tablename, indexname, replace(indexdef, %(schema)s || '.', '')
        FROM pg_indexes WHERE schemaname = %(schema)s""",
    "triggers": """
        SELECT cl.relname, t.tgname, t.tgenabled, replace(pg_get_triggerdef(t.oid), %(schema)s || '.', '')
        FROM pg_trigger t JOIN pg_class cl ON cl.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = %(schema)s AND NOT t.tgisinternal""",
    "functions": """
        SELECT p.proname, p.prosrc, pg_get_function_result(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %(schema)s""",
    "sequences": """
        SELECT sequencename, data_type, start_value, increment_by, coalesce(last_value, 0)
        FROM pg_sequences WHERE schemaname = %(schema)s""",
}


def catalogue(schema: str, what: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(CATALOGUE[what], {"schema": schema})
        return sorted(cursor.fetchall(), key=repr)


def row_counts(schema: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture(scope="module")
def cloned(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """A schema cloned once for the module as provisioning clones it, dropped afterwards."""
    with django_db_blocker.unblock():
        do_create_canton_schema(schema_name=CLONED)
        yield CLONED
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{CLONED}" CASCADE')


def test_provisioning_a_canton_clones_the_template() -> None:
    do_provision_canton(code="UR")
    assert catalogue("ur", "constraints") == catalogue(TEMPLATE_SCHEMA, "constraints")


@pytest.mark.parametrize("what", sorted(CATALOGUE))
def test_a_cloned_canton_has_the_same_schema_objects_as_a_migrated_one(cloned: str, what: str) -> None:
    migrated = catalogue(TEMPLATE_SCHEMA, what)
    assert migrated, f"the template has no {what}"
    assert catalogue(cloned, what) == migrated


def test_a_cloned_canton_holds_the_seed_rows_of_the_migrations_and_nothing_else(cloned: str) -> None:
    counts = row_counts(cloned)
    assert counts == row_counts(TEMPLATE_SCHEMA)
    assert counts["audit_auditentry"] == 0
    assert counts["identification_indicator"] > 0, "the indicator catalogue is seeded"


def test_a_cloned_canton_records_every_migration_so_later_ones_apply(cloned: str) -> None:
    assert unapplied_migrations(schema_name=cloned) == set()


def test_a_cloned_cantons_sequences_are_its_own(cloned: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM canton_template.identification_indicator_id_seq")
        before = cursor.fetchone()[0]
        cursor.execute("SELECT nextval('clone_check.identification_indicator_id_seq')")
        cursor.execute("SELECT nextval('clone_check.identification_indicator_id_seq')")
        cursor.execute("SELECT last_value FROM canton_template.identification_indicator_id_seq")
        assert cursor.fetchone()[0] == before


def test_a_cloned_cantons_audit_trail_starts_its_own_chain_and_refuses_changes(cloned: str) -> None:
    with schema_context(cloned):
        first = do_record(actor=None, action=AuditAction.READ, object_type="test", object_id="1")
        assert first.sequence == 1
        assert first.previous_hash == GENESIS_HASH
        assert verify_current_schema().is_intact
        for statement in ("UPDATE audit_auditentry SET purpose = 'x'", "DELETE FROM audit_auditentry"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
        assert AuditEntry.objects.count() == 1


def test_migrate_schemas_keeps_the_template_current_and_skips_current_schemas() -> None:
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    assert unapplied_migrations(schema_name=TEMPLATE_SCHEMA) == set()


def test_a_deadlock_is_recognised_whether_raised_by_postgresql_or_re_raised_by_the_clone() -> None:
    """Parallel clones can deadlock on the foreign keys to public tables; only that is retried."""
    import psycopg
    from django.db import OperationalError, ProgrammingError

    from ksmm.cantons.template import is_deadlock

    direct = OperationalError("deadlock detected")
    direct.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")
    re_raised = ProgrammingError("Action: FK Constraints  Diagnostics: ... 40P01. deadlock detected")
    other = ProgrammingError('relation "cases_case" already exists')
    assert is_deadlock(direct) and is_deadlock(re_raised)
    assert not is_deadlock(other)
