import pytest
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def zh_entry() -> AuditEntry:
    with schema_context("zh"):
        return do_record(actor=None, action=AuditEntry.Action.EXPORT, object_type="cases.case", object_id="7")


def refused(sql: str, params: list[object]) -> bool:
    """Runs `sql` in zh inside a savepoint; True when the database refused it."""
    with schema_context("zh"):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
        except DatabaseError:
            return True
    return False


def test_an_update_of_an_audit_row_fails_at_the_database(zh_entry: AuditEntry) -> None:
    assert refused("UPDATE audit_auditentry SET purpose = 'changed' WHERE id = %s", [zh_entry.pk])


def test_a_delete_of_an_audit_row_fails_at_the_database(zh_entry: AuditEntry) -> None:
    assert refused("DELETE FROM audit_auditentry WHERE id = %s", [zh_entry.pk])


def test_a_truncate_of_the_audit_table_fails_at_the_database(zh_entry: AuditEntry) -> None:
    assert refused("TRUNCATE audit_auditentry", [])


def test_the_orm_cannot_delete_an_entry_either(zh_entry: AuditEntry) -> None:
    with schema_context("zh"), pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=zh_entry.pk).delete()
    with schema_context("zh"):
        assert AuditEntry.objects.filter(pk=zh_entry.pk).exists()


@pytest.mark.parametrize("schema_name", ["public", "zh", "ge", "ti", "be", "ju"])
def test_every_schemas_own_audit_table_carries_the_triggers(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.tgname FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relname = 'audit_auditentry' AND NOT t.tgisinternal
            ORDER BY t.tgname
            """,
            [schema_name],
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == ["audit_entry_no_truncate", "audit_entry_no_update_or_delete"]


def insert_sql(**fields: object) -> tuple[str, list[object]]:
    """An INSERT of a well-formed entry in zh, but for `fields`."""
    row: dict[str, object] = {
        "sequence": 10_000, "occurred_at": "2026-01-01T00:00:00Z", "action": "read", "object_type": "",
        "object_id": "", "compartment": "", "purpose": "", "request_host": "", "request_id": "",
        "previous_hash": "0" * 64, "entry_hash": "a" * 64, "actor_kind": "system",
    }  # fmt: skip
    row.update(fields)
    columns = ", ".join(row)
    placeholders = ", ".join(["%s"] * len(row))
    # Column names from the literal above, values as parameters.
    return f"INSERT INTO audit_auditentry ({columns}) VALUES ({placeholders})", list(row.values())  # noqa: S608


def test_a_well_formed_system_entry_is_accepted() -> None:
    assert not refused(*insert_sql())


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"actor_kind": ""}, id="no kind of actor"),
        pytest.param({"actor_kind": "person"}, id="a person without a user"),
        pytest.param({"actor_kind": "client", "actor_client_id": 3}, id="a client without its organisation"),
        pytest.param({"actor_kind": "client", "actor_organisation_id": 3}, id="a client without its id"),
        pytest.param({"actor_kind": "system", "request_id": "a-request"}, id="the system during a request"),
        pytest.param({"actor_kind": "unidentified"}, id="nobody reading"),
        pytest.param({"actor_kind": "system", "actor_user_id": 1}, id="the system with a user"),
    ],
)
def test_the_database_refuses_an_entry_without_a_proper_actor(fields: dict[str, object]) -> None:
    assert refused(*insert_sql(**fields))


def test_the_suite_wide_scan_finds_an_entry_that_slipped_past_the_constraint() -> None:
    from tests.conftest import anonymous_audit_entries

    with schema_context("zh"), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DROP CONSTRAINT audit_entry_actor_is_named")
        sql, params = insert_sql(actor_kind="", sequence=20_000, entry_hash="b" * 64)
        cursor.execute(sql, params)
        found = anonymous_audit_entries()
        # Out of the trail again, so that the scan after this test passes; all of it rolls back.
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_or_delete")
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 20000")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update_or_delete")
    assert found == [("zh", 20_000, "read")]
