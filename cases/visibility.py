"""Which counselling parts a consent row opens to its recipient: one table, `OPENINGS`.

Counselling data leave the victim-aid service only through a consent row (DESIGN.md 3). A row of
the table says: a consent row of this basis and exception purpose, addressed to an organisation
of one of these types, opens the parts of its scope that are among these parts. A consent row
the table has no opening for opens nothing, whatever the database says. The decision on one
case evaluates its rows with `opened_parts`; lists and counts filter with `honoured_consents`;
both are read off the table, so they cannot differ (tests/cases/test_visibility.py).

- The person's consent: whatever the person agreed to, to the organisation the person named.
- Without consent, a victim-aid service may break its secrecy only when a minor's physical,
  psychological or sexual integrity is seriously at risk (Art. 11(3) OHG), and then only to do
  one of two things: inform the child protection authority (KESB) or file a criminal complaint.
  Each purpose names the organisation types that can be its recipient and the parts it needs:
- KESB notification: the KESB must judge the risk and order protective measures (guardian,
  placement, contact rules). It needs what happened (notes), the child's injuries and health
  (medical) and the child's psychological state and support (psycho-social). Legal help (the
  lawyer's work on proceedings and claims) does not serve that decision.
- Criminal complaint: the police and the prosecution need the facts of the offence (notes) and
  the injuries that evidence it (medical). The psycho-social counselling and the legal help are
  not needed to open proceedings; the authorities hear the child themselves (StPO Art. 154).
- Accommodation is in neither: the shelter address is what keeps the child safe from the
  traffickers; the law allows informing, not handing over the hiding place, and the authorities
  reach the child through the victim-aid service.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ksmm.partners.models import Organisation

from .models import Consent, CounsellingPart, ExceptionPurpose

Type = Organisation.Type
Part = CounsellingPart
Basis = Consent.Basis


@dataclass(frozen=True, kw_only=True)
class Opening:
    """What a consent row of `basis` and `purpose` opens: the parts of its scope among `parts`,
    to an organisation whose type is in `recipients` (None: any organisation)."""

    basis: str
    purpose: str
    recipients: frozenset[str] | None
    parts: frozenset[str]

    def opens_to(self, recipient_type: str) -> bool:
        return self.recipients is None or recipient_type in self.recipients


OPENINGS: tuple[Opening, ...] = (
    Opening(basis=Basis.CONSENT, purpose="", recipients=None, parts=frozenset(Part.values)),
    Opening(
        basis=Basis.MINOR_AT_RISK,
        purpose=ExceptionPurpose.KESB_NOTIFICATION,
        recipients=frozenset({Type.KESB}),
        parts=frozenset({Part.NOTES, Part.MEDICAL, Part.PSYCHOSOCIAL}),
    ),
    Opening(
        basis=Basis.MINOR_AT_RISK,
        purpose=ExceptionPurpose.CRIMINAL_COMPLAINT,
        recipients=frozenset({Type.CANTONAL_POLICE, Type.CITY_POLICE, Type.PUBLIC_PROSECUTOR}),
        parts=frozenset({Part.NOTES, Part.MEDICAL}),
    ),
)
_OPENING_OF = {(opening.basis, opening.purpose): opening for opening in OPENINGS}

# The exception's openings by purpose, for recording it: it goes only to whom and covers only
# what its purpose allows (cases/consents.py, cases/forms.py).
EXCEPTION_RULES: dict[str, Opening] = {
    opening.purpose: opening for opening in OPENINGS if opening.basis == Basis.MINOR_AT_RISK
}


def recipient_types() -> frozenset[str]:
    """Every organisation type that can receive data under the exception."""
    return frozenset().union(*(rule.recipients or () for rule in EXCEPTION_RULES.values()))


def opened_parts(*, basis: str, purpose: str, scope: Iterable[str], recipient_type: str) -> frozenset[str]:
    """The parts one consent row opens to its recipient, an organisation of `recipient_type`."""
    opening = _OPENING_OF.get((basis, purpose))
    if opening is None or not opening.opens_to(recipient_type):
        return frozenset()
    return frozenset(scope) & opening.parts


def honoured_consents(*, recipient_type: str) -> Q:
    """A filter on Consent for the rows `opened_parts` opens at least one part of to an
    organisation of `recipient_type`: the same table, as SQL."""
    honoured = Q(pk__in=[])
    for opening in OPENINGS:
        if opening.opens_to(recipient_type):
            parts = sorted(opening.parts)
            honoured |= Q(basis=opening.basis, exception_purpose=opening.purpose, scope__overlap=parts)
    return honoured


def in_force_to(*, organisation_id: int) -> QuerySet[Consent]:
    """The consent rows addressed to the organisation and not revoked: a revocation ends a row's
    reads from the next request on."""
    return Consent.objects.filter(recipient_organisation_id=organisation_id, revoked_at__isnull=True)
