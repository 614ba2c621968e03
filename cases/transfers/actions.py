"""Request, answer and withdrawal of a transfer to another canton (DESIGN.md 11).

Each step writes the canton it is taken in, the other canton's record and the public row in one
transaction (schema_context switches the search path on the same connection), so the three
never disagree. The copy itself runs after acceptance, in its own task (cases/transfers/copy.py).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context

from cases.access import decision_on
from cases.models import Case, CounsellingPart
from cases.policy import CaseAccess, Reader
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_canton_code
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder
from ksmm.transfers.directory import other_cantons, receiving_organisation
from ksmm.transfers.models import Transfer

from .models import LIVE, IncomingTransfer, Status, TransferRequest
from .queries import role_of

Kind = Reminder.Kind
Role = Membership.Role


class TransferRefused(Exception):
    """A transfer step the rules or the transfer's state do not allow; the message is shown."""


@contextmanager
def in_canton(code: str) -> Iterator[None]:
    """The schema of canton `code` ("GE"), on the same connection and transaction."""
    with schema_context(code.lower()):
        yield


@contextmanager
def in_public() -> Iterator[None]:
    with schema_context(get_public_schema_name()):
        yield


def may_request(*, membership: Reader) -> bool:
    """A lead of an organisation working on the case (the gate has found the case readable)."""
    return role_of(membership) == Role.LEAD


def may_answer(*, membership: Reader, incoming: IncomingTransfer) -> bool:
    """The receiving canton's coordinators and the leads of the receiving organisation."""
    role = role_of(membership)
    return role == Role.COORDINATOR or (
        role == Role.LEAD and membership.organisation.pk == incoming.receiving_organisation_id
    )


def check_request_transfer(
    *,
    acting_user: User | None,
    membership: Reader,
    case: Case,
    receiving_canton: str,
    receiving_organisation_id: int,
    reason: str,
    compartments: Iterable[str],
    counselling_parts: Iterable[str] = (),
    consent_given_on: date | None = None,
    request: HttpRequest | None = None,
) -> TransferRequest:
    """Validates a request against the rules, then makes it.

    What goes: the core always; what else the requesting organisation reads; counselling parts
    only when it holds the counselling (the victim-aid service) and records the date of the
    person's consent to that recipient (Art. 11 OHG). Anything else is refused, never trimmed.
    """
    access = decision_on(membership=membership, case=case, request=request)
    chosen = set(map(str, compartments)) | {Compartment.CORE.value}
    parts = set(map(str, counselling_parts))
    reason = reason.strip()
    if not may_request(membership=membership):
        raise TransferRefused(_("Only the lead of an organisation working on the case can ask for a transfer."))
    if case.status != Case.Status.OPEN:
        raise TransferRefused(_("Only an open case can be transferred."))
    sending = current_canton_code()
    if receiving_canton not in {canton.code for canton in other_cantons(sending_canton=sending)}:
        raise TransferRefused(_("Choose another canton on the platform."))
    with in_public():
        recipient = receiving_organisation(canton_code=receiving_canton, organisation_id=receiving_organisation_id)
    if recipient is None:
        raise TransferRefused(_("Choose an organisation from the other canton's directory."))
    if not reason:
        raise TransferRefused(_("Give the reason for the transfer."))
    if not chosen <= set(Compartment.values) or not chosen <= access.readable | {Compartment.COUNSELLING.value}:
        raise TransferRefused(_("You can only send what you read yourself."))
    if parts:
        chosen.add(Compartment.COUNSELLING.value)
    if Compartment.COUNSELLING.value in chosen:
        _check_counselling(access=access, parts=parts, consent_given_on=consent_given_on)
    if TransferRequest.objects.filter(case=case, status__in=LIVE).exists():
        raise TransferRefused(_("A transfer of this case is already under way."))
    return do_request_transfer(
        acting_user=acting_user,
        membership=membership,
        case=case,
        receiving_canton=receiving_canton,
        receiving_organisation_id=recipient.organisation_id,
        receiving_organisation_name=recipient.name,
        reason=reason,
        compartments=chosen,
        counselling_parts=parts,
        consent_given_on=consent_given_on,
        request=request,
    )


def _check_counselling(*, access: CaseAccess, parts: set[str], consent_given_on: date | None) -> None:
    """Counselling data leave the victim-aid service only with the person's consent (Art. 11 OHG)."""
    if not access.can_write(Compartment.COUNSELLING):
        raise TransferRefused(_("Only the victim-aid service that holds the counselling data can send them."))
    if not parts or not parts <= set(CounsellingPart.values) or not parts <= access.counselling_parts:
        raise TransferRefused(_("Choose which counselling data the person consented to send."))
    if consent_given_on is None or consent_given_on > timezone.localdate():
        raise TransferRefused(
            _(
                "Counselling data go to another canton only with the person's consent to that "
                "recipient (Art. 11 OHG): record the date the consent was given."
            )
        )


def do_request_transfer(
    *,
    acting_user: User | None,
    membership: Reader,
    case: Case,
    receiving_canton: str,
    receiving_organisation_id: int,
    receiving_organisation_name: str,
    reason: str,
    compartments: Iterable[str],
    counselling_parts: Iterable[str],
    consent_given_on: date | None,
    request: HttpRequest | None = None,
) -> TransferRequest:
    sending = current_canton_code()
    with transaction.atomic():
        with in_public():
            transfer = Transfer.objects.create(
                sending_canton=sending,
                receiving_canton=receiving_canton,
                sender_case_id=case.pk,
                sender_organisation_id=membership.organisation.pk,
                receiving_organisation_id=receiving_organisation_id,
            )
            audit_public(acting_user, transfer, "transfer requested", request)
        sent = TransferRequest.objects.create(
            case=case,
            transfer_id=transfer.pk,
            receiving_canton=receiving_canton,
            receiving_organisation_id=receiving_organisation_id,
            receiving_organisation_name=receiving_organisation_name,
            requesting_organisation=membership.organisation,
            requested_by_user_id=acting_user.pk if acting_user else None,
            reason=reason,
            compartments=sorted(compartments),
            counselling_parts=sorted(counselling_parts),
            consent_given_on=consent_given_on if counselling_parts else None,
        )
        do_record(
            actor=acting_user, action=AuditAction.CREATE, obj=sent, compartment=Compartment.CORE,
            purpose=f"transfer requested to {receiving_canton}", request=request,
        )  # fmt: skip
        with in_canton(receiving_canton):
            incoming = IncomingTransfer.objects.create(
                transfer_id=transfer.pk,
                sending_canton=sending,
                sender_case_id=case.pk,
                sender_case_number=case.case_number,
                sender_organisation_name=membership.organisation.name,
                receiving_organisation_id=receiving_organisation_id,
                reason=reason,
                compartments=sent.compartments,
                counselling_parts=sent.counselling_parts,
                requested_at=sent.requested_at,
            )
            do_record(
                actor=acting_user, action=AuditAction.CREATE, obj=incoming, compartment=Compartment.CORE,
                purpose=f"transfer requested from {sending}", request=request,
            )  # fmt: skip
            tell_receiving(incoming, kind=Kind.TRANSFER_REQUESTED, acting_user=acting_user)
    return sent


def check_accept_transfer(
    *, acting_user: User | None, membership: Reader, incoming: IncomingTransfer, request: HttpRequest | None = None
) -> IncomingTransfer:
    """The receiving canton takes the case; the copy follows in its own task once this commits."""
    _require_answerable(membership=membership, incoming=incoming)
    from .tasks import copy_transfer

    with transaction.atomic():
        _answer(incoming, acting_user=acting_user, status=Status.ACCEPTED, reason="", request=request)
        transfer_id = incoming.transfer_id
        transaction.on_commit(lambda: _send_copy(copy_transfer, transfer_id), robust=True)
    return incoming


def _send_copy(task: object, transfer_id: int) -> None:
    # The copy moves between schemas itself: it starts in public, as a task sent from there.
    with in_public():
        task.apply_async(kwargs={"transfer_id": transfer_id})  # type: ignore[attr-defined]


def check_decline_transfer(
    *,
    acting_user: User | None,
    membership: Reader,
    incoming: IncomingTransfer,
    reason: str,
    request: HttpRequest | None = None,
) -> IncomingTransfer:
    _require_answerable(membership=membership, incoming=incoming)
    if not reason.strip():
        raise TransferRefused(_("Give a reason for declining."))
    with transaction.atomic():
        _answer(incoming, acting_user=acting_user, status=Status.DECLINED, reason=reason.strip(), request=request)
    return incoming


def _require_answerable(*, membership: Reader, incoming: IncomingTransfer) -> None:
    if not may_answer(membership=membership, incoming=incoming):
        raise TransferRefused(_("Only the coordinators and the receiving organisation's leads answer a transfer."))
    if incoming.status != Status.REQUESTED:
        raise TransferRefused(_("This transfer is no longer open for an answer."))


def _answer(
    incoming: IncomingTransfer, *, acting_user: User | None, status: str, reason: str, request: HttpRequest | None
) -> None:
    """Writes the answer into the receiving canton, the public row and the sending canton."""
    now = timezone.now()
    incoming = IncomingTransfer.objects.select_for_update().get(pk=incoming.pk)
    if incoming.status != Status.REQUESTED:
        raise TransferRefused(_("This transfer is no longer open for an answer."))
    incoming.status, incoming.decline_reason = status, reason
    incoming.answered_by_user_id = acting_user.pk if acting_user else None
    incoming.answered_at = now
    incoming.save(update_fields=["status", "decline_reason", "answered_by_user_id", "answered_at"])
    purpose = f"transfer {status}"
    do_record(actor=acting_user, action=AuditAction.UPDATE, obj=incoming, compartment=Compartment.CORE,
              purpose=purpose, request=request)  # fmt: skip
    with in_public():
        transfer = Transfer.objects.select_for_update().get(pk=incoming.transfer_id)
        transfer.status, transfer.answered_at = status, now
        transfer.save(update_fields=["status", "answered_at"])
        audit_public(acting_user, transfer, purpose, request)
    with in_canton(incoming.sending_canton):
        sent = TransferRequest.objects.select_for_update().get(transfer_id=incoming.transfer_id)
        sent.status, sent.answer_reason, sent.answered_at = status, reason, now
        sent.save(update_fields=["status", "answer_reason", "answered_at"])
        do_record(actor=acting_user, action=AuditAction.UPDATE, obj=sent, compartment=Compartment.CORE,
                  purpose=purpose, request=request)  # fmt: skip
        kind = Kind.TRANSFER_ACCEPTED if status == Status.ACCEPTED else Kind.TRANSFER_DECLINED
        tell_sending(sent, kind=kind, acting_user=acting_user)


def check_withdraw_transfer(
    *, acting_user: User | None, membership: Reader, sent: TransferRequest, request: HttpRequest | None = None
) -> TransferRequest:
    """The sending side takes back a request not yet answered (once accepted, the copy runs)."""
    if not may_request(membership=membership) or membership.organisation.pk != sent.requesting_organisation_id:
        raise TransferRefused(_("Only the leads of the requesting organisation can withdraw the request."))
    with transaction.atomic():
        sent = TransferRequest.objects.select_for_update().get(pk=sent.pk)
        if sent.status != Status.REQUESTED:
            raise TransferRefused(_("This transfer can no longer be withdrawn."))
        sent.status = Status.WITHDRAWN
        sent.save(update_fields=["status"])
        do_record(actor=acting_user, action=AuditAction.UPDATE, obj=sent, compartment=Compartment.CORE,
                  purpose="transfer withdrawn", request=request)  # fmt: skip
        with in_public():
            Transfer.objects.filter(pk=sent.transfer_id).update(status=Status.WITHDRAWN, answered_at=timezone.now())
            transfer = Transfer.objects.get(pk=sent.transfer_id)
            audit_public(acting_user, transfer, "transfer withdrawn", request)
        with in_canton(sent.receiving_canton):
            IncomingTransfer.objects.filter(transfer_id=sent.transfer_id).update(status=Status.WITHDRAWN)
    return sent


def tell_sending(sent: TransferRequest, *, kind: str, acting_user: User | None) -> None:
    """The requesting organisation's people (in the sending canton's schema)."""
    recipients = set(
        Membership.objects.filter(
            organisation_id=sent.requesting_organisation_id, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    if acting_user is not None:
        recipients.discard(acting_user.pk)
    link = reverse("casetransfers:case", args=[sent.case_id])
    do_notify(kind=kind, case_id=sent.case_id, recipient_ids=recipients, link=link,
              event_key=f"{kind}:{sent.transfer_id}")  # fmt: skip


def tell_receiving(incoming: IncomingTransfer, *, kind: str, acting_user: User | None) -> None:
    """The receiving canton's coordinators and the receiving organisation's people."""
    recipients = set(
        Membership.objects.filter(is_active=True, user__is_active=True)
        .filter(organisation_id=incoming.receiving_organisation_id)
        .values_list("user_id", flat=True)
    ) | set(
        Membership.objects.filter(is_active=True, user__is_active=True, role=Role.COORDINATOR).values_list(
            "user_id", flat=True
        )
    )
    if acting_user is not None:
        recipients.discard(acting_user.pk)
    link = reverse("casetransfers:incoming", args=[incoming.pk])
    do_notify(kind=kind, case_id=incoming.case_id, recipient_ids=recipients, link=link,
              event_key=f"{kind}:{incoming.transfer_id}")  # fmt: skip


def audit_public(acting_user: User | None, transfer: Transfer, purpose: str, request: HttpRequest | None) -> None:
    """Metadata only in the federal chain: the transfer's id, the two cantons, the step."""
    do_record(
        actor=acting_user,
        action=AuditAction.UPDATE if transfer.status != Status.REQUESTED else AuditAction.CREATE,
        obj=transfer,
        purpose=f"{purpose} {transfer.sending_canton}->{transfer.receiving_canton}",
        request=request,
    )
