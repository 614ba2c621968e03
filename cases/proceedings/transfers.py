"""What a transfer to another canton carries of the criminal proceedings and OHG claims
(cases/transfers).

As the access rules say (access.py): a proceeding is investigation data and travels when the
investigation compartment is sent; without it the receiving canton gets none (the row cannot
stand without its offences, which are investigation data). An OHG claim is core data and
always travels, its five-year window anchored where it was; its link to a proceeding only when
the proceeding came too. The prosecution office becomes the receiving canton's (the first
active one; the receiving organisation where the canton has none in its directory). Deadlines
on a claim follow it through the ids remembered here.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.transfers.carrying import Carrier, Carrying, register_carrier, values_of
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .models import CriminalProceeding, OhgClaim

OWN = ("case", "recorded_by", "recorded_by_organisation")


def read_proceedings(*, case_id: int, carrying: Carrying) -> dict[str, list[dict[str, Any]]]:
    proceedings = []
    if carrying.sends(Compartment.INVESTIGATION):
        rows = CriminalProceeding.objects.filter(case_id=case_id).order_by("pk")
        proceedings = [{"pk": p.pk, "values": values_of(p, without=(*OWN, "prosecution_office"))} for p in rows]
    claims = OhgClaim.objects.filter(case_id=case_id).order_by("pk")
    return {
        "proceedings": proceedings,
        "claims": [{"pk": c.pk, "values": values_of(c, without=OWN)} for c in claims],
    }


def _prosecution_office(carrying: Carrying) -> Organisation:
    found = Organisation.objects.filter(type=Organisation.Type.PUBLIC_PROSECUTOR, is_active=True).order_by("pk").first()
    return found or carrying.organisation_for(Organisation.Type.PUBLIC_PROSECUTOR)


def write_proceedings(data: dict[str, list[dict[str, Any]]], *, carrying: Carrying) -> None:
    case, receiving = carrying.case, carrying.receiving
    assert case is not None and receiving is not None  # noqa: S101
    if data["proceedings"]:
        office = _prosecution_office(carrying)
        for sent in data["proceedings"]:
            proceeding = CriminalProceeding.objects.create(
                **sent["values"], case=case, prosecution_office=office, recorded_by_organisation=receiving
            )
            CriminalProceeding.objects.filter(pk=proceeding.pk).update(
                recorded_at=sent["values"]["recorded_at"], updated_at=sent["values"]["updated_at"]
            )
            carrying.remember(CriminalProceeding, sent["pk"], proceeding.pk)
    proceedings = carrying.ids.get(CriminalProceeding._meta.label_lower, {})
    for sent in data["claims"]:
        values = dict(sent["values"])
        values["proceeding_id"] = proceedings.get(values["proceeding_id"]) if values["proceeding_id"] else None
        claim = OhgClaim.objects.create(**values, case=case, recorded_by_organisation=receiving)
        OhgClaim.objects.filter(pk=claim.pk).update(recorded_at=values["recorded_at"], updated_at=values["updated_at"])
        carrying.remember(OhgClaim, sent["pk"], claim.pk)
    carrying.count("criminal_proceedings", len(data["proceedings"]))
    carrying.count("ohg_claims", len(data["claims"]))


def register() -> None:
    register_carrier(
        Carrier(name="proceedings", read=read_proceedings, write=write_proceedings, order=35),
        labels={"criminal_proceedings": _("Criminal proceedings"), "ohg_claims": _("OHG claims")},
    )
