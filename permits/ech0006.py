"""Permit codes in the eCH-0006 v2 shape (REFERENCE.md 1.2), which the API and the letters show."""

from datetime import date, timedelta

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
