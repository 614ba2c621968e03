"""Key rotation (cases/encryption.py, cases/rotation/): old ciphertext stays readable, an unknown
version fails clearly, the key ring is checked, and a rotation rewrites everything, resumes after
an interruption and leaves data readable with the new key alone."""

import base64
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import schema_context

from cases.encryption import (
    DecryptionFailed,
    blind_index,
    check_master_key,
    current_key_version,
    decrypt,
    encrypt,
)
from cases.identity import IdentityData, do_save_identity
from cases.models import (
    BlindIndexEntry,
    Case,
    CounsellingEntry,
    CounsellingPart,
    DuplicateFlag,
    Identity,
    KeyRotation,
)
from cases.queries import CaseSearch, search_cases
from cases.rotation.fields import encrypted_tables
from cases.rotation.runs import Part, do_rotate_keys, rotation_status
from ksmm.audit.models import AuditEntry
from tests.factories import open_test_case

from .conftest import Cast

pytestmark = pytest.mark.django_db

OLD = base64.urlsafe_b64encode(b"o" * 32).decode()
NEW = base64.urlsafe_b64encode(b"n" * 32).decode()


def _ring(settings: Any, keys: str) -> None:
    settings.KSMM_FIELD_ENCRYPTION_KEYS = keys


def _stored(table: str, column: str, case: Case) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE case_id = %s", [case.pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_ciphertext_written_before_rotation_is_read_with_the_new_ring(settings: Any) -> None:
    settings.KSMM_FIELD_ENCRYPTION_KEY = OLD
    old = encrypt("Muster", schema="zh")
    assert old.startswith("v1:")
    _ring(settings, f"2:{NEW},1:{OLD}")
    assert decrypt(old, schema="zh") == "Muster"
    new = encrypt("Muster", schema="zh")
    assert new.startswith("v2:") and current_key_version() == 2
    assert decrypt(new, schema="zh") == "Muster"


def test_a_version_missing_from_the_ring_raises_without_naming_the_value(settings: Any) -> None:
    _ring(settings, f"1:{OLD}")
    old = encrypt("Muster", schema="zh")
    _ring(settings, f"2:{NEW}")
    with pytest.raises(DecryptionFailed, match="key version 1") as raised:
        decrypt(old, schema="zh")
    assert "Muster" not in str(raised.value) and OLD not in str(raised.value)
    with pytest.raises(DecryptionFailed, match="not ciphertext"):
        decrypt("x9:abc", schema="zh")


def test_the_same_key_under_another_version_does_not_open_the_value(settings: Any) -> None:
    _ring(settings, f"3:{OLD}")
    token = encrypt("Muster", schema="zh")
    with pytest.raises(DecryptionFailed):
        decrypt("v1:" + token.removeprefix("v3:"), schema="zh")  # no version 1 in the ring


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (f"2:{NEW},2:{OLD}", "appears twice"),
        (f"2:{base64.urlsafe_b64encode(b'short').decode()}", "must be 32 bytes"),
        (f"two:{NEW}", "<version>:<base64 key>"),
        (f"0:{NEW}", "from 1 to"),
        ("2:not base64!", "32 bytes|base64"),
    ],
)
def test_the_system_check_refuses_a_malformed_ring(settings: Any, keys: str, message: str) -> None:
    _ring(settings, keys)
    (error,) = check_master_key()
    assert error.id == "cases.E001"
    assert re.search(message, error.msg)
    assert NEW not in error.msg and OLD not in error.msg


def test_the_system_check_accepts_a_ring_and_the_single_key_of_an_old_installation(settings: Any) -> None:
    _ring(settings, f"2:{NEW},1:{OLD}")
    assert check_master_key() == []
    _ring(settings, "")
    settings.KSMM_FIELD_ENCRYPTION_KEY = OLD
    assert check_master_key() == [] and current_key_version() == 1


def test_every_encrypted_field_is_found_by_walking_the_models() -> None:
    found = {table.label: set(table.columns) for table in encrypted_tables()}
    assert found["cases.Identity"] == {"official_name", "first_name", "aliases", "date_of_birth", "interpreter_notes"}
    assert "text" in found["cases.CounsellingEntry"]
    assert "title" in found["caseattachments.Attachment"]
    assert "address" in found["operations.PlannedOperation"]


def _identity(case: Case, name: str, born: str) -> None:
    do_save_identity(
        acting_user=None, case=case, data=IdentityData(official_name=name, first_name="Anna", date_of_birth=born)
    )


def test_a_rotation_rewrites_fields_and_index_and_leaves_them_readable_with_the_new_key_alone(
    settings: Any, cast: Cast, rosa: Case
) -> None:
    _ring(settings, f"1:{OLD}")
    with schema_context("zh"):
        _identity(rosa, "Muster", "1990-04-17")
        CounsellingEntry.objects.create(
            case=rosa, author_organisation=cast.aid, part=CounsellingPart.NOTES, occurred_on="2026-03-02", text="Notiz"
        )
        assert set(BlindIndexEntry.objects.filter(case=rosa).values_list("key_version", flat=True)) == {1}
        _ring(settings, f"2:{NEW},1:{OLD}")
        # Before the rotation: the search and the duplicate check find the case of version 1.
        police = cast.membership(cast.polly)
        assert list(search_cases(membership=police, search=CaseSearch(name="Anna Muster", birth="1990"))) == [rosa]
        twin = open_test_case(organisation=cast.police, pseudonym="Zwilling")
        _identity(twin, "Muster", "1990-04-17")
        assert set(BlindIndexEntry.objects.filter(case=twin).values_list("key_version", flat=True)) == {1, 2}
        assert {flag.other_case_id for flag in DuplicateFlag.objects.filter(case=twin)} == {rosa.pk}

        results = do_rotate_keys()
        assert {result.part: result.remaining for result in results} == {
            Part.FIELDS: 0, Part.ATTACHMENTS: 0, Part.BLIND_INDEX: 0
        }  # fmt: skip
        assert _stored("cases_identity", "official_name", rosa).startswith("v2:")
        assert _stored("cases_counsellingentry", "text", rosa).startswith("v2:")
        assert BlindIndexEntry.objects.filter(case=rosa, key_version=2).exists()

        _ring(settings, f"2:{NEW}")
        assert do_rotate_keys(parts=[Part.BLIND_INDEX])[0].rewritten == 2  # the version-1 digests pruned
        assert set(BlindIndexEntry.objects.values_list("key_version", flat=True)) == {2}
        assert Identity.objects.get(case=rosa).official_name == "Muster"
        assert CounsellingEntry.objects.get(case=rosa).text == "Notiz"
        found = search_cases(membership=police, search=CaseSearch(name="Muster Anna", birth="1990-04"))
        assert set(found) == {rosa, twin}
        third = open_test_case(organisation=cast.police, pseudonym="Dritte")
        _identity(third, "Muster", "1990-04-17")
        assert {flag.other_case_id for flag in DuplicateFlag.objects.filter(case=third)} == {rosa.pk, twin.pk}


def test_digests_differ_between_key_versions(settings: Any) -> None:
    _ring(settings, f"2:{NEW},1:{OLD}")
    assert blind_index("name", "anna muster", schema="zh") == blind_index("name", "anna muster", schema="zh", version=2)
    assert blind_index("name", "anna muster", schema="zh") != blind_index("name", "anna muster", schema="zh", version=1)


def test_an_interrupted_rotation_resumes_where_the_data_stands(settings: Any, cast: Cast) -> None:
    _ring(settings, f"1:{OLD}")
    with schema_context("zh"):
        cases = [open_test_case(organisation=cast.police, pseudonym=f"P{n}") for n in range(5)]
        for n, case in enumerate(cases):
            _identity(case, f"Name{n}", "1985")
        _ring(settings, f"2:{NEW},1:{OLD}")

        class Interrupted(Exception):
            pass

        def stop_after_two(part: str, rewritten: int, remaining: int) -> None:
            if rewritten >= 2:
                raise Interrupted

        with pytest.raises(Interrupted):
            do_rotate_keys(parts=[Part.FIELDS], size=1, report=stop_after_two)
        stopped = KeyRotation.objects.get(part=Part.FIELDS)
        assert stopped.state == KeyRotation.State.RUNNING and stopped.rewritten == 2
        assert [status.remaining for status in rotation_status() if status.part == Part.FIELDS] == [3]

        (result,) = do_rotate_keys(parts=[Part.FIELDS], size=2)
        assert result.remaining == 0 and result.rewritten == 5  # two before, three now
        finished = KeyRotation.objects.get(part=Part.FIELDS)
        assert finished.state == KeyRotation.State.FINISHED and finished.finished_at is not None
        purposes = list(
            AuditEntry.objects.filter(object_type="cases.keyrotation")
            .order_by("sequence")
            .values_list("purpose", flat=True)
        )
        assert purposes == ["key rotation started", "key rotation resumed", "key rotation finished"]
        # Nothing is left to do: a further run rewrites nothing.
        assert do_rotate_keys(parts=[Part.FIELDS])[0].rewritten == 0


def test_the_commands_rotate_a_canton_and_report_what_is_left(settings: Any, cast: Cast, rosa: Case) -> None:
    _ring(settings, f"1:{OLD}")
    with schema_context("zh"):
        _identity(rosa, "Muster", "1990")
    _ring(settings, f"2:{NEW},1:{OLD}")
    status = StringIO()
    with pytest.raises(CommandError, match="ZH fields"):
        call_command("key_rotation_status", canton=["ZH"], stdout=status)
    assert "ZH fields: never rotated, 0 rewritten, 1 left" in status.getvalue()
    out = StringIO()
    call_command("rotate_keys", canton=["zh"], stdout=out, stderr=StringIO())
    assert "Current key version 2 (ring: 2, 1)." in out.getvalue()
    assert "ZH fields: 1 rewritten, 0 left" in out.getvalue()
    status = StringIO()
    call_command("key_rotation_status", canton=["ZH"], stdout=status)
    assert "ZH blind_index: finished to version 2, 1 rewritten, 0 left" in status.getvalue()
    assert "Muster" not in out.getvalue() + status.getvalue()
    with pytest.raises(CommandError, match="No canton with a schema: XX"):
        call_command("rotate_keys", canton=["XX"], stdout=StringIO())
