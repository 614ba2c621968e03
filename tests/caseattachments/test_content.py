"""The content check reads the bytes: every allowed type is recognised whatever the browser says,
and a name whose extension names another type than the content is refused."""

import io
import zipfile
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cases.attachments.content import NAMES, checked_type, detect

from .conftest import FILES, pdf_bytes, png_bytes


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("name", "build", "content_type"), FILES)
def test_every_allowed_type_is_recognised_by_its_bytes_under_each_of_its_names(
    name: str, build: object, content_type: str
) -> None:
    data = build()  # type: ignore[operator]
    assert detect(data) == content_type
    for extension in NAMES[content_type]:
        assert checked_type(data=data, name=f"Scan.{extension.upper()}") == content_type
    assert checked_type(data=data, name="no-extension") == content_type


@pytest.mark.parametrize(("name", "build", "content_type"), FILES)
def test_every_allowed_type_under_the_name_of_another_type_is_refused(
    name: str, build: object, content_type: str
) -> None:
    data = build()  # type: ignore[operator]
    others = {extension for other, names in NAMES.items() if other != content_type for extension in names}
    for extension in [*others, "exe", "html", "txt"]:
        with pytest.raises(ValidationError) as refused:
            checked_type(data=data, name=f"file.{extension}")
        assert refused.value.code == "content_mismatch"
        assert f".{extension}" in refused.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows executable
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"%!PS-Adobe-3.0\n",  # PostScript is not PDF
        b"GIF89a\x01\x00\x01\x00",
    ],
)
def test_a_file_of_another_type_named_pdf_is_refused_with_a_clear_message(data: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        checked_type(data=data, name="Einwilligung.pdf")
    assert refused.value.messages == [
        "The file's name ends in .pdf, but its content is not a PDF file. "
        "Only PDF, JPEG, PNG, ODT and DOCX files can be attached."
    ]
    assert "Einwilligung" not in refused.value.messages[0]


def test_a_png_named_pdf_is_refused_and_so_is_a_pdf_named_exe() -> None:
    with pytest.raises(ValidationError, match="content is a PNG file"):
        checked_type(data=png_bytes(), name="decision.pdf")
    with pytest.raises(ValidationError, match=r"\.exe, but its content is a PDF file"):
        checked_type(data=pdf_bytes(), name="decision.pdf.exe")


def _zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _zip(**{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
        _zip(**{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}),  # a spreadsheet, no word/
        _zip(**{"readme.txt": "hello"}),
        b"PK\x03\x04 broken archive",
        b"",
    ],
)
def test_zip_archives_other_than_text_documents_and_empty_files_are_refused(data: bytes) -> None:
    assert detect(data) is None
    with pytest.raises(ValidationError):
        checked_type(data=data, name="document")
