"""Re-encrypting the encrypted columns of a canton (every EncryptedTextField of every model)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from cases.encryption import EncryptedTextField, current_key_version, decrypt, encrypt

Progress = Callable[[int], None]


@dataclass(frozen=True, kw_only=True)
class EncryptedTable:
    """A table with its primary key and the columns holding ciphertext."""

    label: str
    table: str
    pk: str
    columns: tuple[str, ...]


def encrypted_tables() -> list[EncryptedTable]:
    """Found by walking the models, so a new encrypted field is rotated without a list to keep."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = tuple(str(field.column) for field in meta.concrete_fields if isinstance(field, EncryptedTextField))
        if columns:
            pk = str(meta.pk.column) if meta.pk else "id"
            found.append(EncryptedTable(label=meta.label, table=meta.db_table, pk=pk, columns=columns))
    return sorted(found, key=lambda table: table.label)


def _stale(table: EncryptedTable, version: int) -> tuple[str, list[str]]:
    """A WHERE clause for rows holding any ciphertext not of `version` (empty and NULL hold none)."""
    quote = connection.ops.quote_name
    clauses = [f"({quote(column)} <> '' AND {quote(column)} NOT LIKE %s)" for column in table.columns]
    return " OR ".join(clauses), [f"v{version}:%"] * len(table.columns)


def count_stale(table: EncryptedTable) -> int:
    where, params = _stale(table, current_key_version())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table.table)} WHERE {where}", params)  # noqa: S608
        return int(cursor.fetchone()[0])


def rotate_batch(table: EncryptedTable, *, after: int, size: int) -> tuple[int | None, int]:
    """Rewrites up to `size` stale rows with a primary key above `after`, in one transaction;
    the last primary key seen (None: none left on this pass) and how many rows were rewritten.

    Rows locked by a user's transaction are skipped (that write stores current ciphertext, or the
    next pass takes the row). Each value is decrypted with the version it names and encrypted
    with the current one; values already current are written back as they were.
    """
    version = current_key_version()
    prefix = f"v{version}:"
    quote = connection.ops.quote_name
    where, params = _stale(table, version)
    selected = ", ".join(quote(column) for column in (table.pk, *table.columns))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {selected} FROM {quote(table.table)} WHERE {quote(table.pk)} > %s AND ({where})"  # noqa: S608
            f" ORDER BY {quote(table.pk)} LIMIT %s FOR UPDATE SKIP LOCKED",
            [after, *params, size],
        )
        rows = cursor.fetchall()
        if not rows:
            return None, 0
        updates = [
            [
                *(value if not value or value.startswith(prefix) else encrypt(decrypt(value)) for value in row[1:]),
                row[0],
            ]
            for row in rows
        ]
        assignments = ", ".join(f"{quote(column)} = %s" for column in table.columns)
        cursor.executemany(
            f"UPDATE {quote(table.table)} SET {assignments} WHERE {quote(table.pk)} = %s",  # noqa: S608
            updates,
        )
    return int(rows[-1][0]), len(rows)


def rotate_table(table: EncryptedTable, *, size: int, progress: Progress) -> int:
    """One pass over the table in batches; the rows rewritten. `progress` hears each batch."""
    after, total = 0, 0
    while True:
        last, rewritten = rotate_batch(table, after=after, size=size)
        if last is None:
            return total
        after, total = last, total + rewritten
        progress(rewritten)
