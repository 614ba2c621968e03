"""The one gate in front of an operation: 404 alike for missing, foreign and untold, 403 for a
reader who sees the operation but may not do what was asked; every read of the police part is
written to the audit trail."""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ksmm.audit.actions import do_record, do_record_denied
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership

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

    @property
    def police_part(self) -> bool:
        return self.side == Side.POLICE

    @property
    def can_answer(self) -> bool:
        return self.announcement is not None and self.operation.status == PlannedOperation.Status.ANNOUNCED


def access_operation(
    *, membership: Membership, operation_id: int | str, need: Need = Need.READ, request: HttpRequest | None = None
) -> OperationAccess:
    try:
        pk = int(operation_id)
    except (TypeError, ValueError):
        raise Http404 from None
    operation = operations_for(membership=membership).filter(pk=pk).first()
    actor = membership.user if request is None else request.user
    if operation is None:
        do_record_denied(
            actor=actor,  # type: ignore[arg-type]
            request=request,
            object_type="operations.plannedoperation",
            object_id=str(pk),
            compartment=Compartment.INVESTIGATION,
        )
        raise Http404
    side = side_of(membership)
    announcement = None
    if side == Side.AID:
        announcement = Announcement.objects.filter(
            operation=operation, organisation_id=membership.organisation_id
        ).first()
    access = OperationAccess(
        operation=operation,
        side=side,
        announcement=announcement,
        can_manage=side == Side.POLICE and operation.planning_organisation_id == membership.organisation_id,
    )
    if (need == Need.MANAGE and not access.can_manage) or (need == Need.ANSWER and access.announcement is None):
        do_record_denied(actor=actor, request=request, obj=operation, compartment=Compartment.INVESTIGATION)  # type: ignore[arg-type]
        raise PermissionDenied
    if access.police_part:
        do_record(
            actor=actor,  # type: ignore[arg-type]
            action=AuditAction.READ,
            obj=operation,
            compartment=Compartment.INVESTIGATION,
            purpose=READ_PURPOSE,
            request=request,
        )
    return access
