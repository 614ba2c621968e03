"""What a transfer to another canton carries of the victims'-rights notices (cases/transfers).

That and how the person was informed is core data and travels with the case. The delivery
names the receiving canton's text of the same notice and language (its latest published
version): the texts are each canton's own. A delivery whose notice or language the receiving
canton does not offer stays behind and is counted apart, so that the summary says so.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.transfers.carrying import Carrier, Carrying, register_carrier, values_of

from .models import NoticeDelivery, NoticeText, NoticeVersion


def read_deliveries(*, case_id: int, carrying: Carrying) -> list[dict[str, Any]]:
    deliveries = NoticeDelivery.objects.filter(case_id=case_id).select_related("text__version__notice")
    return [
        {
            **values_of(d, without=("case", "text", "organisation")),
            "notice_kind": d.text.version.notice.kind,
            "language": d.text.language,
        }
        for d in deliveries
    ]


def write_deliveries(data: list[dict[str, Any]], *, carrying: Carrying) -> None:
    case, receiving = carrying.case, carrying.receiving
    assert case is not None and receiving is not None  # noqa: S101
    texts: dict[tuple[str, str], int] = {}
    for kind, language, text_id in (
        NoticeText.objects.filter(version__status=NoticeVersion.Status.PUBLISHED)
        .order_by("version__number")
        .values_list("version__notice__kind", "language", "pk")
    ):
        texts[(kind, language)] = text_id  # the latest published version wins
    carried, left = [], 0
    for values in data:
        found = texts.get((values.pop("notice_kind"), values.pop("language")))
        if found is None:
            left += 1
            continue
        carried.append(NoticeDelivery(**values, case=case, text_id=found, organisation=receiving))
    NoticeDelivery.objects.bulk_create(carried)
    carrying.count("notice_deliveries", len(carried))
    carrying.count("notice_deliveries_left", left)


def register() -> None:
    register_carrier(
        Carrier(name="notices", read=read_deliveries, write=write_deliveries, order=60),
        labels={
            "notice_deliveries": _("Notice deliveries"),
            "notice_deliveries_left": _("Notice deliveries not carried over (notice not offered here)"),
        },
    )
