"""Who may read and write which compartment of a case: the one policy (DESIGN.md 3).

`decide` makes the decision for one reader on one case, a `CaseAccess`; the gate
(`cases.access.access_case`) keeps it for the request and pages, API, PDFs, the timeline and
e-mails ask it. The functions below it answer single questions from a fresh decision; lists and
counts use `readable_filter`. A reader is
a membership (a person) or an API caller bound to an organisation; what counts is the
organisation it acts for in this canton:

- core: the organisation holds `view_core` on the case (it is a party);
- identity, investigation, residence: the organisation holds `view_<compartment>`;
- counselling: a victim-aid service holding `view_counselling` reads all of it; anybody else
  reads only the parts its consent rows in force open to it: a consent the parts it names, the
  logged minor-at-serious-risk exception only those its purpose allows for the organisation's
  type. One table says which (cases/visibility.py); `decide` and `readable_filter` both read it.
  Consents are read from the database for every decision, so a revocation takes effect on the
  next request.

API clients: a client Caller also has a `compartment_ceiling`, the compartments its scopes
open; a compartment is readable or writable only when both the grant and the ceiling allow it.

Sub-grants (ksmm.compartments.SubGrant): a named part of a compartment the agreement's matrix
gives an organisation type that does not read the compartment, held as `view_<sub-grant>` on the
case like a compartment; an API client reads it only when its scopes open the compartment it is
part of (`sub_grants`).

Residence: readers of the core compartment see the status and dates of residence matters
(`sees_residence_summary`); details need the residence compartment, or to be the organisation
that filed the request (`sees_residence_details`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from django.db.models import Q, Subquery

from ksmm.compartments import SUB_GRANT_COMPARTMENT, Compartment
from ksmm.partners.models import Organisation

from . import grants
from .models import Case, CaseGrant, Consent, CounsellingPart
from .visibility import honoured_consents, in_force_to, opened_parts


class Reader(Protocol):
    """A membership, or an API caller bound to an organisation."""

    @property
    def organisation(self) -> Organisation: ...


T = TypeVar("T")
ALL_COUNSELLING_PARTS = frozenset(CounsellingPart.values)


def _active(reader: Reader) -> bool:
    organisation = reader.organisation
    return bool(organisation.is_active) and bool(getattr(reader, "is_active", True))


def _opens(reader: Reader, compartment: str) -> bool:
    """Whether the reader's scopes open `compartment` (people have no ceiling, only grants)."""
    ceiling: frozenset[str] | None = getattr(reader, "compartment_ceiling", None)
    return ceiling is None or (Compartment.CORE in ceiling and str(compartment) in ceiling)


def ceiling_opens(*, reader: Reader, compartment: str) -> bool:
    """Whether an API client's scopes open `compartment` (always, for a person)."""
    return _opens(reader, compartment)


def _is_victim_aid(reader: Reader) -> bool:
    return str(reader.organisation.type) == Organisation.Type.VICTIM_AID


class Ground(StrEnum):
    """Why a reader may read a compartment (DESIGN.md 3)."""

    GRANT = "grant"
    CONSENT = "consent"
    EXCEPTION = "exception"


@dataclass(frozen=True, kw_only=True)
class CaseAccess:
    """What one reader may do on one case and why: the gate's decision, asked by everything after.

    `grounds` names, per readable compartment, the grounds that open it (counselling may be
    opened by a consent and by the exception at once). Built by `decide`; a page keeps it for
    the whole request, so a revoked consent takes effect on the next request.
    """

    case: Case
    reader: Reader
    readable: frozenset[str]
    writable: frozenset[str]
    counselling_parts: frozenset[str]
    grounds: Mapping[str, frozenset[Ground]] = field(default_factory=dict)
    # The sub-grants the reader holds on the case (ground: grant), e.g. the safety details.
    sub_grants: frozenset[str] = frozenset()
    # What the pages of this request have read of the case (see `loaded`); not part of the decision.
    _loaded: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def loaded(self, key: str, load: Callable[[], T]) -> T:
        """`load()` the first time `key` is asked for on this decision, the same value after.

        The view, its panels and the timeline share what they read of the case this way, so a
        page reads each table once. A decision lives for one request: nothing outlives it.
        """
        if key not in self._loaded:
            self._loaded[key] = load()
        value: T = self._loaded[key]
        return value

    def can_read(self, compartment: str) -> bool:
        return str(compartment) in self.readable

    def holds(self, sub_grant: str) -> bool:
        """Whether the reader holds the sub-grant (a reader of its whole compartment needs none)."""
        return str(sub_grant) in self.sub_grants

    def can_write(self, compartment: str) -> bool:
        return str(compartment) in self.writable

    @property
    def sees_residence_summary(self) -> bool:
        """Status and dates of residence matters: shown to every reader of the core compartment."""
        return Compartment.CORE in self.readable

    @property
    def reads_residence(self) -> bool:
        """Grounds, reasons and documents of every residence matter of the case."""
        return self.can_read(Compartment.RESIDENCE)

    @property
    def writes_residence(self) -> bool:
        return self.can_write(Compartment.RESIDENCE)

    def sees_residence_details(self, *, requested_by_organisation_id: int) -> bool:
        """The internals of one residence matter (grounds, reasons, documents, letters): readers of
        the residence compartment, and the organisation that filed the request (it wrote them)."""
        if requested_by_organisation_id == self.reader.organisation.pk:
            return self.sees_residence_summary
        return self.reads_residence


def _nothing(*, reader: Reader, case: Case) -> CaseAccess:
    return CaseAccess(
        case=case, reader=reader, readable=frozenset(), writable=frozenset(), counselling_parts=frozenset()
    )


def _consented_parts(*, reader: Reader, case: Case) -> dict[str, set[Ground]]:
    """Counselling part to the grounds that open it to the reader's organisation (one query)."""
    recipient_type = str(reader.organisation.type)
    parts: dict[str, set[Ground]] = {}
    rows = in_force_to(organisation_id=reader.organisation.pk).filter(case_id=case.pk)
    for basis, purpose, scope in rows.values_list("basis", "exception_purpose", "scope"):
        ground = Ground.CONSENT if basis == Consent.Basis.CONSENT else Ground.EXCEPTION
        for part in opened_parts(basis=basis, purpose=purpose, scope=scope, recipient_type=recipient_type):
            parts.setdefault(part, set()).add(ground)
    return parts


def decide(*, reader: Reader, case: Case) -> CaseAccess:
    """The reader's decision on the case: one query for the grants, one for consents if needed."""
    if not _active(reader) or not _opens(reader, Compartment.CORE):
        return _nothing(reader=reader, case=case)
    granted = grants.granted(organisation_id=reader.organisation.pk, case_id=case.pk)
    if grants.read_codename(Compartment.CORE) not in granted:
        return _nothing(reader=reader, case=case)
    grounds: dict[str, frozenset[Ground]] = {
        compartment: frozenset({Ground.GRANT})
        for compartment in grants.COMPARTMENTS
        if compartment != Compartment.COUNSELLING
        and grants.read_codename(compartment) in granted
        and _opens(reader, compartment)
    }
    parts: frozenset[str] = frozenset()
    if _opens(reader, Compartment.COUNSELLING):
        if _is_victim_aid(reader) and grants.read_codename(Compartment.COUNSELLING) in granted:
            parts = ALL_COUNSELLING_PARTS
            grounds[Compartment.COUNSELLING.value] = frozenset({Ground.GRANT})
        else:
            consented = _consented_parts(reader=reader, case=case)
            parts = frozenset(consented)
            if consented:
                grounds[Compartment.COUNSELLING.value] = frozenset().union(*consented.values())
    sub_grants = frozenset(
        sub
        for sub in grants.SUB_GRANTS
        if grants.read_codename(sub) in granted and _opens(reader, SUB_GRANT_COMPARTMENT[sub])
    )
    # A case handed over to another canton is the record of what was sent: nobody writes it.
    writable = frozenset(
        compartment
        for compartment in grants.COMPARTMENTS
        if grants.write_codename(compartment) in granted
        and _opens(reader, compartment)
        and (compartment != Compartment.COUNSELLING or _is_victim_aid(reader))
        and not case.transferred_out
    )
    return CaseAccess(
        case=case,
        reader=reader,
        readable=frozenset(grounds),
        writable=writable,
        counselling_parts=parts,
        grounds=grounds,
        sub_grants=sub_grants,
    )


def readable_counselling_parts(*, membership: Reader, case: Case) -> frozenset[str]:
    """The counselling parts the reader may see on this case (empty: none)."""
    return decide(reader=membership, case=case).counselling_parts


def readable_compartments(*, membership: Reader, case: Case) -> frozenset[str]:
    """Every compartment of the case the reader may read (empty: the case is invisible)."""
    return decide(reader=membership, case=case).readable


def can_read(*, membership: Reader, case: Case, compartment: str) -> bool:
    return decide(reader=membership, case=case).can_read(compartment)


def can_write(*, membership: Reader, case: Case, compartment: str) -> bool:
    """Writing needs the `change_` grant; counselling is written by the victim-aid service only."""
    return decide(reader=membership, case=case).can_write(compartment)


def sees_residence_summary(*, membership: Reader, case: Case) -> bool:
    """Status and dates of residence matters: shown to every reader of the core compartment."""
    return decide(reader=membership, case=case).sees_residence_summary


def readable_filter(*, membership: Reader, compartment: str = Compartment.CORE) -> Q:
    """A filter on Case for "the reader may read this compartment", by a join (lists, counts).

    The organisation's group is a scalar subquery of the same statement: evaluated once, it
    leaves the database the unique (group, permission, case) index of the grant table, as a
    group id resolved beforehand would, without a round trip of its own. No group: no row.
    """
    if not _active(membership) or not _opens(membership, compartment):
        return Q(pk__in=[])
    organisation = membership.organisation
    group_id = Subquery(grants.group_ids_of(organisation.pk)[:1])
    ids = grants.permission_ids()

    def holds(codename: str) -> Q:
        granted = CaseGrant.objects.filter(group_id=group_id, permission_id=ids[codename])
        return Q(pk__in=granted.values("content_object_id"))

    core = holds(grants.read_codename(Compartment.CORE))
    if compartment == Compartment.CORE:
        return core
    if compartment != Compartment.COUNSELLING:
        return core & holds(grants.read_codename(str(compartment)))
    honoured = in_force_to(organisation_id=organisation.pk).filter(
        honoured_consents(recipient_type=str(organisation.type))
    )
    consented = Q(pk__in=honoured.values("case_id"))
    if _is_victim_aid(membership):
        return core & (holds(grants.read_codename(Compartment.COUNSELLING)) | consented)
    return core & consented
