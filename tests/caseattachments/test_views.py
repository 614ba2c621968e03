"""Attachments on the pages: upload and download of every type, encryption at rest, the content
and size checks, the compartments and counselling parts, deletion with its reason, the audit."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.attachments.access import OBJECT_TYPE
from cases.attachments.models import Attachment
from cases.consents import do_record_consent
from cases.models import Case, Consent
from ksmm.audit.models import AuditEntry
from tests.conftest import canton_client
from tests.forms_markup import dangling_describedby
from tests.queries import assert_statements

from .conftest import FILES, MARKER, Cast, client_for, jpeg_bytes, pdf_bytes, png_bytes, stored_files

pytestmark = pytest.mark.django_db


def upload_url(case: Case, compartment: str) -> str:
    return reverse("caseattachments:upload", args=[case.pk, compartment])


def list_url(case: Case) -> str:
    return reverse("caseattachments:list", args=[case.pk])


def download_url(attachment: Attachment) -> str:
    return reverse("caseattachments:download", args=[attachment.case_id, attachment.pk])


def delete_url(attachment: Attachment) -> str:
    return reverse("caseattachments:delete", args=[attachment.case_id, attachment.pk])


def post_upload(
    client: Client, case: Case, compartment: str, *, name: str, data: bytes, kind: str = "other", **extra: str
) -> Any:
    fields = {f"{compartment}-kind": kind, f"{compartment}-title": extra.pop("title", "Signed form"), **extra}
    fields[f"{compartment}-file"] = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(upload_url(case, compartment), fields)


def only_attachment() -> Attachment:
    with schema_context("zh"):
        return Attachment.objects.get()


@pytest.mark.parametrize(("name", "build", "content_type"), FILES)
def test_every_allowed_type_goes_up_and_comes_back_unchanged_but_lies_encrypted_on_disk(
    cast: Cast, rosa: Case, attachment_store: Path, *, name: str, build: Callable[[], bytes], content_type: str
) -> None:
    police = client_for(cast.polly)
    data = build()
    response = post_upload(police, rosa, "investigation", name=name, data=data)
    assert response.status_code == 302
    attachment = only_attachment()
    assert (attachment.content_type, attachment.size, attachment.compartment) == (
        content_type,
        len(data),
        "investigation",
    )
    assert attachment.storage_key.startswith("zh/") and name.split(".", maxsplit=1)[0] not in attachment.storage_key
    (stored,) = stored_files(attachment_store)
    assert MARKER.encode() not in stored.read_bytes() and data not in stored.read_bytes()
    download = police.get(download_url(attachment))
    assert download.status_code == 200
    assert download.content == data
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("attachment;")
    # The saved file is named by case number, kind and id; the title may name the person.
    saved_as = f"{rosa.case_number}-{attachment.kind.replace('_', '-')}-{attachment.pk}.{attachment.extension}"
    assert download["Content-Disposition"] == f'attachment; filename="{saved_as}"'
    assert download["X-Content-Type-Options"] == "nosniff" and "no-store" in download["Cache-Control"]


def test_a_download_is_audited_with_actor_case_and_attachment_and_the_title_stays_encrypted(
    cast: Cast, rosa: Case
) -> None:
    police = client_for(cast.polly)
    post_upload(police, rosa, "investigation", name="x.pdf", data=pdf_bytes(), title="Befragung Maria Muster")
    attachment = only_attachment()
    assert police.get(download_url(attachment)).status_code == 200
    with schema_context("zh"):
        entry = AuditEntry.objects.filter(object_type=OBJECT_TYPE, action="read").get()
        created = AuditEntry.objects.filter(object_type=OBJECT_TYPE, action="create").get()
    assert (entry.actor_user_id, entry.object_id, entry.compartment) == (
        cast.polly.pk,
        str(attachment.pk),
        "investigation",
    )
    assert entry.purpose == f"attachment download, case {rosa.pk}"
    assert "Maria" not in entry.purpose and "Maria" not in created.purpose
    with schema_context("zh"), connection.cursor() as cursor:  # the title is encrypted at rest
        cursor.execute("SELECT title FROM caseattachments_attachment")
        (stored,) = cursor.fetchone()
    assert "Maria" not in stored and stored.startswith("v1:")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Vollmacht.pdf", b"MZ\x90\x00 an executable"),
        ("Vollmacht.pdf", b"<html><body>phishing</body></html>"),
        ("Vollmacht.pdf", png_bytes()),
        ("Vollmacht.png", jpeg_bytes()),
        ("Vollmacht.exe", pdf_bytes()),
    ],
)
def test_a_file_whose_name_lies_about_its_content_is_refused_and_the_input_kept(
    cast: Cast, rosa: Case, attachment_store: Path, *, name: str, data: bytes
) -> None:
    response = post_upload(client_for(cast.polly), rosa, "investigation", name=name, data=data, title="Kept title")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file&#x27;s name ends in ." in page and 'role="alert"' in page and "Kept title" in page
    assert not dangling_describedby(page)
    with schema_context("zh"):
        assert not Attachment.objects.exists()
    assert stored_files(attachment_store) == []


def test_a_file_over_20_mb_is_refused_with_a_clear_message_not_kept_and_the_title_kept(
    cast: Cast, rosa: Case, attachment_store: Path
) -> None:
    big = pdf_bytes() + b"0" * (21 * 1024 * 1024)
    response = post_upload(client_for(cast.polly), rosa, "investigation", name="big.pdf", data=big, title="Akte")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file is larger than 20 MB." in page and 'value="Akte"' in page
    with schema_context("zh"):
        assert not Attachment.objects.exists()
    assert stored_files(attachment_store) == []


def test_a_file_of_exactly_20_mb_is_accepted(cast: Cast, rosa: Case) -> None:
    head = pdf_bytes()
    data = head + b"0" * (20 * 1024 * 1024 - len(head))
    assert post_upload(client_for(cast.polly), rosa, "investigation", name="a.pdf", data=data).status_code == 302
    assert only_attachment().size == 20 * 1024 * 1024


def test_a_reader_without_the_compartment_gets_404_and_the_refusal_is_audited(cast: Cast, rosa: Case) -> None:
    post_upload(client_for(cast.polly), rosa, "investigation", name="r.pdf", data=pdf_bytes(), kind="interview_record")
    attachment = only_attachment()
    migration = client_for(cast.mia)
    assert migration.get(list_url(rosa)).status_code == 200  # a party: reads the case, not the investigation
    assert "Signed form" not in migration.get(list_url(rosa)).content.decode()
    assert migration.get(download_url(attachment)).status_code == 404
    with schema_context("zh"):
        refused = AuditEntry.objects.filter(action="access_denied", actor_user_id=cast.mia.pk).get()
        assert not AuditEntry.objects.filter(action="read", object_type=OBJECT_TYPE).exists()
    assert (refused.object_type, refused.object_id, refused.compartment) == (
        OBJECT_TYPE,
        str(attachment.pk),
        "investigation",
    )


def test_a_missing_attachment_answers_as_an_unreadable_one(cast: Cast, rosa: Case) -> None:
    url = reverse("caseattachments:download", args=[rosa.pk, 999999])
    assert client_for(cast.polly).get(url).status_code == 404


def test_counselling_attachments_stay_with_victim_aid_until_a_consent_opens_their_part(cast: Cast, rosa: Case) -> None:
    aid = client_for(cast.vera)
    for part, title in (("medical", "Arztbericht"), ("accommodation", "Mietvertrag Schutzhaus")):
        response = post_upload(
            aid, rosa, "counselling", name="c.pdf", data=pdf_bytes(), kind="consent_form", title=title,
            **{"counselling-counselling_part": part},
        )  # fmt: skip
        assert response.status_code == 302
    with schema_context("zh"):
        medical = Attachment.objects.get(counselling_part="medical")
        accommodation = Attachment.objects.get(counselling_part="accommodation")
    police = client_for(cast.polly)
    for page in (list_url(rosa), reverse("cases:detail", args=[rosa.pk])):
        text = police.get(page).content.decode()
        assert "Arztbericht" not in text and "Mietvertrag" not in text
    assert police.get(download_url(medical)).status_code == 404
    with schema_context("zh"):
        do_record_consent(
            acting_user=cast.vera, organisation=cast.aid, case=rosa, recipient=cast.police, purpose="Anzeige",
            scope=["medical"], basis=Consent.Basis.CONSENT, given_on=date(2026, 3, 1), justification="",
        )  # fmt: skip
    text = police.get(list_url(rosa)).content.decode()
    assert "Arztbericht" in text and "Mietvertrag" not in text
    assert police.get(download_url(medical)).status_code == 200
    assert police.get(download_url(accommodation)).status_code == 404
    # Reading by consent is not writing: the police add nothing to the counselling.
    response = post_upload(
        police, rosa, "counselling", name="p.pdf", data=pdf_bytes(), **{"counselling-counselling_part": "medical"}
    )
    assert response.status_code == 403


def test_a_counselling_attachment_needs_its_part(cast: Cast, rosa: Case) -> None:
    response = post_upload(client_for(cast.vera), rosa, "counselling", name="c.pdf", data=pdf_bytes())
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("compartment", "kind", "message"),
    [
        ("core", "identity_document", "An identity document belongs to the identity compartment."),
        ("investigation", "permit_decision", "A permit decision belongs to the residence compartment."),
        ("identity", "interview_record", "An interview record belongs to the investigation compartment."),
    ],
)
def test_a_document_filed_where_more_readers_would_see_it_is_refused(
    cast: Cast, rosa: Case, compartment: str, kind: str, message: str
) -> None:
    response = post_upload(client_for(cast.polly), rosa, compartment, name="p.png", data=png_bytes(), kind=kind)
    assert response.status_code == 400
    with schema_context("zh"):
        assert not Attachment.objects.exists()


def test_only_the_uploading_organisation_deletes_and_its_reason_is_audited(
    cast: Cast, rosa: Case, attachment_store: Path, django_capture_on_commit_callbacks: Any
) -> None:
    post_upload(client_for(cast.polly), rosa, "investigation", name="r.pdf", data=pdf_bytes())
    attachment = only_attachment()
    prosecution = client_for(cast.piet)  # reads and writes the investigation, did not upload it
    assert prosecution.get(download_url(attachment)).status_code == 200
    assert prosecution.get(delete_url(attachment)).status_code == 403
    assert prosecution.post(delete_url(attachment), {"reason": "weg"}).status_code == 403
    police = client_for(cast.polly)
    assert police.post(delete_url(attachment), {"reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):  # the bytes go once the deletion is committed
        assert police.post(delete_url(attachment), {"reason": "Falscher Fall"}).status_code == 302
    with schema_context("zh"):
        assert not Attachment.objects.exists()
        entry = AuditEntry.objects.filter(object_type=OBJECT_TYPE, action="delete").get()
    assert (
        entry.purpose == f"attachment deleted, case {rosa.pk}: Falscher Fall" and entry.actor_user_id == cast.polly.pk
    )
    assert stored_files(attachment_store) == []


def test_a_reader_who_cannot_write_the_compartment_gets_403_and_a_non_reader_404(cast: Cast, rosa: Case) -> None:
    assert post_upload(client_for(cast.mia), rosa, "investigation", name="x.pdf", data=pdf_bytes()).status_code == 404
    assert client_for(cast.mia).get(upload_url(rosa, "investigation")).status_code == 404
    assert client_for(cast.polly).get(upload_url(rosa, "counselling")).status_code == 404
    assert client_for(cast.polly).get(upload_url(rosa, "nonsense")).status_code == 404


def test_an_outsider_and_an_organisation_not_party_get_404_on_every_route(cast: Cast, rosa: Case, gabi: object) -> None:
    post_upload(client_for(cast.polly), rosa, "investigation", name="x.pdf", data=pdf_bytes())
    attachment = only_attachment()
    urls = [list_url(rosa), upload_url(rosa, "core"), upload_url(rosa, "investigation"), download_url(attachment),
            delete_url(attachment)]  # fmt: skip
    for outsider in (client_for(gabi, host="zh.localhost"), client_for(cast.nora)):  # type: ignore[arg-type]
        for url in urls:
            assert outsider.get(url).status_code == 404, url
            if url not in (list_url(rosa), download_url(attachment)):  # these answer GET only
                assert outsider.post(url, {}).status_code == 404, url
    ge = client_for(gabi, host="ge.localhost")  # type: ignore[arg-type]
    assert ge.get(download_url(attachment)).status_code == 404
    assert only_attachment().pk == attachment.pk


def test_the_case_page_shows_attachments_per_readable_compartment_with_an_upload_form(cast: Cast, rosa: Case) -> None:
    post_upload(client_for(cast.polly), rosa, "investigation", name="x.pdf", data=pdf_bytes(), title="Einvernahme 1")
    police = client_for(cast.polly).get(reverse("cases:detail", args=[rosa.pk])).content.decode()
    assert "Einvernahme 1" in police and 'enctype="multipart/form-data"' in police
    assert 'id="attachments-investigation-title"' in police and 'id="attachments-counselling-title"' not in police
    aid = client_for(cast.vera).get(reverse("cases:detail", args=[rosa.pk])).content.decode()
    assert "Einvernahme 1" not in aid and 'id="attachments-counselling-title"' in aid
    assert not dangling_describedby(police)


def _attach(case: Case, cast: Cast, count: int) -> None:
    with schema_context("zh"):
        Attachment.objects.bulk_create(
            Attachment(
                case=case, compartment="investigation", kind="other", title=f"Dokument {number}",
                content_type="application/pdf", size=10, sha256="0" * 64, storage_key=f"zh/test-{number}",
                uploaded_by_organisation=cast.police,
            )
            for number in range(count)
        )  # fmt: skip


@pytest.mark.parametrize("count", [1, 50])
def test_the_attachments_page_runs_a_fixed_number_of_statements_for_1_and_50_attachments(
    cast: Cast, rosa: Case, count: int
) -> None:
    _attach(rosa, cast, count)
    client = sign_in_polly(cast)
    assert_statements(client, list_url(rosa), 11, without_search_path=10)


def test_a_download_runs_a_fixed_number_of_statements(cast: Cast, rosa: Case) -> None:
    post_upload(client_for(cast.polly), rosa, "investigation", name="x.pdf", data=pdf_bytes())
    client = sign_in_polly(cast)
    assert_statements(client, download_url(only_attachment()), 10, without_search_path=9)


def sign_in_polly(cast: Cast) -> Client:
    from tests.auth import sign_in

    return sign_in(canton_client("zh"), cast.polly)
