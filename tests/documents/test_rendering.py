"""PDFs print from templates, with text, metadata, page numbers and static resources."""

import io
import subprocess

import pypdf
import pytest

from ksmm.documents.rendering import render_pdf, write_pdf
from tests.processes import ARTIFACTS_DIR


def _agreement(language: str = "de") -> bytes:
    sections = [
        {
            "id": f"section-{number}",
            "title": f"Zusammenarbeit {number}",
            "paragraphs": ["Die Kantone Zürich, Genève und Ticino arbeiten am Runden Tisch zusammen. " * 12],
        }
        for number in range(1, 5)
    ]
    return render_pdf(
        template_name="documents/sections.html",
        context={"sections": sections, "signatories": [{"name": "Alice", "place": "Zürich"}]},
        language=language,
        title="Kooperationsvereinbarung Zürich",
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def agreement() -> bytes:
    return _agreement()


def test_a_pdf_renders_with_the_expected_text_and_accents(agreement: bytes) -> None:
    assert agreement.startswith(b"%PDF-")
    text = _text(agreement)
    assert "Kooperationsvereinbarung Zürich" in text
    assert "Zürich, Genève und Ticino" in text


def test_the_title_and_language_are_in_the_pdf_metadata(agreement: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(agreement))
    assert reader.metadata is not None
    assert reader.metadata.title == "Kooperationsvereinbarung Zürich"
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_the_pdf_is_tagged(agreement: bytes) -> None:
    root = pypdf.PdfReader(io.BytesIO(agreement)).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root


def test_the_pdf_declares_pdf_ua_1(agreement: bytes) -> None:
    metadata = pypdf.PdfReader(io.BytesIO(agreement)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in metadata


def test_every_page_is_numbered_in_the_document_language() -> None:
    reader = pypdf.PdfReader(io.BytesIO(_agreement(language="fr")))
    total = len(reader.pages)
    assert total > 1
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} sur {total}" in page.extract_text()


def test_the_table_of_contents_gives_the_page_of_each_section(agreement: bytes) -> None:
    contents = pypdf.PdfReader(io.BytesIO(agreement)).pages[1].extract_text()
    assert "Inhalt" in contents
    assert "Zusammenarbeit 1" in contents
    assert "Zusammenarbeit 4" in contents


def test_the_running_header_from_the_static_stylesheet_shows_the_title(agreement: bytes) -> None:
    # string-set and the @top-left margin box live in static/css/print.css: the header on the
    # second page shows the stylesheet was loaded.
    header_page = pypdf.PdfReader(io.BytesIO(agreement)).pages[1].extract_text()
    assert "Kooperationsvereinbarung Zürich" in header_page


def test_a_static_image_ends_up_in_the_pdf() -> None:
    pdf = write_pdf(
        html='<html lang="en"><title>Logo</title><img src="/static/vendor/swagger-ui/favicon-32x32.png" alt="Logo">'
    )
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1


def test_the_first_page_renders_to_an_image(agreement: bytes) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    source = ARTIFACTS_DIR / "documents-agreement.pdf"
    source.write_bytes(agreement)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(source), str(ARTIFACTS_DIR / "documents-agreement")],
        check=True,
    )
    assert (ARTIFACTS_DIR / "documents-agreement-1.png").stat().st_size > 1000
