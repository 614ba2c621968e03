"""Reading the notices catalogue and a case's delivery records."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from cases.models import Case

from .languages import SHIPPED
from .models import Notice, NoticeDelivery, NoticeText, NoticeVersion


@dataclass
class CatalogueRow:
    """One notice: its published version and draft, and per language the state of the text."""

    notice: Notice
    published: NoticeVersion | None = None
    draft: NoticeVersion | None = None
    cells: list[tuple[str, NoticeText | None]] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [code for code, text in self.cells if text is None]

    @property
    def awaiting(self) -> list[str]:
        return [code for code, text in self.cells if text is not None and text.review == NoticeText.Review.AWAITING]


def catalogue_notices() -> QuerySet[Notice]:
    """Every notice with its published and draft versions and their texts, in three queries."""
    versions = NoticeVersion.objects.exclude(status=NoticeVersion.Status.RETIRED).prefetch_related(
        Prefetch("texts", queryset=NoticeText.objects.order_by("language"))
    )
    return Notice.objects.prefetch_related(Prefetch("versions", queryset=versions, to_attr="current_versions"))


def _current_versions(notice: Notice) -> list[NoticeVersion]:
    return notice.current_versions  # type: ignore[attr-defined]  # to_attr of the prefetch


def catalogue() -> tuple[list[str], list[CatalogueRow]]:
    """The language columns (shipped first, then others in use) and a row per notice."""
    notices = list(catalogue_notices())
    in_use = {
        text.language for notice in notices for version in _current_versions(notice) for text in version.texts.all()
    }
    languages = [*SHIPPED, *sorted(in_use - set(SHIPPED))]
    rows = []
    for notice in notices:
        row = CatalogueRow(notice=notice)
        for version in _current_versions(notice):
            if version.status == NoticeVersion.Status.PUBLISHED:
                row.published = version
            else:
                row.draft = version
        shown = row.published or row.draft
        texts = {text.language: text for text in shown.texts.all()} if shown else {}
        row.cells = [(code, texts.get(code)) for code in languages]
        rows.append(row)
    return languages, rows


def published_texts() -> QuerySet[NoticeText]:
    """The texts that may be delivered now: those of the published versions."""
    return (
        NoticeText.objects.filter(version__status=NoticeVersion.Status.PUBLISHED)
        .select_related("version__notice")
        .order_by("version__notice__order", "language")
    )


def versions_of(notice: Notice) -> QuerySet[NoticeVersion]:
    return notice.versions.order_by("-number")


def deliveries_for(*, case: Case) -> QuerySet[NoticeDelivery]:
    """A case's deliveries with what the list shows, in one query."""
    return NoticeDelivery.objects.filter(case=case).select_related(
        "text__version__notice", "delivered_by", "organisation"
    )


@dataclass
class NoticeChoice:
    """The published texts of one notice, those in the victim's languages first."""

    notice: Notice
    preferred: list[NoticeText]
    others: list[NoticeText]


def texts_for_victim(texts: QuerySet[NoticeText], *, languages: list[str]) -> list[NoticeChoice]:
    """Per notice, the texts in the victim's recorded languages (in the order recorded), then
    the others: a reader picks from a short list instead of every notice in every language."""
    rank = {code: index for index, code in enumerate(languages)}
    choices: dict[int, NoticeChoice] = {}
    for text in texts:
        notice = text.version.notice
        choice = choices.setdefault(notice.pk, NoticeChoice(notice=notice, preferred=[], others=[]))
        (choice.preferred if text.language in rank else choice.others).append(text)
    for choice in choices.values():
        choice.preferred.sort(key=lambda text: rank[text.language])
    return list(choices.values())
