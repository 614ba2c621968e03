"""The minor-at-risk exception of Art. 11(3) OHG as data: who may receive what, and why.

Without the person's consent, a victim-aid service may break its secrecy only when a minor's
physical, psychological or sexual integrity is seriously at risk, and then only to do one of two
things: inform the child protection authority (KESB) or file a criminal complaint. The rule
below names, per purpose, the organisation types that can be that recipient and the counselling
parts that purpose needs; nothing else is ever honoured, whatever a row in the database says.

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

from dataclasses import dataclass

from django.db.models import Q

from ksmm.partners.models import Organisation

from .models import Consent, CounsellingPart, ExceptionPurpose

Type = Organisation.Type
Part = CounsellingPart


@dataclass(frozen=True, kw_only=True)
class ExceptionRule:
    recipients: frozenset[str]
    parts: frozenset[str]


EXCEPTION_RULES: dict[str, ExceptionRule] = {
    ExceptionPurpose.KESB_NOTIFICATION: ExceptionRule(
        recipients=frozenset({Type.KESB}),
        parts=frozenset({Part.NOTES, Part.MEDICAL, Part.PSYCHOSOCIAL}),
    ),
    ExceptionPurpose.CRIMINAL_COMPLAINT: ExceptionRule(
        recipients=frozenset({Type.CANTONAL_POLICE, Type.CITY_POLICE, Type.PUBLIC_PROSECUTOR}),
        parts=frozenset({Part.NOTES, Part.MEDICAL}),
    ),
}


def exception_parts(*, purpose: str, recipient_type: str) -> frozenset[str]:
    """The parts the exception may open for this purpose to this type of recipient (empty: none)."""
    rule = EXCEPTION_RULES.get(purpose)
    if rule is None or recipient_type not in rule.recipients:
        return frozenset()
    return rule.parts


def purposes_for(*, recipient_type: str) -> list[str]:
    """The exception purposes an organisation of this type can receive data for."""
    return [purpose for purpose, rule in EXCEPTION_RULES.items() if recipient_type in rule.recipients]


def recipient_types() -> frozenset[str]:
    """Every organisation type that can receive data under the exception."""
    return frozenset().union(*(rule.recipients for rule in EXCEPTION_RULES.values()))


def honoured_scope(*, basis: str, purpose: str, scope: list[str], recipient_type: str) -> frozenset[str]:
    """The parts of a consent row the policy honours for its recipient: a consent's whole scope,
    the exception's scope only within its purpose's allowance, anything else nothing."""
    if basis == Consent.Basis.CONSENT:
        return frozenset(scope)
    if basis == Consent.Basis.MINOR_AT_RISK:
        return frozenset(scope) & exception_parts(purpose=purpose, recipient_type=recipient_type)
    return frozenset()


def honoured_consents(*, recipient_type: str) -> Q:
    """A filter on Consent for the rows `honoured_scope` opens at least one part of."""
    honoured = Q(basis=Consent.Basis.CONSENT)
    for purpose in purposes_for(recipient_type=recipient_type):
        parts = sorted(EXCEPTION_RULES[purpose].parts)
        honoured |= Q(basis=Consent.Basis.MINOR_AT_RISK, exception_purpose=purpose, scope__overlap=parts)
    return honoured
