"""The letter of a referral to an organisation without users, in the recipient's language.

It carries the case number, the sender's message and the compartments the referral shares, each
only as far as the sender's own decision on the case lets it read them now (a consent revoked
since the referral was made counts). Nothing else of the case goes into it.
"""

import dataclasses
from datetime import date
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ksmm.cantons.current import print_language
from ksmm.compartments import Compartment
from ksmm.documents.rendering import render_pdf
from ksmm.partners.models import Organisation

from .documents import compartment_sections
from .models import Referral
from .policy import CaseAccess

# The compartments a letter can carry, in the order it prints them.
PRINTED = (Compartment.CORE, Compartment.IDENTITY, Compartment.COUNSELLING, Compartment.INVESTIGATION)


def letter_language(organisation: Organisation) -> str:
    """The organisation's language of correspondence, else the canton's language."""
    return organisation.correspondence_language or print_language()


def printed_compartments(*, access: CaseAccess, referral: Referral) -> frozenset[str]:
    """What the letter prints: what the referral shares, of what the sender may read now."""
    shared = frozenset(referral.compartments) | {Compartment.CORE.value}
    return shared & access.readable & frozenset(map(str, PRINTED))


def address_lines(organisation: Organisation) -> list[str]:
    lines = [organisation.name, organisation.street_line, organisation.post_office_box, organisation.town_line]
    if organisation.country != "CH":
        lines.append(organisation.country)
    return [line for line in lines if line]


def _context(*, access: CaseAccess, referral: Referral, printed: frozenset[str], today: date) -> dict[str, Any]:
    # The sections come from the sender's decision narrowed to what the referral shares, so the
    # policy (grants, consents, counselling parts) still decides every row that is printed.
    narrowed = dataclasses.replace(access, readable=printed)
    shared_labels = [str(Compartment(value).label) for value in PRINTED if value in printed]
    facts = [
        (_("Case"), referral.case.case_number),
        (_("Referred on"), formats.date_format(timezone.localtime(referral.requested_at).date(), "SHORT_DATE_FORMAT")),
        (_("Data shared"), ", ".join(shared_labels)),
    ]
    return {
        "sender": referral.from_organisation,
        "sender_lines": address_lines(referral.from_organisation),
        "recipient_lines": address_lines(referral.to_organisation),
        "place_date": formats.date_format(today, "DATE_FORMAT"),
        "case_number": referral.case.case_number,
        "facts": facts,
        "message": referral.message,
        "sections": compartment_sections(access=narrowed),
    }


def referral_letter_pdf(*, access: CaseAccess, referral: Referral, today: date) -> tuple[bytes, frozenset[str]]:
    """The letter and the compartments it printed (for the audit trail)."""
    language = letter_language(referral.to_organisation)
    printed = printed_compartments(access=access, referral=referral)
    with translation.override(language):
        context = _context(access=access, referral=referral, printed=printed, today=today)
        title = _("Referral of case %(number)s") % {"number": referral.case.case_number}
    pdf = render_pdf(template_name="cases/letters/letter.html", context=context, language=language, title=title)
    return pdf, printed
