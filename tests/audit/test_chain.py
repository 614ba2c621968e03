import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context

from ksmm.audit.actions import do_record
from ksmm.audit.chain import HASHED_FIELDS, canonical_time, entry_hash, verify_schema
from ksmm.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def three_entries_in(schema_name: str) -> list[AuditEntry]:
    with schema_context(schema_name):
        return [
            do_record(actor=None, action=AuditEntry.Action.READ, object_type="cases.case", object_id=str(number))
            for number in range(3)
        ]


def tamper(schema_name: str, sql: str, params: list[object]) -> None:
    """What a database superuser could do: switch the trigger off, change, switch it on again."""
    with schema_context(schema_name), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_or_delete")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update_or_delete")


def run_verify(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def test_an_untouched_chain_verifies() -> None:
    three_entries_in("zh")
    assert "zh: intact" in run_verify("--schema", "zh")


def test_every_schema_is_verified_by_default() -> None:
    three_entries_in("ge")
    output = run_verify()
    for name in ("public (federal)", "zh", "ge", "ti", "be", "ju"):
        assert f"{name}: intact" in output


def test_a_row_altered_with_the_trigger_disabled_is_found_by_audit_verify() -> None:
    _first, second, _third = three_entries_in("zh")
    tamper("zh", "UPDATE audit_auditentry SET purpose = 'nothing to see' WHERE id = %s", [second.pk])
    out = io.StringIO()
    with pytest.raises(CommandError, match="zh"):
        call_command("audit_verify", "--schema", "zh", stdout=out)
    assert f"zh: BROKEN at sequence {second.sequence}" in out.getvalue()


def test_a_broken_chain_in_one_canton_leaves_the_others_intact() -> None:
    _first, second, _third = three_entries_in("zh")
    three_entries_in("ge")
    tamper("zh", "UPDATE audit_auditentry SET object_id = '99' WHERE id = %s", [second.pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", "--all", stdout=out)
    assert f"zh: BROKEN at sequence {second.sequence}" in out.getvalue()
    assert "ge: intact" in out.getvalue()


def test_a_rehashed_forgery_breaks_the_link_to_the_next_entry() -> None:
    _first, second, third = three_entries_in("zh")
    second.purpose = "forged"
    forged_hash = entry_hash(second, schema_name="zh")
    tamper(
        "zh",
        "UPDATE audit_auditentry SET purpose = %s, entry_hash = %s WHERE id = %s",
        [second.purpose, forged_hash, second.pk],
    )
    report = verify_schema("zh")
    assert report.first_broken == third.sequence
    assert "previous hash" in report.reason


def test_a_deleted_row_shows_as_a_gap_at_the_next_sequence() -> None:
    _first, second, third = three_entries_in("zh")
    tamper("zh", "DELETE FROM audit_auditentry WHERE id = %s", [second.pk])
    report = verify_schema("zh")
    assert report.first_broken == third.sequence
    assert "gap" in report.reason


def test_an_unknown_schema_is_refused() -> None:
    with pytest.raises(CommandError, match="No such schema"):
        run_verify("--schema", "xx")


def hash_as_before_attribution(entry: AuditEntry, *, schema_name: str) -> str:
    """The hash of chain.py before entries named the kind of their actor."""
    payload = {name: getattr(entry, name) for name in HASHED_FIELDS}
    payload["occurred_at"] = canonical_time(entry.occurred_at)
    payload["schema"] = schema_name
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def test_an_entry_written_before_attribution_keeps_its_hash() -> None:
    [entry, *_rest] = three_entries_in("zh")
    entry.actor_kind = ""  # as every entry from before audit migration 0003
    assert entry_hash(entry, schema_name="zh") == hash_as_before_attribution(entry, schema_name="zh")


def test_the_hash_of_a_new_entry_covers_its_actor() -> None:
    [entry, *_rest] = three_entries_in("zh")
    assert entry.actor_kind == AuditEntry.ActorKind.SYSTEM
    assert entry.entry_hash != hash_as_before_attribution(entry, schema_name="zh")
    entry.actor_kind = ""  # passing a new entry off as an old one changes its hash
    assert entry_hash(entry, schema_name="zh") != entry.entry_hash
    entry.actor_kind, entry.actor_client_id = AuditEntry.ActorKind.CLIENT, 7
    assert entry_hash(entry, schema_name="zh") != entry.entry_hash


def test_a_forged_actor_is_found_by_audit_verify() -> None:
    _first, second, _third = three_entries_in("ge")
    tamper("ge", "UPDATE audit_auditentry SET actor_kind = 'unidentified', action = 'access_denied' WHERE id = %s",
           [second.pk])  # fmt: skip
    assert verify_schema("ge").first_broken == second.sequence
