"""The copy of an accepted transfer: the sending canton's case into the receiving canton's
schema, in one database transaction (DESIGN.md 11).

It reads the sending schema (encrypted fields decrypt with that canton's key as they load),
writes the receiving schema (they encrypt with its key as they save), then marks the sending
case and the public row. Nothing is committed before everything is: a worker killed at any
point leaves the receiving canton without the case, and the redelivered task starts over. A
rerun after success finds the public row completed and does nothing; were it to get past that,
the receiving canton's unique (sending canton, sending case) would stop it. No plaintext leaves
the database connection's process: nothing is queued, cached or logged on the way.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases.actions import allocate_case_number, do_add_party
from cases.models import Case
from cases.retention import do_schedule_retention
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.events.actions import do_emit, event_key_for
from ksmm.events.models import EventKind
from ksmm.transfers.models import Transfer

from .actions import Kind, audit_public, in_canton, in_public, tell_receiving, tell_sending
from .carrying import Carrying, carriers
from .models import IncomingTransfer, Status, TransferRequest

CORE_FIELDS = (
    "pseudonym",
    "is_minor",
    "opened_on",
    "exploitation_type",
    "exploitation_subtypes",
    "place_of_exploitation",
)


def do_copy_transfer(*, transfer_id: int) -> int | None:
    """Copies the accepted transfer's case; returns the new case's id in the receiving canton
    (also when it was copied before), None when the transfer is not accepted.

    A carrier that writes outside the database (attachment bytes) leaves an undo behind: after
    a rollback it removes what was written, so that no file of a copy that never happened
    stays in the receiving canton's storage (a killed worker leaves at most bytes under a random
    key no row names, which the receiving canton cannot reach)."""
    undo: list[Callable[[], None]] = []
    try:
        return _copy(transfer_id=transfer_id, undo=undo)
    except BaseException:
        for step in undo:
            step()
        raise


def _copy(*, transfer_id: int, undo: list[Callable[[], None]]) -> int | None:
    with transaction.atomic():
        with in_public():
            transfer = Transfer.objects.select_for_update().filter(pk=transfer_id).first()
        if transfer is None or transfer.status == Status.COMPLETED:
            return transfer.received_case_id if transfer is not None else None
        if transfer.status != Status.ACCEPTED:
            return None
        with in_canton(transfer.sending_canton):
            sent = TransferRequest.objects.select_for_update().get(transfer_id=transfer.pk)
            case = Case.objects.select_for_update().get(pk=sent.case_id)
            carrying = Carrying(
                compartments=frozenset(sent.compartments),
                counselling_parts=frozenset(sent.counselling_parts),
                acting_user=None,
                undo=undo,
            )
            core = {name: getattr(case, name) for name in CORE_FIELDS}
            data = {carrier.name: carrier.read(case_id=case.pk, carrying=carrying) for carrier in carriers()}
        with in_canton(transfer.receiving_canton):
            received = _write_case(transfer=transfer, core=core, data=data, carrying=carrying)
        with in_canton(transfer.sending_canton):
            _close_sent(sent=sent, case=case, received=received)
        with in_public():
            transfer.status = Status.COMPLETED
            transfer.received_case_id = received.pk
            transfer.completed_at = timezone.now()
            transfer.save(update_fields=["status", "received_case_id", "completed_at"])
            audit_public(None, transfer, "transfer completed", None)
    return received.pk


def _write_case(*, transfer: Transfer, core: dict[str, Any], data: dict[str, Any], carrying: Carrying) -> Case:
    """The new case in the receiving canton: its number, the receiving organisation as lead
    with this canton's default grants, then every carrier's rows."""
    incoming = (
        IncomingTransfer.objects.select_for_update()
        .select_related("receiving_organisation")
        .get(transfer_id=transfer.pk)
    )
    # The person who accepted: the copy is their act in this canton's chain.
    acting_user = User.objects.filter(pk=incoming.answered_by_user_id).first() if incoming.answered_by_user_id else None
    carrying.acting_user = acting_user
    receiving = incoming.receiving_organisation
    case = Case.objects.create(
        case_number=allocate_case_number(year=timezone.localdate().year),
        intake_organisation=receiving,
        source=Case.Source.OTHER_CANTON,
        **core,
    )
    do_record(actor=acting_user, action=AuditAction.CREATE, obj=case, compartment=Compartment.CORE,
              purpose=f"transfer from {transfer.sending_canton}")  # fmt: skip
    do_add_party(acting_user=acting_user, case=case, organisation=receiving)
    carrying.receiving, carrying.case = receiving, case
    for carrier in carriers():
        carrier.write(data[carrier.name], carrying=carrying)
    # Each compartment that arrived, as a write of it in this canton's chain.
    for compartment in sorted(carrying.compartments - {Compartment.CORE.value}):
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=case, compartment=compartment,
                  purpose=f"transfer from {transfer.sending_canton}")  # fmt: skip
    incoming.case = case
    incoming.status = Status.COMPLETED
    incoming.carried = {**carrying.carried, **carrying.kept}
    incoming.save(update_fields=["case", "status", "carried"])
    tell_receiving(incoming, kind=Kind.TRANSFER_COMPLETED, acting_user=acting_user)
    _emit_transferred(case=case, organisation_id=receiving.pk, transfer_id=transfer.pk)
    return case


def _close_sent(*, sent: TransferRequest, case: Case, received: Case) -> None:
    """The sending case becomes the record of the transfer: closed today, read-only, silent
    (its deadlines cancelled), its retention running from today."""
    now = timezone.now()
    sent.status = Status.COMPLETED
    sent.completed_at = now
    sent.received_case_number = received.case_number
    sent.save(update_fields=["status", "completed_at", "received_case_number"])
    Deadline.objects.filter(case=case, status=Deadline.Status.OPEN).exclude(rule_key=RuleKey.RETENTION).update(
        status=Deadline.Status.CANCELLED, closed_at=now, close_reason="transferred to another canton"
    )
    case.status = Case.Status.CLOSED
    case.closed_on = max(timezone.localdate(), case.opened_on)
    case.transferred_out = True
    case.save(update_fields=["status", "closed_on", "transferred_out"])
    do_record(actor=None, action=AuditAction.UPDATE, obj=case, compartment=Compartment.CORE,
              purpose=f"transferred to {sent.receiving_canton}")  # fmt: skip
    do_schedule_retention(case=case)
    tell_sending(sent, kind=Kind.TRANSFER_COMPLETED, acting_user=None)
    _emit_transferred(case=case, organisation_id=sent.requesting_organisation_id, transfer_id=sent.transfer_id)


def _emit_transferred(*, case: Case, organisation_id: int, transfer_id: int) -> None:
    """The transfer, in each canton's own events: the sending case (now the read-only record),
    for the requesting organisation; the new case, for the receiving one. Keyed by the
    transfer, so a redelivered copy task records neither twice."""
    do_emit(
        kind=EventKind.CASE_TRANSFERRED,
        obj=case,
        organisation_id=organisation_id,
        compartment=Compartment.CORE,
        event_key=event_key_for(EventKind.CASE_TRANSFERRED, case, transfer_id),
    )
