"""A notice printed in the victim's language, script and direction, with the canton's contacts,
the counselling centre's phone and a 24-hour number always, and the draft mark of a text that
awaits professional review."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ksmm.documents.rendering import write_pdf
from ksmm.partners.models import Organisation

from .languages import language_for
from .models import NoticeText
from .placeholders import contact_values, fill, victim_aid_service
from .print_labels import ContactLine, contact_lines, labels_for


@dataclass(frozen=True)
class PrintedNotice:
    title: str
    paragraphs: list[str]
    missing: list[str]
    contacts: list[ContactLine] = field(default_factory=list)
    # The draft mark in the notice's language, then in the printer's (empty: the text is reviewed).
    draft_marks: list[str] = field(default_factory=list)

    @property
    def draft_banner(self) -> str:
        return " · ".join(self.draft_marks)

    @property
    def plain_text(self) -> str:
        """What a reader of the PDF sees, paragraph by paragraph."""
        contacts = [f"{line.label}: {line.number}" for line in self.contacts]
        return "\n\n".join(
            [*([self.draft_banner] if self.draft_marks else []), self.title, *self.paragraphs, *contacts]
        )


# A PDF maps each glyph to text once: Thai and Lao SARA AM, shaped into two glyphs, would lose its
# NIKHAHIT in copied or read-aloud text. Printed as the two characters it decomposes into, it
# looks the same and every character survives in the text layer.
TEXT_LAYER = str.maketrans({"\u0e33": "\u0e4d\u0e32", "\u0eb3": "\u0ecd\u0eb2"})


def printed_notice(text: NoticeText, *, printed_by: Organisation | None = None) -> PrintedNotice:
    """The text with the canton's victim-aid service filled in from the partner directory."""
    rtl = language_for(text.language).direction == "rtl"
    service = victim_aid_service(printed_by=printed_by)
    filled = fill(text.body, contact_values(service), isolate=rtl)
    contacts = contact_lines(
        labels=labels_for(text.language),
        phone=service.phone if service else "",
        emergency_phone=service.emergency_phone if service else "",
    )
    draft_marks: list[str] = []
    if text.review == NoticeText.Review.AWAITING:
        # In the victim's language and in the active UI language (the person printing it), once.
        draft_marks = list(dict.fromkeys([labels_for(text.language).draft, _("Draft – not reviewed")]))  # noqa: RUF001 - the dash of the printed mark
    return PrintedNotice(
        title=text.title, paragraphs=filled.paragraphs, missing=filled.missing, contacts=contacts,
        draft_marks=draft_marks,
    )  # fmt: skip


def notice_pdf(text: NoticeText, *, printed_by: Organisation | None = None) -> bytes:
    """The PDF carries the notice only: no case, no name, nothing about the victim.

    A text awaiting professional review is marked as a draft on every page, in the notice's
    language and in the language of the person printing it (the active UI language).
    """
    notice = printed_notice(text, printed_by=printed_by)
    language = language_for(text.language)
    ui_language = translation.get_language() or "en"
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
                "contacts": [
                    ContactLine(line.label.translate(TEXT_LAYER), line.number, line.fallback)
                    for line in notice.contacts
                ],
                "draft_marks": [mark.translate(TEXT_LAYER) for mark in notice.draft_marks],
                "ui_language": ui_language,
            },
        )
    return write_pdf(html=html)
