"""Putting one canton back from its archive, into the same installation or a fresh one.

Every check that can refuse runs before anything is written: checksums, the dump's schema, the
migrations, the schema name the canton's keys are bound to, the public rows. The existing schema
is then renamed aside, pg_restore recreates the canton's schema in a single transaction, and the
result is compared with the manifest (every table's row count and row digest, every sequence,
the audit chain intact with the archived head); only then is the old schema dropped. Any failure
puts the old schema back. No other schema, file prefix or canton's public row is touched.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.hosts import bump_registry_version
from ksmm.cantons.models import Canton

from .archive import DUMP, FILES, Archive, ArchiveRefused, dumped_schemas, open_archive
from .binaries import PgTools, tools_for_current_server
from .database import Progress, ToolFailed, code_migrations, recorded_migrations, run_tool, schema_present
from .files import do_put_back
from .inventory import differences, schema_state
from .public_rows import MergeReport, PublicRowsConflict, do_merge_public_rows

ASIDE_SUFFIX = "__replaced"


@dataclass(frozen=True)
class RestoreReport:
    code: str
    schema: str
    merged: MergeReport
    files_written: int
    files_deleted: int


def check_restorable(*, archive: Archive, tools: PgTools, replace: bool) -> None:
    """Refuses, with the reason, an archive that cannot be restored here as it stands."""
    schema = archive.schema
    dumped = dumped_schemas(pg_restore=tools.pg_restore, dump=archive.path / DUMP)
    if dumped != {schema}:
        raise ArchiveRefused(f"The dump holds schema(s) {sorted(dumped)}, the manifest names {schema}.")
    missing = code_migrations() - set(archive.state["migrations"])
    unknown = set(archive.state["migrations"]) - code_migrations()
    if missing or unknown:
        raise ArchiveRefused(
            f"The archive was taken at another migration state ({len(missing)} migrations of this code missing,"
            f" {len(unknown)} unknown to it, e.g. {sorted(missing or unknown)[0]}): restore it with the ksmm"
            f" version that wrote it ({archive.manifest['ksmm_version']}), then migrate."
        )
    if set(archive.manifest["public_migrations"]) != set(recorded_migrations(schema="public")):
        raise ArchiveRefused("The public schema here is at another migration state than where the archive was taken.")
    canton = Canton.objects.filter(code=archive.code).first()
    if canton is not None and canton.schema_name != schema:
        raise ArchiveRefused(
            f"{archive.code} lives in schema {canton.schema_name} here, the archive in {schema}: encrypted fields"
            " and files are bound to the schema name, so a canton is restored under its own name only."
        )
    if schema_present(schema) and not replace:
        raise ArchiveRefused(f"Schema {schema} exists; restore over it with --replace.")
    if schema_present(schema + ASIDE_SUFFIX):
        raise ArchiveRefused(
            f"Schema {schema + ASIDE_SUFFIX} is left from an interrupted restore; inspect and drop it."
        )


def do_restore_canton(*, path: Path, replace: bool, progress: Progress) -> RestoreReport:
    """Restores the archive at `path`; refuses before writing anything when it cannot (ArchiveRefused)."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' wrapper
    progress(f"verifying the checksums of {path.name}")
    archive = open_archive(path)
    tools = tools_for_current_server()
    check_restorable(archive=archive, tools=tools, replace=replace)
    code, schema = archive.code, archive.schema
    report = MergeReport()
    rows = archive.public_rows()
    with transaction.atomic():
        try:
            canton = do_merge_public_rows(rows=rows, report=report)
        except PublicRowsConflict as error:
            raise ArchiveRefused(str(error)) from error
        was_active = canton.is_active if report.kept.get("cantons") else bool(rows["canton"]["is_active"])
        Canton.objects.filter(pk=canton.pk).update(is_active=False)  # off the air while it is replaced
    bump_registry_version()
    progress(f"{code}: public rows merged ({report.line()})")
    try:
        _swap_in_schema(archive=archive, tools=tools, progress=progress)
    finally:
        if was_active:
            Canton.objects.filter(pk=canton.pk).update(is_active=True)
            bump_registry_version()
    progress(f"{code}: putting the sealed files back")
    written, deleted = do_put_back(schema=schema, source=archive.path / FILES, archived=archive.files())
    do_record(actor=None, action=AuditAction.UPDATE, object_type="cantons.canton", object_id=code,
              purpose="canton restore")  # fmt: skip
    head = archive.state["audit_head"][:12]
    progress(f"{code}: restored, audit head {head}, {written} files written, {deleted} removed")
    return RestoreReport(code=code, schema=schema, merged=report, files_written=written, files_deleted=deleted)


def _swap_in_schema(*, archive: Archive, tools: PgTools, progress: Progress) -> None:
    """The old schema aside, the archived one restored and compared with the manifest, then the
    old one dropped; on any failure the old one back under its name."""
    code, schema = archive.code, archive.schema
    aside = schema + ASIDE_SUFFIX if schema_present(schema) else ""
    try:
        if aside:
            _execute(f"ALTER SCHEMA {_q(schema)} RENAME TO {_q(aside)}")
        progress(f"{code}: restoring schema {schema}")
        run_tool([tools.pg_restore, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                  f"--dbname={connection.settings_dict['NAME']}", archive.path / DUMP])  # fmt: skip
        progress(f"{code}: comparing every table, sequence and the audit chain with the manifest")
        found = differences(expected=archive.state, actual=schema_state(schema=schema).as_json())
        if found:
            raise ArchiveRefused(f"The restored schema differs from the manifest in: {', '.join(found[:10])}.")
    except (ArchiveRefused, ToolFailed, ValueError):
        _put_back(schema=schema, aside=aside)
        raise
    finally:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
    if aside:
        _execute(f"DROP SCHEMA {_q(aside)} CASCADE")


def _put_back(*, schema: str, aside: str) -> None:
    """Undoes a failed replacement: the restored schema goes, the old one takes its name again."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    # The schema did not exist (fresh restore) or was renamed aside: whatever holds its name now
    # is this restore's work.
    _execute(f"DROP SCHEMA IF EXISTS {_q(schema)} CASCADE")
    if aside:
        _execute(f"ALTER SCHEMA {_q(aside)} RENAME TO {_q(schema)}")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _execute(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)
