"""What a transfer to another canton carries of the steps of the mechanism (cases/transfers).

A step travels when the reader of the receiving canton would see it in full: its compartment is
sent, and a counselling step's part is among those the person consented to (Art. 11 OHG), the
rule of `StepKind.visibility`. The closure does not travel: the receiving canton's case is
open. Dates travel as they were (the recording time included); what pointed into the sending
canton's own registers (a planned operation, a KESB referral) stays behind, and organisations
are mapped by their type to the receiving canton's. Deadlines on a step follow it through the
ids remembered here (cases/transfers/carrying.py).
"""

from typing import Any

from cases.transfers.carrying import Carrier, Carrying, register_carrier, values_of

from .kinds import KINDS, Visibility
from .models import KesbReferral, Operation, Step

# Links into the sending canton's own records, which do not travel.
LEFT_BEHIND: dict[type[Step], tuple[str, ...]] = {
    Operation: ("register_entry",),
    KesbReferral: ("referral", "kesb"),
}
ORGANISATIONS: dict[type[Step], tuple[str, ...]] = {Operation: ("announced_to",)}
OWN = ("case", "recorded_by", "recorded_by_organisation")


def _carried_kinds(carrying: Carrying) -> list[Any]:
    readable, parts = carrying.compartments, carrying.counselling_parts
    return [
        kind for kind in KINDS if kind.editable and kind.visibility(readable=readable, parts=parts) == Visibility.FULL
    ]


def read_steps(*, case_id: int, carrying: Carrying) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = {}
    for kind in _carried_kinds(carrying):
        model = kind.model
        organisations = ORGANISATIONS.get(model, ())
        rows = model._default_manager.filter(case_id=case_id).select_related("recorded_by_organisation", *organisations)
        data[kind.key] = [
            {
                "pk": row.pk,
                "values": values_of(row, without=(*OWN, *LEFT_BEHIND.get(model, ()), *organisations)),
                "organisations": {
                    name: getattr(row, name).type for name in organisations if getattr(row, name) is not None
                },
                "recorded_by_type": row.recorded_by_organisation.type,
            }
            for row in rows.order_by("pk")
        ]
    return data


def write_steps(data: dict[str, list[dict[str, Any]]], *, carrying: Carrying) -> None:
    case = carrying.case
    assert case is not None  # noqa: S101
    kinds = {kind.key: kind for kind in KINDS}
    for key, rows in data.items():
        model = kinds[key].model
        for sent in rows:
            organisations = {
                name: carrying.organisation_for(organisation_type)
                for name, organisation_type in sent["organisations"].items()
            }
            step = model._default_manager.create(
                **sent["values"],
                **organisations,
                case=case,
                recorded_by_organisation=carrying.organisation_for(sent["recorded_by_type"]),
            )
            # The recording time is the sending canton's (auto_now_add and auto_now set it to now).
            model._default_manager.filter(pk=step.pk).update(
                recorded_at=sent["values"]["recorded_at"], updated_at=sent["values"]["updated_at"]
            )
            carrying.remember(model, sent["pk"], step.pk)
        carrying.count(f"steps_{key}", len(rows))


def register() -> None:
    register_carrier(
        Carrier(name="steps", read=read_steps, write=write_steps, order=30),
        labels={f"steps_{kind.key}": kind.title for kind in KINDS if kind.editable},
    )
