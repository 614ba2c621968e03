"""What a transfer to another canton carries of the residence matters (cases/transfers).

Reflection periods, their extensions and presence notices, stays and permit requests travel
with their dates as they are: a running period keeps its start and end, a permit its validity
(the 30-day clock does not restart). Status and dates are core data every party sees; the
grounds, reasons and notes travel only when the residence compartment is sent.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.transfers.carrying import Carrier, Carrying, register_carrier, values_of
from ksmm.compartments import Compartment

from .models import PermitRequest, PresenceNotice, ReflectionExtension, ReflectionPeriod, Stay

# Free text of the residence compartment (blanked when it is not sent).
DETAILS = {
    ReflectionPeriod: ("grounds", "decision_reasons", "end_notes"),
    ReflectionExtension: (),
    PresenceNotice: ("notes",),
    Stay: (),
    PermitRequest: ("grounds", "hardship_criteria", "decision_reasons"),
}
ORGANISATIONS = (
    "requested_by_organisation", "addressed_to", "organisation", "recorded_by_organisation",
)  # fmt: skip


def _row(row: Any, *, carrying: Carrying, without: tuple[str, ...] = ()) -> dict[str, Any]:
    values = values_of(row, without=("case", *without))
    for name in DETAILS[type(row)]:
        if not carrying.sends(Compartment.RESIDENCE) and values.get(name):
            values[name] = ""
    # Organisations of the sending canton: their types, mapped in the receiving canton.
    for name in ORGANISATIONS:
        if f"{name}_id" in values:
            values[f"{name}_id"] = getattr(row, name).type
    return values


def read_residence(*, case_id: int, carrying: Carrying) -> dict[str, Any]:
    periods = ReflectionPeriod.objects.filter(case_id=case_id).select_related(
        "requested_by_organisation", "addressed_to"
    )
    extensions = ReflectionExtension.objects.filter(period__case_id=case_id).select_related("requested_by_organisation")
    notices = PresenceNotice.objects.filter(period__case_id=case_id).select_related("organisation")
    stays = Stay.objects.filter(case_id=case_id).select_related("recorded_by_organisation")
    permits = (
        PermitRequest.objects.filter(case_id=case_id)
        .select_related("requested_by_organisation", "addressed_to")
        .order_by("pk")  # a renewal after what it renews
    )
    return {
        "periods": [(p.pk, _row(p, carrying=carrying)) for p in periods],
        "extensions": [_row(e, carrying=carrying) for e in extensions],
        "notices": [_row(n, carrying=carrying) for n in notices],
        "stays": [(s.pk, _row(s, carrying=carrying)) for s in stays],
        "permits": [(p.pk, _row(p, carrying=carrying)) for p in permits],
    }


def _organisations(values: dict[str, Any], *, carrying: Carrying) -> dict[str, Any]:
    for name in ORGANISATIONS:
        if f"{name}_id" in values:
            values[f"{name}_id"] = carrying.organisation_for(values[f"{name}_id"]).pk
    return values


def write_residence(data: dict[str, Any], *, carrying: Carrying) -> None:
    case = carrying.case
    assert case is not None  # noqa: S101
    for sent, values in data["periods"]:
        period = ReflectionPeriod.objects.create(**_organisations(values, carrying=carrying), case=case)
        carrying.remember(period, sent, period.pk)
    periods = carrying.ids.get("permits.reflectionperiod", {})
    ReflectionExtension.objects.bulk_create(
        ReflectionExtension(**{**_organisations(v, carrying=carrying), "period_id": periods[v["period_id"]]})
        for v in data["extensions"]
    )
    PresenceNotice.objects.bulk_create(
        PresenceNotice(**{**_organisations(v, carrying=carrying), "period_id": periods[v["period_id"]]})
        for v in data["notices"]
    )
    for sent, values in data["stays"]:
        stay = Stay.objects.create(**_organisations(values, carrying=carrying), case=case)
        carrying.remember(stay, sent, stay.pk)
    stays = carrying.ids.get("permits.stay", {})
    for sent, sent_values in data["permits"]:
        permits = carrying.ids.get("permits.permitrequest", {})
        values = _organisations(sent_values, carrying=carrying)
        values["stay_id"] = stays.get(values["stay_id"]) if values["stay_id"] else None
        values["renewal_of_id"] = permits.get(values["renewal_of_id"]) if values["renewal_of_id"] else None
        permit = PermitRequest.objects.create(**values, case=case)
        carrying.remember(permit, sent, permit.pk)
    carrying.count("reflection_periods", len(data["periods"]))
    carrying.count("stays", len(data["stays"]))
    carrying.count("permit_requests", len(data["permits"]))


def register() -> None:
    register_carrier(
        Carrier(name="permits", read=read_residence, write=write_residence, order=50),
        labels={
            "reflection_periods": _("Recovery and reflection periods"),
            "stays": _("Stays during the proceedings"),
            "permit_requests": _("Permit requests"),
        },
    )
