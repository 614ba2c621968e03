"""The one gate in front of a case: 404 alike for missing, foreign and ungranted cases."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record, do_record_denied
from ksmm.audit.models import AuditAction
from roundtables.compartments import Compartment

from .models import Case
from .policy import Reader, can_write, readable_compartments
from .queries import cases_for

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


def access_case(
    *,
    membership: Reader,
    case_id: int | str,
    compartment: str = Compartment.CORE,
    write: bool = False,
    request: HttpRequest | None = None,
    purpose: str = "",
) -> Case:
    """The case, if the reader may read `compartment` of it (and write it, with write=True).

    Missing, in another canton, outside the reader's cases or compartment not granted: Http404,
    recorded as a denied access. Readable but not writable: PermissionDenied (403). A read of
    identity, counselling or investigation data is recorded in the audit trail.
    """
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise Http404 from None
    case = cases_for(membership=membership).filter(pk=pk).first()
    readable = readable_compartments(membership=membership, case=case) if case is not None else frozenset()
    actor = actor_of(membership, request)
    if case is None or str(compartment) not in readable:
        do_record_denied(
            actor=actor, request=request, object_type="cases.case", object_id=str(pk), compartment=str(compartment)
        )
        raise Http404
    if write and not can_write(membership=membership, case=case, compartment=compartment):
        do_record_denied(actor=actor, request=request, obj=case, compartment=str(compartment))
        raise PermissionDenied
    if not write and compartment in AUDITED_COMPARTMENTS:
        do_record(
            actor=actor,
            action=AuditAction.READ,
            obj=case,
            compartment=str(compartment),
            purpose=purpose or "case file",
            request=request,
        )
    return case
