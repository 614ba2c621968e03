"""The one gate in front of a case: 404 alike for missing, foreign and ungranted cases."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record, do_record_compartments, do_record_denied
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment

from .models import Case
from .policy import CaseAccess, Reader, decide
from .queries import CaseSearch

# Reads of these compartments are written to the audit trail (DESIGN.md 9).
AUDITED_COMPARTMENTS = frozenset({Compartment.IDENTITY, Compartment.COUNSELLING, Compartment.INVESTIGATION})


def actor_of(reader: Reader, request: HttpRequest | None = None) -> User | None:
    """The person behind a reader: the signed-in user, a membership's user, or None for a system."""
    user = getattr(request, "user", None) if request is not None else None
    membership = getattr(reader, "membership", reader)
    user_id = getattr(membership, "user_id", None)
    if isinstance(user, User) and (user_id is None or user.pk == user_id):
        return user
    if user_id is None:
        return None
    found: User | None = getattr(membership, "user", None)
    return found


def _decision(*, membership: Reader, pk: int, request: HttpRequest | None) -> CaseAccess | None:
    """The reader's decision on the case, made once per request (None: not a case of the reader)."""
    made: dict[tuple[int, int], CaseAccess] = getattr(request, "_case_access", {}) if request is not None else {}
    key = (pk, id(membership))
    cached = made.get(key)
    if cached is not None and cached.reader is membership:
        return cached
    # No grant filter here: decide() reads the reader's grants on the case anyway, and a case
    # without the core grant is answered as missing below (one query less than cases_for).
    case = Case.objects.select_related("intake_organisation").filter(pk=pk).first()
    if case is None:
        return None
    decision = decide(reader=membership, case=case)
    if not decision.can_read(Compartment.CORE):
        return None
    if request is not None:
        made[key] = decision
        request._case_access = made  # type: ignore[attr-defined]
    return decision


def decision_on(*, membership: Reader, case: Case, request: HttpRequest | None = None) -> CaseAccess:
    """The reader's decision on a case already in hand: the one the gate made for this request,
    or made now and kept for it. Rules (consents, referrals, residence gates) ask it; it records
    no read, as they show nothing by it (a page that shows data goes through `access_case`)."""
    made: dict[tuple[int, int], CaseAccess] = getattr(request, "_case_access", {}) if request is not None else {}
    key = (case.pk, id(membership))
    cached = made.get(key)
    if cached is not None and cached.reader is membership:
        return cached
    decision = decide(reader=membership, case=case)
    if request is not None:
        made[key] = decision
        request._case_access = made  # type: ignore[attr-defined]
    return decision


def record_reads(*, access: CaseAccess, compartments: Iterable[str], request: HttpRequest | None, purpose: str) -> None:
    """Writes a read of each audited compartment among `compartments` to the audit trail, together."""
    do_record_compartments(
        actor=actor_of(access.reader, request),
        action=AuditAction.READ,
        obj=access.case,
        compartments=sorted(set(map(str, compartments)) & AUDITED_COMPARTMENTS),
        purpose=purpose,
        request=request,
    )


def access_case(
    *,
    membership: Reader,
    case_id: int | str,
    compartment: str = Compartment.CORE,
    write: bool = False,
    request: HttpRequest | None = None,
    purpose: str = "",
    shows: Iterable[str] = (),
) -> CaseAccess:
    """The reader's decision on the case, if it may read `compartment` (and write it, with write=True).

    Missing, in another canton, outside the reader's cases or compartment not granted: Http404,
    recorded as a denied access. Readable but not writable: PermissionDenied (403). A read of
    identity, counselling or investigation data is recorded in the audit trail: `compartment`,
    and those of `shows` (what else the page shows) the reader may read. The decision is made
    once per request: a second call for the same case and reader reuses it.
    """
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise Http404 from None
    access = _decision(membership=membership, pk=pk, request=request)
    if access is None or not access.can_read(compartment):
        do_record_denied(
            actor=actor_of(membership, request),
            request=request,
            object_type="cases.case",
            object_id=str(pk),
            compartment=str(compartment),
        )
        raise Http404
    if write and not access.can_write(compartment):
        do_record_denied(
            actor=actor_of(membership, request), request=request, obj=access.case, compartment=str(compartment)
        )
        raise PermissionDenied
    read = {str(compartment)} if not write else set()
    read |= set(map(str, shows)) & access.readable
    record_reads(access=access, compartments=read, request=request, purpose=purpose or "case file")
    return access


def record_identity_search(*, actor: User | None, search: CaseSearch, request: HttpRequest, purpose: str) -> None:
    """A search by name or date of birth compares the identity of every case the reader may read:
    recorded as a read of identity data, for the list page and the API alike."""
    if not (search.name.strip() or search.birth.strip()):
        return
    do_record(
        actor=actor, action=AuditAction.READ, object_type="cases.case", compartment=Compartment.IDENTITY,
        purpose=purpose, request=request,
    )  # fmt: skip
