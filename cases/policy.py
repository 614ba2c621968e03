"""Who may read and write which compartment of a case: the one policy (DESIGN.md 3).

Pages, API, search, counts, PDFs, the timeline and e-mails all ask these functions. A reader is
a membership (a person) or an API caller bound to an organisation; what counts is the
organisation it acts for in this canton:

- core: the organisation holds `view_core` on the case (it is a party);
- identity, investigation, residence: the organisation holds `view_<compartment>`;
- counselling: a victim-aid service holding `view_counselling` reads all of it; anybody else
  reads only the parts an active consent names for its organisation, or, under the logged
  minor-at-serious-risk exception, the parts its purpose allows for the organisation's type
  (cases/minor_at_risk.py; a row that asks for more opens only that). Revocation is read from
  the database on every call, so it takes effect on the next request.

API clients: a client Caller also has a `compartment_ceiling`, the compartments its scopes
open; a compartment is readable or writable only when both the grant and the ceiling allow it.

Residence: readers of the core compartment see the status and dates of residence matters
(`sees_residence_summary`); details need `can_read(..., compartment=RESIDENCE)`.
"""

from typing import Protocol

from django.db.models import Q

from partners.models import Organisation
from roundtables.compartments import Compartment

from . import grants
from .minor_at_risk import honoured_consents, honoured_scope
from .models import Case, CaseGrant, Consent, CounsellingPart


class Reader(Protocol):
    """A membership, or an API caller bound to an organisation."""

    @property
    def organisation(self) -> Organisation: ...


ALL_COUNSELLING_PARTS = frozenset(CounsellingPart.values)


def _active(reader: Reader) -> bool:
    organisation = reader.organisation
    return bool(organisation.is_active) and bool(getattr(reader, "is_active", True))


def _opens(reader: Reader, compartment: str) -> bool:
    """Whether the reader's scopes open `compartment` (people have no ceiling, only grants)."""
    ceiling: frozenset[str] | None = getattr(reader, "compartment_ceiling", None)
    return ceiling is None or (Compartment.CORE in ceiling and str(compartment) in ceiling)


def _is_victim_aid(reader: Reader) -> bool:
    return str(reader.organisation.type) == Organisation.Type.VICTIM_AID


def readable_counselling_parts(
    *, membership: Reader, case: Case, granted: frozenset[str] | None = None
) -> frozenset[str]:
    """The counselling parts the reader may see on this case (empty: none)."""
    if not _active(membership) or not _opens(membership, Compartment.COUNSELLING):
        return frozenset()
    organisation_id = membership.organisation.pk
    if granted is None:
        granted = grants.granted(organisation_id=organisation_id, case_id=case.pk)
    if grants.read_codename(Compartment.CORE) not in granted:
        return frozenset()
    if _is_victim_aid(membership) and grants.read_codename(Compartment.COUNSELLING) in granted:
        return ALL_COUNSELLING_PARTS
    recipient_type = str(membership.organisation.type)
    parts: set[str] = set()
    for basis, purpose, scope in Consent.objects.filter(
        case_id=case.pk, recipient_organisation_id=organisation_id, revoked_at__isnull=True
    ).values_list("basis", "exception_purpose", "scope"):
        parts |= honoured_scope(basis=basis, purpose=purpose, scope=scope, recipient_type=recipient_type)
    return frozenset(parts & ALL_COUNSELLING_PARTS)


def readable_compartments(*, membership: Reader, case: Case) -> frozenset[str]:
    """Every compartment of the case the reader may read (empty: the case is invisible)."""
    if not _active(membership) or not _opens(membership, Compartment.CORE):
        return frozenset()
    granted = grants.granted(organisation_id=membership.organisation.pk, case_id=case.pk)
    if grants.read_codename(Compartment.CORE) not in granted:
        return frozenset()
    readable = {
        compartment
        for compartment in grants.COMPARTMENTS
        if compartment != Compartment.COUNSELLING
        and grants.read_codename(compartment) in granted
        and _opens(membership, compartment)
    }
    if readable_counselling_parts(membership=membership, case=case, granted=granted):
        readable.add(Compartment.COUNSELLING.value)
    return frozenset(readable)


def can_read(*, membership: Reader, case: Case, compartment: str) -> bool:
    return str(compartment) in readable_compartments(membership=membership, case=case)


def can_write(*, membership: Reader, case: Case, compartment: str) -> bool:
    """Writing needs the `change_` grant; counselling is written by the victim-aid service only."""
    if not _active(membership) or not _opens(membership, compartment):
        return False
    granted = grants.granted(organisation_id=membership.organisation.pk, case_id=case.pk)
    if grants.read_codename(Compartment.CORE) not in granted:
        return False
    if compartment == Compartment.COUNSELLING and not _is_victim_aid(membership):
        return False
    return grants.write_codename(str(compartment)) in granted


def sees_residence_summary(*, membership: Reader, case: Case) -> bool:
    """Status and dates of residence matters: shown to every reader of the core compartment."""
    return can_read(membership=membership, case=case, compartment=Compartment.CORE)


def readable_filter(*, membership: Reader, compartment: str = Compartment.CORE) -> Q:
    """A filter on Case for "the reader may read this compartment", by a join (lists, counts).

    The organisation's group id is resolved first, so the database answers from the unique
    (group, permission, case) index of the grant table.
    """
    if not _active(membership) or not _opens(membership, compartment):
        return Q(pk__in=[])
    organisation = membership.organisation
    group_id = grants.group_id_for(organisation)
    if group_id is None:
        return Q(pk__in=[])
    ids = grants.permission_ids()

    def holds(codename: str) -> Q:
        granted = CaseGrant.objects.filter(group_id=group_id, permission_id=ids[codename])
        return Q(pk__in=granted.values("content_object_id"))

    core = holds(grants.read_codename(Compartment.CORE))
    if compartment == Compartment.CORE:
        return core
    if compartment != Compartment.COUNSELLING:
        return core & holds(grants.read_codename(str(compartment)))
    honoured = Consent.objects.filter(
        honoured_consents(recipient_type=str(organisation.type)),
        recipient_organisation_id=organisation.pk,
        revoked_at__isnull=True,
    )
    consented = Q(pk__in=honoured.values("case_id"))
    if _is_victim_aid(membership):
        return core & (holds(grants.read_codename(Compartment.COUNSELLING)) | consented)
    return core & consented
