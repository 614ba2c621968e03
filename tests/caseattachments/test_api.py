"""Attachments over the API: the same gate, checks and audit as the pages; problems for errors."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import schema_context

from cases.attachments.access import OBJECT_TYPE
from cases.attachments.models import Attachment
from cases.models import Case
from ksmm.api.actions import do_create_api_client
from ksmm.audit.models import AuditEntry
from tests.api.conftest import bearer, obtain_token
from tests.queries import assert_statements

from .conftest import MARKER, Cast, client_for, odt_bytes, pdf_bytes, png_bytes, stored_files

pytestmark = pytest.mark.django_db


def url(case: Case) -> str:
    return f"/api/v1/cases/{case.pk}/attachments/"


def upload(
    client: Client, case: Case, *, name: str, data: bytes, compartment: str = "investigation", **extra: str
) -> object:
    body = {"compartment": compartment, "kind": "other", "title": "Einvernahme", **extra}
    body["file"] = SimpleUploadedFile(name, data)  # type: ignore[assignment]
    return client.post(url(case), body)


def test_a_person_uploads_lists_and_downloads_over_the_api(cast: Cast, rosa: Case, attachment_store: Path) -> None:
    police = client_for(cast.polly)
    data = odt_bytes()
    created = upload(police, rosa, name="record.odt", data=data)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["content_type"] == "application/vnd.oasis.opendocument.text" and body["compartment"] == "investigation"
    listed = police.get(url(rosa)).json()
    assert [row["id"] for row in listed] == [body["id"]]
    download = police.get(body["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    (stored,) = stored_files(attachment_store)
    assert MARKER.encode() not in stored.read_bytes()
    with schema_context("zh"):
        assert AuditEntry.objects.filter(object_type=OBJECT_TYPE, action="read", object_id=str(body["id"])).exists()


def test_a_different_file_under_the_same_name_and_key_is_refused_not_replayed(
    cast: Cast, rosa: Case, attachment_store: Path
) -> None:
    police = client_for(cast.polly)
    key = {"headers": {"Idempotency-Key": "scan-upload"}}
    body = {"compartment": "investigation", "kind": "other", "title": "Einvernahme"}
    first = police.post(url(rosa), {**body, "file": SimpleUploadedFile("scan.png", png_bytes())}, **key)
    again = police.post(url(rosa), {**body, "file": SimpleUploadedFile("scan.png", png_bytes())}, **key)
    other = police.post(url(rosa), {**body, "file": SimpleUploadedFile("scan.png", pdf_bytes())}, **key)
    assert first.status_code == 201, first.content
    assert (again.status_code, again.json()) == (201, first.json())
    assert other.status_code == 422 and other["Content-Type"].startswith("application/problem+json")
    with schema_context("zh"):
        assert Attachment.objects.filter(case=rosa).count() == 1


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("scan.pdf", png_bytes(), "file"),
        ("scan.pdf", b"<html>not a pdf</html>", "file"),
        ("big.pdf", pdf_bytes() + b"0" * (21 * 1024 * 1024), "file"),
    ],
)
def test_a_refused_file_is_a_problem_naming_the_field(
    cast: Cast, rosa: Case, name: str, data: bytes, field: str
) -> None:
    response = upload(client_for(cast.polly), rosa, name=name, data=data)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in response.content.decode() and name not in response.content.decode()
    with schema_context("zh"):
        assert not Attachment.objects.exists()


def test_readers_without_the_compartment_neither_see_nor_download_nor_upload(cast: Cast, rosa: Case) -> None:
    created = upload(client_for(cast.polly), rosa, name="r.pdf", data=pdf_bytes()).json()
    aid = client_for(cast.vera)
    assert aid.get(url(rosa)).json() == []
    assert aid.get(created["download"]).status_code == 404
    assert upload(aid, rosa, name="r.pdf", data=pdf_bytes()).status_code == 404
    with schema_context("zh"):
        assert AuditEntry.objects.filter(
            action="access_denied", actor_user_id=cast.vera.pk, object_type=OBJECT_TYPE
        ).exists()


def test_an_outsider_gets_404_problems(cast: Cast, rosa: Case, gabi: object) -> None:
    created = upload(client_for(cast.polly), rosa, name="r.pdf", data=pdf_bytes()).json()
    for outsider in (client_for(gabi), client_for(cast.nora)):  # type: ignore[arg-type]
        assert outsider.get(url(rosa)).status_code == 404
        assert outsider.get(created["download"]).status_code == 404
        assert upload(outsider, rosa, name="r.pdf", data=pdf_bytes()).status_code == 404


def test_a_client_reads_within_its_scopes_and_never_uploads(cast: Cast, rosa: Case, zh_client: Client) -> None:
    created = upload(client_for(cast.polly), rosa, name="r.pdf", data=pdf_bytes()).json()
    with schema_context("zh"):
        core_only = do_create_api_client(organisation=cast.police, name="Nur Kerndaten", scopes=["core"])
        full = do_create_api_client(organisation=cast.police, name="Fallsystem", scopes=["core", "investigation"])
    narrow = bearer(obtain_token(zh_client, core_only).json()["access_token"])
    assert zh_client.get(url(rosa), **narrow).json() == []  # type: ignore[arg-type]
    assert zh_client.get(created["download"], **narrow).status_code == 404  # type: ignore[arg-type]
    wide = bearer(obtain_token(zh_client, full).json()["access_token"])
    assert [row["id"] for row in zh_client.get(url(rosa), **wide).json()] == [created["id"]]  # type: ignore[arg-type]
    assert zh_client.get(created["download"], **wide).status_code == 200  # type: ignore[arg-type]
    body = {
        "compartment": "investigation",
        "kind": "other",
        "title": "x",
        "file": SimpleUploadedFile("a.pdf", pdf_bytes()),
    }
    assert zh_client.post(url(rosa), body, **wide).status_code == 403  # type: ignore[arg-type]


def test_the_list_endpoint_runs_a_fixed_number_of_statements(cast: Cast, rosa: Case) -> None:
    for number in range(3):
        upload(client_for(cast.polly), rosa, name=f"r{number}.pdf", data=pdf_bytes())
    assert_statements(client_for(cast.polly), url(rosa), 10, without_search_path=9)
