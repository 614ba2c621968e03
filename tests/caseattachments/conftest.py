"""The cast of tests/cases (police Polly, victim-aid Vera, migration Mia, prosecutor Piet, NGO
Nora; Gabi in GE is the outsider) and the case Rosa; tiny real files of every type that can be
attached, each carrying a marker in its plain bytes; the attachment storage in a tmp dir."""

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from ksmm.accounts.models import User
from tests.auth import sign_in
from tests.cases.conftest import Cast, cast, gabi, rosa  # noqa: F401  fixtures shared with tests/cases

MARKER = "PLAINTEXT-MARKER-4711"


def pdf_bytes(marker: str = MARKER) -> bytes:
    """A minimal PDF written by hand (one empty page), the marker in a comment."""
    return (
        b"%PDF-1.4\n% " + marker.encode() + b"\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def png_bytes(marker: str = MARKER) -> bytes:
    info = PngInfo()
    info.add_text("Comment", marker)
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def jpeg_bytes(marker: str = MARKER) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "JPEG", comment=marker.encode())
    return buffer.getvalue()


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def odt_bytes(marker: str = MARKER) -> bytes:
    return _zip({
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": "<manifest/>",
        "content.xml": f"<office:document-content><text:p>{marker}</text:p></office:document-content>",
    })  # fmt: skip


def docx_bytes(marker: str = MARKER) -> bytes:
    return _zip({
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": f"<w:document><w:body><w:p><w:r><w:t>{marker}</w:t></w:r></w:p></w:body></w:document>",
    })  # fmt: skip


# name, builder, content type: one of each type that can be attached.
FILES: list[tuple[str, Callable[..., bytes], str]] = [
    ("consent.pdf", pdf_bytes, "application/pdf"),
    ("scan.jpg", jpeg_bytes, "image/jpeg"),
    ("photo.png", png_bytes, "image/png"),
    ("record.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
    ("decision.docx", docx_bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
]


@pytest.fixture(autouse=True)
def attachment_store(settings: Any, tmp_path: Path) -> Path:
    """The storage `attachments` of each test: a fresh directory."""
    location = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": location}},
    }
    return location


def client_for(user: User, *, host: str = "zh.localhost") -> Client:
    """The shared cast reads English (their own choice), so assertions quote English messages."""
    return sign_in(Client(HTTP_HOST=host), user)


def stored_files(location: Path) -> list[Path]:
    return [path for path in location.rglob("*") if path.is_file()] if location.exists() else []
