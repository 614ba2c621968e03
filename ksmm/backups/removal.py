"""Removing a canton that leaves the platform, once its export has been checked.

What goes: the schema, the canton's files, its registry and host rows, the rows public keeps for
it (heartbeat, statistics aggregates and round-table health, federal matching digests: all
cascade with the registry row), the grant groups of its organisations, and the accounts of people
who worked in this canton only (no membership or reference in another canton, no federal role).
What stays, and why: transfer metadata (ids, codes, status; the other canton's record of a case
that left or arrived) and published statistics releases (anonymous, already public, and totals
published for Switzerland must stay reproducible). The public audit chain records the removal.
"""

from pathlib import Path

from django.contrib.auth.models import Group
from django.db import connection, transaction

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.hosts import bump_registry_version

from .archive import ArchiveRefused, open_archive
from .backup import canton_by_code
from .database import Progress, schema_present
from .files import do_delete_all
from .inventory import differences, schema_state
from .public_rows import referenced_ids

_REFERENCES_TO = """
    SELECT n.nspname, cl.relname, a.attname
    FROM pg_constraint c
    JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
    JOIN pg_class rc ON rc.oid = c.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND rn.nspname = 'public' AND rc.relname = %s
"""


def check_export_current(*, code: str, schema: str, export: Path) -> None:
    """The export must be this canton's and hold every row the schema holds now."""
    archive = open_archive(export)
    if (archive.code, archive.schema) != (code, schema):
        raise ArchiveRefused(f"The archive holds {archive.code} (schema {archive.schema}), not {code} ({schema}).")
    if not schema_present(schema):
        return  # nothing left in the database that the export could lack
    found = differences(expected=archive.state, actual=schema_state(schema=archive.schema).as_json())
    if found:
        raise ArchiveRefused(f"{code} changed since the export ({', '.join(found[:5])}): export it again.")


def do_remove_canton(*, code: str, confirm: str, export: Path, progress: Progress) -> None:
    canton = canton_by_code(code)
    if confirm != canton.code:
        raise ArchiveRefused(f"Confirm the removal with --confirm {canton.code}.")
    schema = canton.schema_name
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' wrapper
    progress(f"{canton.code}: checking that the export holds every row")
    check_export_current(code=canton.code, schema=schema, export=export)
    users = _accounts_of_this_canton_only(schema=schema)
    with transaction.atomic():
        progress(f"{canton.code}: dropping schema {schema}")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(schema)} CASCADE")
        groups = Group.objects.filter(name__startswith=f"{schema}:").values_list("pk", flat=True)
        delete_public_rows(Group._meta.db_table, list(groups))
        delete_public_rows(User._meta.db_table, sorted(users))
        canton.delete()  # its domains, heartbeat, aggregates, health and digests cascade
        do_record(actor=None, action=AuditAction.DELETE, object_type="cantons.canton", object_id=canton.code,
                  purpose="canton removed after export")  # fmt: skip
    bump_registry_version()
    deleted = do_delete_all(schema=schema)
    progress(f"{canton.code}: removed; {len(users)} accounts and {deleted} files deleted")


def _accounts_of_this_canton_only(*, schema: str) -> set[int]:
    """Accounts the canton's schema points at that no other schema points at and that hold no
    federal role: people who worked in this canton only."""
    candidates = referenced_ids(schema=schema).get(User._meta.db_table, set())
    if not candidates:
        return set()
    elsewhere: set[int] = set()
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_REFERENCES_TO, [User._meta.db_table])
        for namespace, table, column in cursor.fetchall():
            if namespace in (schema, "public"):
                continue
            cursor.execute(
                f"SELECT DISTINCT {q(column)} FROM {q(namespace)}.{q(table)} WHERE {q(column)} = ANY(%s)",  # noqa: S608 - names from the catalogue
                [sorted(candidates)],
            )
            elsewhere.update(row[0] for row in cursor.fetchall())
    federal = set(User.objects.filter(pk__in=candidates).exclude(federal_role="").values_list("pk", flat=True))
    return candidates - elsewhere - federal


def delete_public_rows(table: str, ids: list[int]) -> None:
    """Deletes rows of a public table and, first, the public rows that point at them (second
    factors, backup codes, group links). Raw SQL: the ORM's collector would look for the canton
    apps' tables in public."""
    if not ids:
        return
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_REFERENCES_TO, [table])
        for namespace, referencing, column in cursor.fetchall():
            if namespace != "public":
                continue
            cursor.execute(f"SELECT id FROM public.{q(referencing)} WHERE {q(column)} = ANY(%s)", [ids])  # noqa: S608 - names from the catalogue
            delete_public_rows(referencing, [row[0] for row in cursor.fetchall()])
        cursor.execute(f"DELETE FROM public.{q(table)} WHERE id = ANY(%s)", [ids])  # noqa: S608 - names from the catalogue
