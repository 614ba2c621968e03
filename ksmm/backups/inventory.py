"""What a canton's schema holds, in numbers a restore can be checked against.

Per table the row count and a digest of every row (md5 over the rows' text, sorted), every
sequence's value, the audit chain's head and the migrations the schema recorded. Taken inside the
snapshot pg_dump reads (actions.py), they describe exactly the rows of the dump.
"""

from dataclasses import asdict, dataclass

from django.db import connection

from ksmm.audit.chain import verify_schema

_TABLES = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname
"""
_SEQUENCES = """
    SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s ORDER BY sequencename
"""


@dataclass(frozen=True)
class SchemaState:
    """Row counts and row digests per table, sequence values, the audit head, the migrations."""

    tables: dict[str, dict[str, object]]
    sequences: dict[str, int | None]
    audit_entries: int
    audit_head: str
    migrations: list[str]

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def schema_state(*, schema: str) -> SchemaState:
    quoted = connection.ops.quote_name(schema)
    tables: dict[str, dict[str, object]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_TABLES, [schema])
        for (table,) in cursor.fetchall():
            name = f"{quoted}.{connection.ops.quote_name(table)}"
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM {name} r"  # noqa: S608 - names from the catalogue
            )
            count, digest = cursor.fetchone()
            tables[table] = {"rows": count, "md5": digest}
        cursor.execute(_SEQUENCES, [schema])
        sequences = dict(cursor.fetchall())
        cursor.execute(f"SELECT app || '.' || name FROM {quoted}.django_migrations ORDER BY app, name")  # noqa: S608 - names from the catalogue
        migrations = [row[0] for row in cursor.fetchall()]
    report = verify_schema(schema)
    if not report.is_intact:
        raise ValueError(f"The audit chain of {schema} is broken at sequence {report.first_broken}.")
    return SchemaState(tables, sequences, report.entries, report.head_hash, migrations)


def differences(*, expected: dict[str, object], actual: dict[str, object]) -> list[str]:
    """What differs between two states as JSON, by table or sequence name (never row contents)."""
    found: list[str] = []
    for key in ("tables", "sequences"):
        left, right = dict(expected[key]), dict(actual[key])  # type: ignore[call-overload]
        for name in sorted(set(left) | set(right)):
            if left.get(name) != right.get(name):
                found.append(f"{key[:-1]} {name}")
    for key in ("audit_entries", "audit_head", "migrations"):
        if expected[key] != actual[key]:
            found.append(key.replace("_", " "))
    return found
