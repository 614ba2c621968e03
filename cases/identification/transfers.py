"""What a transfer to another canton carries of the identification (cases/transfers).

The receiving canton should not have to identify the person again. The checklist is identity
data and travels when the identity compartment is sent; the assessments ("presumed victim")
are core data and always travel, with who decided mapped to the receiving organisation and the
decision time kept. Catalogues are each canton's own: an observation names the receiving
canton's indicator with the same code in its current catalogue. An indicator the receiving
catalogue lacks cannot hold an observation there; its code and wording are kept in the history
summary (the transfer's `carried`) and counted, so that nothing is dropped silently.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.transfers.carrying import Carrier, Carrying, register_carrier
from ksmm.compartments import Compartment

from .models import Assessment, Checklist, Indicator, Observation
from .queries import current_catalogue

LEFT = "observations_left"
LEFT_TEXT = "observations_left_text"


def read_identification(*, case_id: int, carrying: Carrying) -> dict[str, Any]:
    observations: list[dict[str, str]] = []
    if carrying.sends(Compartment.IDENTITY):
        rows = Observation.objects.filter(checklist__case_id=case_id).select_related("indicator").order_by("pk")
        observations = [{"code": o.indicator.code, "indicator": o.indicator.text, "note": o.note} for o in rows]
    assessments = Assessment.objects.filter(case_id=case_id).order_by("decided_at", "pk")
    return {
        "has_checklist": carrying.sends(Compartment.IDENTITY) and Checklist.objects.filter(case_id=case_id).exists(),
        "observations": observations,
        "assessments": [
            {"result": a.result, "decided_at": a.decided_at, "observed_count": a.observed_count} for a in assessments
        ],
    }


def write_identification(data: dict[str, Any], *, carrying: Carrying) -> None:
    case, receiving = carrying.case, carrying.receiving
    assert case is not None and receiving is not None  # noqa: S101
    if data["has_checklist"]:
        checklist = Checklist.objects.create(
            case=case, catalogue=current_catalogue(), updated_by_organisation=receiving
        )
        indicators = dict(Indicator.objects.filter(catalogue_id=checklist.catalogue_id).values_list("code", "pk"))
        carried = []
        for observed in data["observations"]:
            indicator_id = indicators.get(observed["code"])
            if indicator_id is None:
                carrying.keep(LEFT_TEXT, observed)
                continue
            carried.append(Observation(checklist=checklist, indicator_id=indicator_id, note=observed["note"]))
        Observation.objects.bulk_create(carried)
        carrying.count("observations", len(carried))
        carrying.count(LEFT, len(data["observations"]) - len(carried))
    for sent in data["assessments"]:
        assessment = Assessment.objects.create(
            case=case, result=sent["result"], decided_by_organisation=receiving, observed_count=sent["observed_count"]
        )
        # The decision time is the sending canton's (auto_now_add set it to now).
        Assessment.objects.filter(pk=assessment.pk).update(decided_at=sent["decided_at"])
    carrying.count("assessments", len(data["assessments"]))


def register() -> None:
    register_carrier(
        Carrier(name="identification", read=read_identification, write=write_identification, order=20),
        labels={
            "observations": _("Observed indicators"),
            LEFT: _("Observed indicators not in this canton's catalogue (listed below)"),
            "assessments": _("Identification assessments"),
        },
    )
