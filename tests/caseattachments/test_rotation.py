"""Key rotation of attachment files (cases/rotation/attachments.py): each file is sealed again
under the new key version, opens with the new key alone, and the file of the old version is gone."""

import base64
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import schema_context

from cases.attachments import sealing
from cases.attachments.actions import do_upload
from cases.attachments.models import Attachment
from cases.encryption import DecryptionFailed
from cases.models import Case
from cases.rotation.runs import Part, do_rotate_keys

from .conftest import Cast, pdf_bytes, stored_files

pytestmark = pytest.mark.django_db

OLD = base64.urlsafe_b64encode(b"o" * 32).decode()
NEW = base64.urlsafe_b64encode(b"n" * 32).decode()


def test_files_are_sealed_again_under_the_new_key_and_the_old_files_removed(
    settings: Any, cast: Cast, rosa: Case, attachment_store: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.KSMM_FIELD_ENCRYPTION_KEYS = f"1:{OLD}"
    data = pdf_bytes()
    with schema_context("zh"):
        attachment = do_upload(
            acting_user=None, organisation=cast.police, case=rosa, compartment="core", counselling_part="",
            kind="other", title="Dokument", data=data,
        )  # fmt: skip
        old_key = attachment.storage_key
        (old_file,) = stored_files(attachment_store)
        assert old_file.read_bytes().startswith(b"ksmm-att-v1\n") and attachment.key_version == 1

        settings.KSMM_FIELD_ENCRYPTION_KEYS = f"2:{NEW},1:{OLD}"
        assert sealing.load(schema="zh", storage_key=old_key) == data  # read throughout
        with django_capture_on_commit_callbacks(execute=True):
            fields, files = do_rotate_keys(parts=[Part.FIELDS, Part.ATTACHMENTS])  # the title, the file
        assert (files.part, files.rewritten, files.remaining) == (Part.ATTACHMENTS, 1, 0)
        assert fields.remaining == 0

        settings.KSMM_FIELD_ENCRYPTION_KEYS = f"2:{NEW}"
        rotated = Attachment.objects.get(pk=attachment.pk)
        assert rotated.key_version == 2 and rotated.storage_key != old_key and rotated.title == "Dokument"
        assert sealing.load(schema="zh", storage_key=rotated.storage_key) == data
        (new_file,) = stored_files(attachment_store)
        assert new_file.read_bytes().startswith(b"ksmm-att-v2\n") and not old_file.exists()


def test_a_file_of_a_version_missing_from_the_ring_does_not_open(settings: Any) -> None:
    settings.KSMM_FIELD_ENCRYPTION_KEYS = f"1:{OLD}"
    sealed = sealing.seal(b"data", schema="zh", storage_key="zh/x")
    settings.KSMM_FIELD_ENCRYPTION_KEYS = f"2:{NEW}"
    with pytest.raises(DecryptionFailed, match="key version 1"):
        sealing.unseal(sealed, schema="zh", storage_key="zh/x")
