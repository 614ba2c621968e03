"""Taking one canton out: its schema, the public rows it stands on and its files, as one archive.

Everything is read inside one snapshot: a REPEATABLE READ transaction exports it and pg_dump
reads with it, so the row counts, row digests and audit head in the manifest describe exactly the
rows of the dump, however busy the canton is. Files are copied after the dump: a file written
meanwhile comes along unreferenced; one deleted meanwhile is missing (see README).
"""

import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.models import Canton

from .archive import DUMP, FILES, FORMAT, PUBLIC_ROWS, README, write_manifest
from .binaries import PgTools, tools_for_current_server
from .database import Progress, recorded_migrations, run_tool, schema_present
from .files import do_copy_out, sha256_of
from .inventory import SchemaState, schema_state
from .public_rows import export_public_rows


class BackupRefused(Exception):
    """The canton cannot be backed up; the message says why."""


def canton_by_code(code: str) -> Canton:
    canton = Canton.objects.cantons().filter(code=code.upper()).first()
    if canton is None:
        raise BackupRefused(f"No canton {code.upper()} in this installation.")
    return canton


def ksmm_version() -> str:
    try:
        return version("ksmm")
    except PackageNotFoundError:
        return "unknown"


def do_backup_canton(*, code: str, output: Path, readme: str = "", progress: Progress) -> Path:
    """Writes `output/ksmm-<schema>-<time>/` and returns its path; audited in the public chain.

    `readme` (an export for a canton leaving the platform) is written into the archive as is.
    """
    canton = canton_by_code(code)
    schema = canton.schema_name
    if not schema_present(schema):
        raise BackupRefused(f"{canton.code} has no schema {schema} to back up.")
    tools = tools_for_current_server()
    path = output / f"ksmm-{schema}-{timezone.now().strftime('%Y%m%dT%H%M%S%fZ')}"
    path.mkdir(parents=True)
    os.chmod(path, 0o700)  # as sensitive as the database
    state, rows, public_migrations = _dump_in_one_snapshot(canton=canton, tools=tools, path=path, progress=progress)
    (path / PUBLIC_ROWS).write_text(json.dumps(rows, sort_keys=True))
    progress(f"{canton.code}: copying the sealed files")
    files = do_copy_out(schema=schema, target=path / FILES)
    if readme:
        (path / README).write_text(readme)
    checksums = {name: sha256_of(path / name) for name in (DUMP, PUBLIC_ROWS, README) if (path / name).exists()}
    checksums.update({f"{FILES}/{name}": digest for name, digest in files.items()})
    manifest = {
        "format": FORMAT,
        "canton": canton.code,
        "schema": schema,
        "created_at": timezone.now().isoformat(),
        "ksmm_version": ksmm_version(),
        "pg_dump_major": tools.major,
        "public_migrations": public_migrations,
        "state": state.as_json(),
        "checksums": checksums,
    }
    write_manifest(path, manifest)
    do_record(actor=None, action=AuditAction.EXPORT, object_type="cantons.canton", object_id=canton.code,
              purpose="canton backup")  # fmt: skip
    rows_total = sum(int(table["rows"]) for table in state.tables.values())  # type: ignore[call-overload]
    progress(f"{canton.code}: archive written, {rows_total} rows, {len(files)} files, head {state.audit_head[:12]}")
    return path


def _dump_in_one_snapshot(
    *, canton: Canton, tools: PgTools, path: Path, progress: Progress
) -> tuple[SchemaState, dict[str, Any], list[str]]:
    """The schema's state, the public rows and the dump, all as of one snapshot that pg_dump
    shares (--snapshot) while this REPEATABLE READ transaction holds it open."""
    schema = canton.schema_name
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' wrapper
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        progress(f"{canton.code}: reading the state of schema {schema} and checking its audit chain")
        state = schema_state(schema=schema)
        rows = export_public_rows(canton=canton)
        public_migrations = recorded_migrations(schema="public")
        progress(f"{canton.code}: dumping schema {schema} ({len(state.tables)} tables)")
        run_tool(
            [tools.pg_dump, "--format=custom", f"--schema={schema}", f"--snapshot={snapshot}", f"--file={path / DUMP}"]
        )
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return state, rows, public_migrations
