"""The request letter of a permit, printed in the canton's language.

It names the case by its number only: no name, birth date or identifier of the person (those
stay in the identity compartment) and nothing of counselling or investigation.
"""

from datetime import date
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ksmm.cantons.current import print_language
from ksmm.documents.rendering import render_pdf

from .models import PermitKind, PermitRequest

TITLES = {
    PermitKind.L: gettext_lazy("Request for a short-stay permit L (Art. 36 para. 2 VZAE)"),
    PermitKind.B: gettext_lazy("Request for a residence permit B on serious personal hardship (Art. 31 VZAE)"),
}


def _date(value: date | None) -> str:
    return str(formats.date_format(value, "SHORT_DATE_FORMAT")) if value else ""


def _context(permit: PermitRequest) -> dict[str, Any]:
    facts = [
        (_("Case"), permit.case.case_number),
        (_("Permit"), permit.get_kind_display()),
        (_("Requested on"), _date(permit.requested_on)),
    ]
    if permit.expected_until:
        facts.append((_("Proceedings expected until"), _date(permit.expected_until)))
    facts.append((_("Gainful work requested (Art. 36 para. 4 VZAE)"), _("yes") if permit.work_requested else _("no")))
    if permit.renewal_of_id and permit.renewal_of and permit.renewal_of.valid_until:
        facts.append((_("Renewal of the permit valid until"), _date(permit.renewal_of.valid_until)))
    sections = []
    if permit.grounds:
        sections.append({"id": "grounds", "title": _("Grounds"), "paragraphs": [permit.grounds]})
    if permit.hardship_criteria:
        sections.append(
            {"id": "hardship", "title": _("Hardship criteria (Art. 31 VZAE)"), "paragraphs": [permit.hardship_criteria]}
        )
    opening = (
        _("We request a short-stay permit for the expected duration of the criminal proceedings (Art. 36 VZAE).")
        if permit.kind == PermitKind.L
        else _("We request a residence permit on serious personal hardship, to be submitted to the SEM for approval.")
    )
    return {
        "sender": permit.requested_by_organisation.name,
        "recipient": permit.addressed_to.name,
        "place_date": _date(permit.requested_on),
        "case_number": permit.case.case_number,
        "ech_code": permit.ech0006_code,
        "opening": opening,
        "facts": facts,
        "sections": sections,
    }


def permit_letter_pdf(permit: PermitRequest) -> bytes:
    language = print_language()
    with translation.override(language):
        context = _context(permit)
        title = str(TITLES[PermitKind(permit.kind)])
    return render_pdf(template_name="documents/permit_letter.html", context=context, language=language, title=title)
