"""What a transfer to another canton carries of the attachments (cases/transfers).

An attachment travels when its compartment is sent (a counselling attachment: when its part is
among those the person consented to, Art. 11 OHG). Its bytes are opened with the sending
canton's key and sealed again with the receiving canton's, under a new random storage key in
the receiving canton's prefix: the sending canton's key and storage never serve the copy.

The bytes are written before the row, and the copy runs in one transaction: should it roll
back, the undo the carrier leaves behind removes the written files, so the receiving canton
holds no file of a copy that never happened (a killed worker leaves bytes under a random key
no row names).
"""

from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.transfers.carrying import Carrier, Carrying, register_carrier, values_of
from ksmm.cantons.current import current_schema
from ksmm.compartments import Compartment

from . import sealing
from .models import Attachment


def _travels(attachment: Attachment, *, carrying: Carrying) -> bool:
    if not carrying.sends(attachment.compartment):
        return False
    if attachment.compartment != Compartment.COUNSELLING:
        return True
    return attachment.counselling_part in carrying.counselling_parts


def read_attachments(*, case_id: int, carrying: Carrying) -> list[dict[str, Any]]:
    schema = current_schema()
    rows = Attachment.objects.filter(case_id=case_id, compartment__in=sorted(carrying.compartments)).order_by("pk")
    return [
        {
            "values": values_of(
                a, without=("case", "storage_key", "key_version", "uploaded_by", "uploaded_by_organisation")
            ),
            "data": sealing.load(schema=schema, storage_key=a.storage_key),
        }
        for a in rows
        if _travels(a, carrying=carrying)
    ]


def write_attachments(data: list[dict[str, Any]], *, carrying: Carrying) -> None:
    case, receiving = carrying.case, carrying.receiving
    assert case is not None and receiving is not None  # noqa: S101
    schema = current_schema()
    created = []
    for sent in data:
        storage_key = sealing.store(sent["data"], schema=schema)
        carrying.undo.append(partial(sealing.discard, storage_key))
        created.append(
            Attachment(**sent["values"], case=case, storage_key=storage_key, uploaded_by_organisation=receiving)
        )
    Attachment.objects.bulk_create(created)
    # The upload time is the sending canton's (auto_now_add set it to now).
    for attachment, sent in zip(created, data, strict=True):
        Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=sent["values"]["uploaded_at"])
    carrying.count("attachments", len(created))


def register() -> None:
    register_carrier(
        Carrier(name="attachments", read=read_attachments, write=write_attachments, order=40),
        labels={"attachments": _("Attachments")},
    )
