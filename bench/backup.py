"""Benchmark: backing up and restoring one canton with 10,000 cases (`make bench`).

Runs on the bench database (`<name>_bench` next to DATABASE_URL's, shared with the other
benchmarks). ZH gets 10,000 synthetic cases (counting/synthetic.py: identities with encrypted
fields, blind indexes, assessments, reflection periods, permits, notices, counselling), 100,000
audit entries and 100 sealed files of 64 KiB in a storage directory of the benchmark. Timed: `canton_backup ZH` and
`canton_restore --replace`, each against a bare baseline on the same data: pg_dump of the schema
alone, and dropping the schema and pg_restore of that dump alone (what any restore must pay; the
commands add the snapshot's inventory, the public rows, the files, the checksums and the comparison
of every table, sequence and the audit chain with the manifest). Writes bench-results/backup.json.
"""

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.deadlines import bench_database_url, ensure_database

CASES = 10_000
FILES = 100
# Ten reads of identity data per case: the chain every backup and restore recomputes.
AUDIT_ENTRIES = 100_000
FILE_BYTES = 64 * 1024
RESULTS = Path(__file__).resolve().parent.parent / "bench-results" / "backup.json"


def seed(schema: str) -> float:
    from django_tenants.utils import schema_context

    from cases.attachments import sealing
    from cases.models import Case
    from counting.synthetic import PREFIX, add_synthetic_cases, delete_synthetic_cases
    from ksmm.audit.actions import do_record_compartments
    from ksmm.audit.models import AuditAction, AuditEntry

    started = time.perf_counter()
    with schema_context(schema):
        if Case.objects.filter(case_number__contains=f"-{PREFIX}-").count() != CASES:
            delete_synthetic_cases()
            add_synthetic_cases(count=CASES)
        entries = AuditEntry.objects.count()
        while entries < AUDIT_ENTRIES:
            batch = min(1000, AUDIT_ENTRIES - entries)
            do_record_compartments(
                actor=None, action=AuditAction.READ, object_type="cases.case", object_id=str(entries),
                compartments=["identity"] * batch, purpose="bench",
            )  # fmt: skip
            entries += batch
    for _file in range(FILES):
        sealing.store(os.urandom(FILE_BYTES), schema=schema)
    return time.perf_counter() - started


def timed(work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    url = bench_database_url(os.environ.get("DATABASE_URL", "postgres://postgres@localhost/ksmm"))
    ensure_database(url)
    os.environ.update({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from ksmm.backups.backup import do_backup_canton
    from ksmm.backups.binaries import tools_for_current_server
    from ksmm.backups.database import run_tool
    from ksmm.backups.restore import do_restore_canton
    from ksmm.cantons.actions import do_provision_canton

    work = Path(tempfile.mkdtemp(prefix="ksmm-bench-backup-"))
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": work / "files"}}
    try:
        with override_settings(STORAGES={**django.conf.settings.STORAGES, "attachments": storage}):
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
            do_provision_canton(code="CH")
            schema = do_provision_canton(code="ZH").schema_name
            call_command("migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=0)
            connection.set_schema_to_public()
            seed_seconds = seed(schema)
            connection.set_schema_to_public()
            tools = tools_for_current_server()
            bare = work / "bare.dump"
            bare_dump, _ = timed(
                lambda: run_tool([tools.pg_dump, "--format=custom", f"--schema={schema}", f"--file={bare}"])
            )
            backup_seconds, archive = timed(lambda: do_backup_canton(code="ZH", output=work, progress=lambda _l: None))

            def bare_restore() -> None:
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
                run_tool([tools.pg_restore, "--single-transaction", "--no-owner", "--no-privileges",
                          f"--dbname={connection.settings_dict['NAME']}", bare])  # fmt: skip

            bare_restore_seconds, _ = timed(bare_restore)
            restore_seconds, _ = timed(
                lambda: do_restore_canton(path=archive, replace=True, progress=lambda _l: None)  # type: ignore[arg-type]
            )
            manifest = json.loads((Path(str(archive)) / "manifest.json").read_text())
            sizes = sum(p.stat().st_size for p in Path(str(archive)).rglob("*") if p.is_file())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = {
        "cases": CASES,
        "rows": sum(table["rows"] for table in manifest["state"]["tables"].values()),
        "tables": len(manifest["state"]["tables"]),
        "audit_entries": manifest["state"]["audit_entries"],
        "files": FILES,
        "archive_megabytes": round(sizes / 1e6, 1),
        "backup_seconds": round(backup_seconds, 2),
        "bare_pg_dump_seconds": round(bare_dump, 2),
        "backup_to_baseline_ratio": round(backup_seconds / bare_dump, 1),
        "restore_seconds": round(restore_seconds, 2),
        "bare_drop_and_pg_restore_seconds": round(bare_restore_seconds, 2),
        "restore_to_baseline_ratio": round(restore_seconds / bare_restore_seconds, 1),
        "pg_tools_major": tools.major,
        "seed_seconds": round(seed_seconds, 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
