"""The restore drill of issue 19: back up ZH, change, delete and add data, restore, and find every
row, sequence, file and the audit chain as they were, the encrypted fields readable, GE untouched.

No `db` fixture: pg_dump and pg_restore are other processes and see committed rows only (conftest).
"""

import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django_tenants.utils import schema_context

from cases.attachments import sealing
from cases.attachments.models import Attachment
from cases.models import Case, CounsellingEntry, Identity
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.backups.database import schema_present
from ksmm.cantons.models import Canton
from ksmm.partners.models import Organisation
from tests.backups.conftest import Drill, fingerprint
from tests.factories import open_test_case


@pytest.fixture
def unblocked(django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def run(*arguments: str) -> str:
    out = io.StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


def backup(drill: Drill, code: str = "ZH", command: str = "canton_backup") -> Path:
    return Path(run(command, code, "--output", str(drill.archives)).strip().splitlines()[-1])


def chain_line() -> str:
    return run("audit_verify", "--schema", "zh").strip()


def readable_names() -> dict[int, str]:
    with schema_context("zh"):
        return dict(Identity.objects.values_list("case_id", "official_name"))


def unsealed_attachments() -> dict[str, bytes]:
    with schema_context("zh"):
        keys = Attachment.objects.values_list("storage_key", flat=True)
        return {key: sealing.load(schema="zh", storage_key=key) for key in keys}


def test_the_restore_drill_brings_back_every_row_sequence_file_and_the_audit_head_and_leaves_ge_alone(
    drill: Drill, unblocked: None
) -> None:
    before, ge_before = fingerprint("zh", storage=drill.storage), fingerprint("ge", storage=drill.storage)
    names, files = readable_names(), unsealed_attachments()
    assert {drill.names[pk] for pk in drill.cases} <= set(names.values()) and len(files) >= 3
    archive = backup(drill)
    manifest = json.loads((archive / "manifest.json").read_text())
    assert manifest["state"]["audit_head"] in chain_line()

    with schema_context("zh"):
        first, second, third = (Case.objects.get(pk=pk) for pk in drill.cases)
        Identity.objects.filter(case=first).update(official_name="Changed Name")
        Organisation.objects.filter(name="Drill Opferhilfe").update(name="Renamed")
        CounsellingEntry.objects.filter(case=second).delete()
        aid = Organisation.objects.get(name="Renamed")
        open_test_case(organisation=aid, pseudonym="Added", opened_on=date(2026, 3, 5))
        do_record(actor=None, action=AuditAction.READ, obj=third, compartment="identity", purpose="drill")
        (drill.storage / Attachment.objects.filter(case=third).get().storage_key).unlink()
    assert fingerprint("zh", storage=drill.storage) != before

    output = run("canton_restore", str(archive), "--replace")

    after = fingerprint("zh", storage=drill.storage)
    assert after.tables == before.tables  # every row of every table
    assert after.sequences == before.sequences
    assert after.files == before.files  # the sealed files, byte for byte
    line = chain_line()
    assert line.startswith("zh: intact") and line.endswith(manifest["state"]["audit_head"])
    assert readable_names() == names and unsealed_attachments() == files
    assert fingerprint("ge", storage=drill.storage) == ge_before
    for secret in (*drill.names.values(), drill.only_zh_email, "Drill Opferhilfe", "Notiz"):
        assert secret not in output


def test_an_exported_canton_is_removed_without_a_trace_and_comes_back_whole_into_an_installation_without_it(
    drill: Drill, unblocked: None
) -> None:
    before, ge_before = fingerprint("zh", storage=drill.storage), fingerprint("ge", storage=drill.storage)
    names, canton_id = readable_names(), Canton.objects.get(code="ZH").pk
    archive = backup(drill, command="canton_export")
    assert "schema.dump" in (archive / "README.txt").read_text()

    run("canton_remove", "ZH", "--confirm", "ZH", "--export-checked", str(archive))

    assert not Canton.objects.filter(code="ZH").exists()
    assert not (drill.storage / "zh").exists() or not any((drill.storage / "zh").rglob("*"))
    assert traces_of(["Drill Opferhilfe", "Drill Kantonspolizei", drill.only_zh_email, "zh:organisation:"]) == []
    assert traces_of([drill.both_email]) != []  # also a member in GE: kept
    assert fingerprint("ge", storage=drill.storage) == ge_before

    output = run("canton_restore", str(archive))

    assert "users: 1 kept, 1 added" in output
    zh = Canton.objects.get(code="ZH")
    assert zh.is_active and zh.schema_name == "zh" and zh.domains.filter(domain__startswith="zh.").exists()
    assert zh.pk == canton_id  # its id was free: taken again
    after = fingerprint("zh", storage=drill.storage)
    assert (after.tables, after.sequences, after.files) == (before.tables, before.sequences, before.files)
    assert chain_line().endswith(json.loads((archive / "manifest.json").read_text())["state"]["audit_head"])
    assert readable_names() == names
    assert fingerprint("ge", storage=drill.storage) == ge_before


def traces_of(needles: list[str]) -> list[str]:
    """Every table of every schema whose rows contain one of `needles` in their text."""
    found = []
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg_%'"
        )
        for schema, table in cursor.fetchall():
            for needle in needles:
                cursor.execute(
                    f"SELECT 1 FROM {q(schema)}.{q(table)} r WHERE strpos(r::text, %s) > 0 LIMIT 1",  # noqa: S608 - names from the catalogue
                    [needle],
                )
                if cursor.fetchone():
                    found.append(f"{schema}.{table}: {needle}")
    return found


def tampered(drill: Drill, archive: Path, name: str) -> Path:
    copy = drill.archives / f"{name}-{archive.name}"
    shutil.copytree(archive, copy)
    return copy


def test_a_damaged_or_padded_archive_is_refused_before_anything_changes(drill: Drill, unblocked: None) -> None:
    archive = backup(drill)
    before = fingerprint("zh", storage=drill.storage)
    damaged = tampered(drill, archive, "damaged")
    dump = damaged / "schema.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=r"Checksum mismatch: schema.dump"):
        run("canton_restore", str(damaged), "--replace")
    padded = tampered(drill, archive, "padded")
    (padded / "files" / "extra").write_bytes(b"x")
    with pytest.raises(CommandError, match="not in its manifest"):
        run("canton_restore", str(padded), "--replace")
    assert fingerprint("zh", storage=drill.storage) == before


def edit_manifest(drill: Drill, archive: Path, name: str, change) -> Path:  # type: ignore[no-untyped-def]
    copy = tampered(drill, archive, name)
    manifest = json.loads((copy / "manifest.json").read_text())
    change(manifest)
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


def test_a_canton_is_restored_under_its_own_schema_name_only(drill: Drill, unblocked: None) -> None:
    archive = backup(drill)
    renamed = edit_manifest(drill, archive, "renamed", lambda m: m.update(schema="zx"))
    with pytest.raises(CommandError, match=r"The dump holds schema\(s\) \['zh'\], the manifest names zx"):
        run("canton_restore", str(renamed), "--replace")
    with transaction.atomic():
        Canton.objects.filter(code="ZH").update(schema_name="zh_elsewhere")
        with pytest.raises(CommandError, match="bound to the schema name"):
            run("canton_restore", str(archive), "--replace")
        transaction.set_rollback(True)
    with pytest.raises(CommandError, match="Schema zh exists; restore over it with --replace"):
        run("canton_restore", str(archive))


def test_an_archive_of_another_migration_state_is_refused_with_the_way_out(drill: Drill, unblocked: None) -> None:
    archive = backup(drill)
    older = edit_manifest(drill, archive, "older", lambda m: m["state"]["migrations"].pop())
    with pytest.raises(CommandError, match=r"another migration state .*1 migrations of this code missing"):
        run("canton_restore", str(older), "--replace")
    newer = edit_manifest(drill, archive, "newer", lambda m: m["state"]["migrations"].append("cases.9999_future"))
    with pytest.raises(CommandError, match=r"1 unknown to it, e.g. cases.9999_future"):
        run("canton_restore", str(newer), "--replace")


def test_a_canton_changed_since_its_export_is_not_removed(drill: Drill, unblocked: None) -> None:
    archive = backup(drill, command="canton_export")
    with schema_context("zh"):
        do_record(actor=None, action=AuditAction.READ, object_type="cases.case", object_id="1", purpose="drill")
    with pytest.raises(CommandError, match=r"changed since the export .*export it again"):
        run("canton_remove", "ZH", "--confirm", "ZH", "--export-checked", str(archive))
    with pytest.raises(CommandError, match="Confirm the removal with --confirm ZH"):
        run("canton_remove", "ZH", "--confirm", "GE", "--export-checked", str(archive))
    with pytest.raises(CommandError, match=r"The archive holds GE \(schema ge\), not ZH \(zh\)"):
        run("canton_remove", "ZH", "--confirm", "ZH", "--export-checked", str(backup(drill, "GE")))
    assert Canton.objects.filter(code="ZH", is_active=True).exists()


def test_a_restore_that_does_not_match_its_manifest_puts_the_old_schema_back(drill: Drill, unblocked: None) -> None:
    archive = backup(drill)
    lying = edit_manifest(drill, archive, "lying", lambda m: m["state"].update(audit_head="f" * 64))
    with schema_context("zh"):
        do_record(actor=None, action=AuditAction.READ, object_type="cases.case", object_id="1", purpose="drill")
    before = fingerprint("zh", storage=drill.storage)

    with pytest.raises(CommandError, match="The restored schema differs from the manifest in: audit head"):
        run("canton_restore", str(lying), "--replace")

    assert fingerprint("zh", storage=drill.storage) == before
    assert Canton.objects.get(code="ZH").is_active
    assert not schema_present("zh__replaced")
