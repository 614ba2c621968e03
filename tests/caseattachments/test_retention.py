"""Retention (cases/retention.py) deletes a case's attachments with the case: rows and stored bytes."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import schema_context

from cases.attachments.actions import do_upload
from cases.attachments.models import Attachment
from cases.models import Case
from cases.retention import do_apply_retention, do_schedule_retention
from tests.factories import open_test_case

from .conftest import Cast, pdf_bytes, png_bytes, stored_files

pytestmark = pytest.mark.django_db


def _attach(cast: Cast, case: Case, compartment: str, data: bytes, part: str = "") -> Attachment:
    organisation = cast.aid if compartment == "counselling" else cast.police
    return do_upload(
        acting_user=None, organisation=organisation, case=case, compartment=compartment, counselling_part=part,
        kind="other", title="Dokument", data=data,
    )  # fmt: skip


def test_anonymising_a_case_deletes_its_attachments_and_their_bytes_and_no_other(
    cast: Cast, rosa: Case, attachment_store: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context("zh"):
        for compartment in ("core", "identity", "investigation", "residence"):
            _attach(cast, rosa, compartment, pdf_bytes())
        _attach(cast, rosa, "counselling", png_bytes(), part="medical")
        other = open_test_case(organisation=cast.police, pseudonym="Other")
        kept = _attach(cast, other, "core", pdf_bytes())
        assert len(stored_files(attachment_store)) == 6
        Case.objects.filter(pk=rosa.pk).update(status=Case.Status.CLOSED, closed_on=date(2026, 6, 30))
        rosa.refresh_from_db()
        do_schedule_retention(case=rosa)
        with django_capture_on_commit_callbacks(execute=True):
            assert do_apply_retention(today=date(2036, 6, 30)) == 1
        assert list(Attachment.objects.values_list("pk", flat=True)) == [kept.pk]
    (left,) = stored_files(attachment_store)
    assert left.name == kept.storage_key.split("/")[1]


def test_a_failed_anonymisation_keeps_the_bytes_of_the_rows_it_kept(
    cast: Cast, rosa: Case, attachment_store: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    from cases.attachments.actions import do_delete_case_attachments

    with schema_context("zh"):
        _attach(cast, rosa, "core", pdf_bytes())
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
            do_delete_case_attachments(case=rosa)
            raise RuntimeError("a later step of the anonymisation failed")
        assert Attachment.objects.filter(case=rosa).exists()
    assert len(stored_files(attachment_store)) == 1
