"""Permit codes in the eCH-0006 v2 shape (REFERENCE.md 1.2), which the API and the letters show."""

from datetime import date, timedelta
from typing import Any

from ksmm.deadlines.rules import add_months

# The non-EU/EFTA codes by permit kind; an L permit's subtype follows its length.
ECH0006_CODES = {"B": "0202", "F": "0503", "N": "0804"}
L_LONG, L_MEDIUM, L_SHORT = "070201", "070202", "070204"


def ech0006_code(*, kind: str, valid_from: date | None, valid_until: date | None) -> str:
    """The eCH-0006 code of a permit; an L permit's subtype follows its length (≤4, <12, ≥12 months)."""
    if kind != "L":
        return ECH0006_CODES[str(kind)]
    if valid_from is None or valid_until is None:
        return "0702"
    # valid_until is the last valid day: twelve months from 1 January end on 31 December.
    if valid_until >= add_months(valid_from, 12) - timedelta(days=1):
        return L_LONG
    if valid_until > add_months(valid_from, 4) - timedelta(days=1):
        return L_MEDIUM
    return L_SHORT


def residence_permit_data(*, kind: str, valid_from: date | None, valid_until: date | None) -> dict[str, Any]:
    """The permit as eCH-0006 codes with eCH-0011 residencePermitData's validity: the base
    category is the first two digits of the detailed code ("07" of "070202")."""
    code = ech0006_code(kind=kind, valid_from=valid_from, valid_until=valid_until)
    return {
        "residencePermitCategory": code[:2],
        "residencePermit": code,
        "residencePermitValidFrom": valid_from,
        "residencePermitValidTill": valid_until,
    }
