"""The one gate in front of an operation: 404 alike for missing, foreign and untold, 403 for a
reader who sees the operation but may not do what was asked; every read of the police part is
written to the audit trail."""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from cases.policy import Reader
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record, do_record_denied
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment

from .models import Announcement, PlannedOperation
from .policy import Side, side_of
from .queries import operations_for

READ_PURPOSE = "operations register"


class Need(StrEnum):
    READ = "read"
    MANAGE = "manage"  # change, announce, cancel, record as carried out: the planning organisation
    ANSWER = "answer"  # acknowledge: an organisation that was told


@dataclass(frozen=True, kw_only=True)
class OperationAccess:
    """The operation and what this reader may see and do with it."""

    operation: PlannedOperation
    side: Side
    announcement: Announcement | None  # the reader's organisation's, when it was told
    can_manage: bool
    police_part: bool  # police or prosecution, and (an API client) holding the investigation scope

    @property
    def can_answer(self) -> bool:
        return self.announcement is not None and self.operation.status == PlannedOperation.Status.ANNOUNCED


def access_operation(
    *,
    reader: Reader,
    operation_id: int | str,
    need: Need = Need.READ,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> OperationAccess:
    """The operation as `reader` (a membership or an API caller) may see it. `actor` is the
    person the audit entries name; None: whoever the request being served identifies."""
    try:
        pk = int(operation_id)
    except (TypeError, ValueError):
        raise Http404 from None
    operation = operations_for(membership=reader).filter(pk=pk).first()
    if operation is None:
        do_record_denied(
            actor=actor,
            request=request,
            object_type="operations.plannedoperation",
            object_id=str(pk),
            compartment=Compartment.INVESTIGATION,
        )
        raise Http404
    side = side_of(reader)
    organisation_id = reader.organisation.pk
    announcement = None
    if side == Side.AID:
        announcement = Announcement.objects.filter(operation=operation, organisation_id=organisation_id).first()
    # An API client reads the police part only with the investigation scope, and never acts.
    ceiling: frozenset[str] | None = getattr(reader, "compartment_ceiling", None)
    access = OperationAccess(
        operation=operation,
        side=side,
        announcement=announcement,
        can_manage=side == Side.POLICE and ceiling is None and operation.planning_organisation_id == organisation_id,
        police_part=side == Side.POLICE and (ceiling is None or Compartment.INVESTIGATION in ceiling),
    )
    if (need == Need.MANAGE and not access.can_manage) or (need == Need.ANSWER and access.announcement is None):
        do_record_denied(actor=actor, request=request, obj=operation, compartment=Compartment.INVESTIGATION)
        raise PermissionDenied
    if access.police_part:
        do_record(
            actor=actor,
            action=AuditAction.READ,
            obj=operation,
            compartment=Compartment.INVESTIGATION,
            purpose=READ_PURPOSE,
            request=request,
        )
    return access
