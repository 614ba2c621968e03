"""The rows of the public schema a canton's schema stands on, taken out and merged back.

A canton's tables point into public: at user accounts (memberships, authors of steps), at the
grant groups of its organisations, at permissions and content types. A restore into a fresh
installation needs those rows first, or the dump's foreign keys cannot be created; a restore into
the same installation must not clobber an account that changed since, or that also works in
another canton. The merge therefore keeps every existing row, adds the missing ones with their
ids, and refuses (before anything is written) where an id or an e-mail address points at someone
else: ids cannot be renumbered inside a dump.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection

from ksmm.accounts.models import User
from ksmm.cantons.models import Canton, Domain

# Every foreign key from a table of the canton's schema to a table in public.
_REFERENCES_INTO_PUBLIC = """
    SELECT cl.relname, a.attname, rc.relname
    FROM pg_constraint c
    JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
    JOIN pg_class rc ON rc.oid = c.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND n.nspname = %s AND rn.nspname = 'public'
    ORDER BY 3, 1, 2
"""


class PublicRowsConflict(Exception):
    """The installation holds another row under an id or a unique value the archive needs."""


@dataclass
class MergeReport:
    """How many rows of each kind were kept as they were and how many were added."""

    kept: dict[str, int] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        kinds = sorted(set(self.kept) | set(self.added))
        return ", ".join(f"{kind}: {self.kept.get(kind, 0)} kept, {self.added.get(kind, 0)} added" for kind in kinds)


def referenced_ids(*, schema: str) -> dict[str, set[int]]:
    """Public table -> the ids the canton's tables point at."""
    found: dict[str, set[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_REFERENCES_INTO_PUBLIC, [schema])
        for table, column, target in cursor.fetchall():
            q = connection.ops.quote_name
            cursor.execute(f"SELECT DISTINCT {q(column)} FROM {q(schema)}.{q(table)} WHERE {q(column)} IS NOT NULL")  # noqa: S608 - names from the catalogue
            found.setdefault(target, set()).update(row[0] for row in cursor.fetchall())
    return found


def _rows(table: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT row_to_json(t)::text FROM public.{table} t WHERE {where} ORDER BY 1", params)  # noqa: S608 - names from the catalogue
        return [json.loads(row[0]) for row in cursor.fetchall()]


def export_public_rows(*, canton: Canton) -> dict[str, Any]:
    """The canton's registry rows, the accounts and groups its schema points at, and the natural
    keys of the permissions and content types it points at (ids are checked on restore)."""
    schema = canton.schema_name
    ids = referenced_ids(schema=schema)
    group_ids = sorted(ids.get(Group._meta.db_table, set()))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, ct.app_label || '.' || ct.model || '.' || p.codename FROM auth_permission p"
            " JOIN django_content_type ct ON ct.id = p.content_type_id WHERE p.id = ANY(%s)",
            [sorted(ids.get("auth_permission", set()))],
        )
        permissions = {str(pk): key for pk, key in cursor.fetchall()}
        cursor.execute(
            "SELECT id, app_label || '.' || model FROM django_content_type WHERE id = ANY(%s)",
            [sorted(ids.get("django_content_type", set()))],
        )
        content_types = {str(pk): key for pk, key in cursor.fetchall()}
    return {
        "canton": _rows(Canton._meta.db_table, "id = %s", [canton.pk])[0],
        "domains": _rows(Domain._meta.db_table, "tenant_id = %s", [canton.pk]),
        "users": _rows(User._meta.db_table, "id = ANY(%s)", [sorted(ids.get(User._meta.db_table, set()))]),
        "groups": _rows(Group._meta.db_table, "id = ANY(%s) OR name LIKE %s", [group_ids, f"{schema}:%"]),
        "permissions": permissions,
        "content_types": content_types,
    }


def check_natural_keys(rows: dict[str, Any]) -> None:
    """Permissions and content types are created by migrations; their ids must mean the same here."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id::text, ct.app_label || '.' || ct.model || '.' || p.codename FROM auth_permission p"
            " JOIN django_content_type ct ON ct.id = p.content_type_id"
        )
        permissions = dict(cursor.fetchall())
        cursor.execute("SELECT id::text, app_label || '.' || model FROM django_content_type")
        content_types = dict(cursor.fetchall())
    for kind, archived, here in (
        ("permission", rows["permissions"], permissions),
        ("content type", rows["content_types"], content_types),
    ):
        moved = sorted(pk for pk, key in archived.items() if here.get(pk) != key)
        if moved:
            raise PublicRowsConflict(
                f"{len(moved)} {kind} ids mean something else in this installation (first: id {moved[0]});"
                " the canton's grants would point at the wrong ones."
            )


def do_merge_public_rows(*, rows: dict[str, Any], report: MergeReport) -> Canton:
    """Adds the missing registry rows, accounts and groups; keeps every existing one. Run inside
    the caller's transaction: a conflict found half-way leaves nothing behind."""
    check_natural_keys(rows)
    _merge_by_id(Group._meta.db_table, rows["groups"], unique="name", kind="groups", report=report)
    _merge_by_id(User._meta.db_table, rows["users"], unique="email", kind="users", report=report)
    archived = rows["canton"]
    canton = Canton.objects.filter(code=archived["code"]).first()
    if canton is None:
        # Under its old id where that is free, so that nothing keeps a stale id of the canton.
        id_taken = Canton.objects.filter(pk=archived["id"]).exists()
        _insert(Canton._meta.db_table, {**archived, "is_active": False}, without_id=id_taken)
        if not id_taken:
            _sequence_past_ids(Canton._meta.db_table)
        canton = Canton.objects.get(code=archived["code"])
        report.added["cantons"] = 1
    else:
        report.kept["cantons"] = 1
    for domain in rows["domains"]:
        existing = Domain.objects.filter(domain=domain["domain"]).first()
        if existing is not None and existing.tenant_id != canton.pk:
            raise PublicRowsConflict(f"The host {domain['domain']} belongs to another canton here.")
        if existing is None:
            Domain.objects.create(domain=domain["domain"], tenant=canton, is_primary=domain["is_primary"])
            report.added["domains"] = report.added.get("domains", 0) + 1
        else:
            report.kept["domains"] = report.kept.get("domains", 0) + 1
    return canton


def _merge_by_id(table: str, rows: list[dict[str, Any]], *, unique: str, kind: str, report: MergeReport) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for row in rows:
            cursor.execute(f"SELECT {q(unique)} FROM public.{q(table)} WHERE id = %s", [row["id"]])  # noqa: S608 - names from the catalogue
            found = cursor.fetchone()
            if found is not None:
                if found[0] != row[unique]:
                    raise PublicRowsConflict(f"{kind}: id {row['id']} belongs to someone else in this installation.")
                report.kept[kind] = report.kept.get(kind, 0) + 1
                continue
            cursor.execute(f"SELECT id FROM public.{q(table)} WHERE {q(unique)} = %s", [row[unique]])  # noqa: S608 - names from the catalogue
            other = cursor.fetchone()
            if other is not None:
                raise PublicRowsConflict(f"{kind}: archived id {row['id']} exists here under id {other[0]}.")
            _insert(table, row, without_id=False)
            report.added[kind] = report.added.get(kind, 0) + 1
        if rows:
            _sequence_past_ids(table)


def _sequence_past_ids(table: str) -> None:
    """Rows added with their archived ids: the id sequence must not hand those ids out again (it
    is only ever moved forward, so ids of deleted rows are not reused either)."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f"public.{table}"])
        sequence = cursor.fetchone()[0]
        cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 - names from the catalogue
        current = cursor.fetchone()[0]
        cursor.execute(f"SELECT max(id) FROM public.{q(table)}")  # noqa: S608 - names from the catalogue
        highest = cursor.fetchone()[0] or 0
        if highest > current:
            cursor.execute("SELECT setval(%s, %s)", [sequence, highest])


def _insert(table: str, row: dict[str, Any], *, without_id: bool) -> None:
    """One row as it was archived (row_to_json), every column by name."""
    q = connection.ops.quote_name
    columns = [name for name in row if not (without_id and name == "id")]
    listed = ", ".join(q(name) for name in columns)
    payload = {name: row[name] for name in columns}
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO public.{q(table)} ({listed}) SELECT {listed}"  # noqa: S608 - names from the catalogue
            f" FROM json_populate_record(NULL::public.{q(table)}, %s::json)",
            [json.dumps(payload)],
        )
