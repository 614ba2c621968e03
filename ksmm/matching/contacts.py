"""The round-table coordination of another canton, as a possible match names it: the canton and
the function contact of its coordinator organisation (from that canton's directory), no person."""

from dataclasses import dataclass

from django.db.models import Case, When
from django.utils.translation import get_language, gettext
from django_tenants.utils import schema_context

from ksmm.cantons.registry import CANTONS
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

_RECORDS = {record.code.lower(): record for record in CANTONS}


@dataclass(frozen=True, kw_only=True)
class CoordinationContact:
    code: str  # schema name, "ge"
    canton: str  # in the reader's language
    organisation: str
    phone: str
    email: str


def canton_name(code: str) -> str:
    record = _RECORDS[code]
    language = (get_language() or "de")[:2]
    return str(getattr(record, f"name_{language}", record.name_de))


def is_canton(code: str) -> bool:
    return code in _RECORDS


def coordination_contact(*, code: str) -> CoordinationContact:
    """One query in the other canton's schema, reading the coordination organisation's own
    phone and e-mail only (a function contact, not a person's): nothing of its cases or people."""
    with schema_context(code):
        row = (
            Membership.objects.filter(role=Membership.Role.COORDINATOR, is_active=True, organisation__is_active=True)
            # The canton's coordination unit where it has one, else the first coordinator's office.
            .annotate(unit=Case(When(organisation__type=Organisation.Type.COORDINATION_UNIT, then=0), default=1))
            .order_by("unit", "pk")
            .values("organisation__name", "organisation__short_name", "organisation__phone", "organisation__email")
            .first()
        )
    found: dict[str, str] = {key: str(value or "") for key, value in row.items()} if row else {}
    return CoordinationContact(
        code=code,
        canton=canton_name(code),
        organisation=found.get("organisation__short_name") or found.get("organisation__name") or "",
        phone=found.get("organisation__phone") or "",
        email=found.get("organisation__email") or "",
    )


def match_message(contact: CoordinationContact) -> str:
    """The signal as one sentence (a message after intake): canton and contact only."""
    reach = ", ".join(part for part in (contact.organisation, contact.phone, contact.email) if part)
    return gettext(
        "A possible match is known in the canton of %(canton)s. Contact its round-table coordination: %(contact)s."
    ) % {"canton": contact.canton, "contact": reach or gettext("no contact recorded")}
