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
