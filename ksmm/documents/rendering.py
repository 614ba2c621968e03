"""Render a Django template to PDF bytes."""

import logging
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ksmm.documents.fetcher import StaticOnlyURLFetcher, static_base_url

logger = logging.getLogger(__name__)

_PAGE = "\x00page\x00"
_PAGES = "\x00pages\x00"


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


def page_counter_css() -> SafeString:
    """The translated "Page X of Y" label as a CSS content value, word order as translated."""
    label = gettext("Page %(page)s of %(pages)s") % {"page": _PAGE, "pages": _PAGES}
    parts: list[str] = []
    for chunk in label.replace(_PAGES, "\x00N\x00").replace(_PAGE, "\x00P\x00").split("\x00"):
        if chunk == "P":
            parts.append("counter(page)")
        elif chunk == "N":
            parts.append("counter(pages)")
        elif chunk:
            parts.append(_css_string(chunk))
    return mark_safe(" ".join(parts))  # noqa: S308 - built from escaped CSS strings only


def write_pdf(*, html: str) -> bytes:
    """Print an HTML document; its resources come from static files and data: URIs only."""
    document = weasyprint.HTML(string=html, base_url=static_base_url(), url_fetcher=StaticOnlyURLFetcher())
    try:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception:  # noqa: BLE001 - PDF/UA is best effort; a tagged PDF is the fallback
        logger.warning("PDF/UA-1 not possible for this document; writing a tagged PDF instead")
        return document.write_pdf(pdf_tags=True)


def render_pdf(*, template_name: str, context: dict[str, Any], language: str, title: str) -> bytes:
    """Render template_name in language and print it; title goes to the header and metadata."""
    with translation.override(language):
        html = render_to_string(
            template_name,
            {**context, "document_title": title, "document_language": language, "page_counter": page_counter_css()},
        )
    return write_pdf(html=html)
