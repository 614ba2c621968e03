"""A PDF loads nothing but static files and data: URIs: no network, no local files."""

import io
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from ksmm.documents.fetcher import ResourceRefused, find_static_file
from ksmm.documents.rendering import write_pdf

ONE_PIXEL_PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server
    server.close()


def _connections_received(server: socket.socket) -> int:
    # The kernel completes and queues a handshake even if nobody accepts: the queue tells.
    server.setblocking(False)
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_remote_and_local_urls_are_left_out_and_never_contacted(
    listener: socket.socket, caplog: pytest.LogCaptureFixture
) -> None:
    port = listener.getsockname()[1]
    html = f"""<html lang="en"><head><title>Hostile</title>
    <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">
    <link rel="stylesheet" href="https://127.0.0.1:{port}/y.css">
    <style>@import url("http://127.0.0.1:{port}/z.css"); body {{ background: url("ftp://127.0.0.1:{port}/b"); }}</style>
    </head><body><p>Visible text</p>
    <img src="https://example.com/x.png" alt="">
    <img src="http://127.0.0.1:{port}/x.png" alt="">
    <img src="file:///etc/passwd" alt="">
    <object data="file:///etc/passwd"></object>
    <embed src="/static/../../etc/passwd">
    <iframe src="/static/%2e%2e/%2e%2e/etc/passwd"></iframe>
    <img src="/static/../../etc/passwd" alt="">
    </body></html>"""
    with caplog.at_level(logging.WARNING):
        pdf = write_pdf(html=html)

    assert _connections_received(listener) == 0
    text = _text(pdf)
    assert "Visible text" in text
    assert "root:" not in text
    assert b"root:x:0:0" not in pdf
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 0
    refusals = [record for record in caplog.records if record.name == "ksmm.documents.fetcher"]
    assert {record.getMessage() for record in refusals} >= {"PDF resource refused (scheme http)"}
    messages = [record.getMessage() for record in caplog.records]
    assert any(message.startswith("Failed to load") for message in messages)  # WeasyPrint's own, redacted
    for leaked in ("127.0.0.1", "example.com", "passwd", "x.png"):
        assert all(leaked not in message for message in messages)


def test_a_data_uri_image_is_loaded() -> None:
    pdf = write_pdf(html=f'<html lang="en"><title>Data</title><img src="{ONE_PIXEL_PNG}" alt="">')
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
        "/static/css/../../../etc/passwd",
        "/etc/passwd",
        "/static/css/..%5c..%5cetc/passwd",
    ],
)
def test_a_static_path_that_leaves_the_static_directories_is_refused(path: str) -> None:
    with pytest.raises(ResourceRefused):
        find_static_file(path)


def test_a_symbolic_link_out_of_the_static_directories_is_refused(tmp_path: Path, settings: Any) -> None:
    static_dir = tmp_path / "static"
    static_dir.mkdir()
    (static_dir / "inside.css").write_text("p { color: red }")
    (static_dir / "passwd.css").symlink_to("/etc/passwd")
    settings.STATICFILES_DIRS = [static_dir]  # Django's test signals reset the finders.
    assert find_static_file("/static/inside.css").name == "inside.css"
    with pytest.raises(ResourceRefused):
        find_static_file("/static/passwd.css")


def test_a_static_file_is_found() -> None:
    assert find_static_file("/static/css/print.css").name == "print.css"
