"""The only way a PDF reaches a resource: the project's static files and data: URIs.

Everything else (http, https, ftp, file, static paths that leave the static directories) raises,
so WeasyPrint skips the resource without ever opening a connection or following a redirect.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A reserved top-level domain (RFC 2606): relative and /static/ URLs in templates resolve against
# it, and no request to it is ever made; the fetcher maps its paths to static files.
STATIC_ORIGIN = "https://ksmm-static.invalid"


class ResourceRefused(ValueError):
    """Raised for every URL the PDF may not load; WeasyPrint then leaves the resource out."""


class RedactWeasyPrintArguments(logging.Filter):
    """WeasyPrint logs each skipped resource with its URL, which may carry personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and isinstance(record.args, tuple):
            record.args = tuple("[redacted]" if isinstance(arg, str | BaseException) else arg for arg in record.args)
        return True


_weasyprint_logger = logging.getLogger("weasyprint")
if not any(isinstance(existing, RedactWeasyPrintArguments) for existing in _weasyprint_logger.filters):
    _weasyprint_logger.addFilter(RedactWeasyPrintArguments())


def static_base_url() -> str:
    return STATIC_ORIGIN + "/"


def _static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


def find_static_file(url_path: str) -> Path:
    """The file behind a /static/... path, refused if it leaves the static directories."""
    static_url = urlsplit(settings.STATIC_URL).path
    path = unquote(url_path)
    if not path.startswith(static_url) or "\\" in path or "\x00" in path:
        raise ResourceRefused("not a static path")
    relative = path.removeprefix(static_url)
    if any(part in {"..", "."} for part in relative.split("/")) or posixpath.isabs(relative):
        raise ResourceRefused("path traversal")
    found = finders.find(relative)
    if not isinstance(found, str):
        raise ResourceRefused("no such static file")
    # A symbolic link may point anywhere: only its target inside a static directory counts.
    real = Path(found).resolve()
    if not real.is_file() or not any(real.is_relative_to(root) for root in _static_roots()):
        raise ResourceRefused("outside the static directories")
    return real


class StaticOnlyURLFetcher(URLFetcher):
    """Serves static files and data: URIs; refuses every other URL before any I/O."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        try:
            if scheme == "data":
                with DataHandler().data_open(Request(url)) as response:  # noqa: S310 - scheme checked: data: only
                    content_type = response.headers.get("Content-type", "text/plain")
                    return URLFetcherResponse(url, response.read(), {"Content-Type": content_type})
            if url.startswith(STATIC_ORIGIN + "/"):
                path = find_static_file(urlsplit(url).path)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
            raise ResourceRefused("only static files and data: URIs")
        except ResourceRefused:
            # The URL itself may carry personal data: only its scheme goes to the log.
            logger.warning("PDF resource refused (scheme %s)", scheme or "none")
            raise
