"""A notice printed in the victim's language, script and direction, with the canton's contacts."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from ksmm.documents.rendering import write_pdf
from ksmm.partners.models import Organisation

from .languages import language_for
from .models import NoticeText
from .placeholders import contact_values, fill, victim_aid_service


@dataclass(frozen=True)
class PrintedNotice:
    title: str
    paragraphs: list[str]
    missing: list[str]

    @property
    def plain_text(self) -> str:
        """What a reader of the PDF sees, paragraph by paragraph."""
        return "\n\n".join([self.title, *self.paragraphs])


# A PDF maps each glyph to text once: Thai and Lao SARA AM, shaped into two glyphs, would lose its
# NIKHAHIT in copied or read-aloud text. Printed as the two characters it decomposes into, it
# looks the same and every character survives in the text layer.
TEXT_LAYER = str.maketrans({"\u0e33": "\u0e4d\u0e32", "\u0eb3": "\u0ecd\u0eb2"})


def printed_notice(text: NoticeText, *, printed_by: Organisation | None = None) -> PrintedNotice:
    """The text with the canton's victim-aid service filled in from the partner directory."""
    rtl = language_for(text.language).direction == "rtl"
    filled = fill(text.body, contact_values(victim_aid_service(printed_by=printed_by)), isolate=rtl)
    return PrintedNotice(title=text.title, paragraphs=filled.paragraphs, missing=filled.missing)


def notice_pdf(text: NoticeText, *, printed_by: Organisation | None = None) -> bytes:
    """The PDF carries the notice only: no case, no name, nothing about the victim."""
    notice = printed_notice(text, printed_by=printed_by)
    language = language_for(text.language)
    title = notice.title.translate(TEXT_LAYER)
    paragraphs = [paragraph.translate(TEXT_LAYER) for paragraph in notice.paragraphs]
    # The document is in the victim's language throughout; Django's own strings are not used.
    with translation.override(None):
        html = render_to_string(
            "documents/notice.html",
            {
                "title": title,
                "paragraphs": paragraphs,
                "language": language,
                "version": text.version.number,
                "kind": text.version.notice.kind,
            },
        )
    return write_pdf(html=html)
