"""Writes to the operations register: `check_*` validate (ValidationError by field) and call
`do_*`, which are already authorised by the gate, atomic and audited, and tell the
organisations concerned through ksmm.notifications (kind, link, ids: never a place or a name)."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.assignments import active_members
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation

from .models import ANNOUNCED_FIELDS, Announcement, OperationCase, PlannedOperation
from .policy import AID_TYPES
from .queries import linkable_operations

PURPOSE = "operations register"
Kind = Reminder.Kind
Status = PlannedOperation.Status
OPEN = (Status.PLANNED, Status.ANNOUNCED)


def _record(*, acting_user: User | None, action: AuditAction, obj: Any) -> None:
    do_record(actor=acting_user, action=action, obj=obj, compartment=Compartment.INVESTIGATION, purpose=PURPOSE)


def _tell(*, kind: str, operation: PlannedOperation, recipient_ids: Iterable[int], event: str) -> None:
    """One inbox item per person: the kind and a link to the operation, no case, no place."""
    do_notify(
        kind=kind,
        case_id=None,
        recipient_ids=recipient_ids,
        link=reverse("operations:detail", args=[operation.pk]),
        event_key=f"{kind}:{operation.pk}:{event}",
    )


def _members_of(organisation_ids: Iterable[int], *, acting_user: User | None) -> set[int]:
    people = set(active_members(organisation_ids=organisation_ids).values_list("user_id", flat=True))
    if acting_user is not None:
        people.discard(acting_user.pk)
    return people


def _check_window(operation: PlannedOperation, errors: dict[str, list[str]]) -> None:
    if operation.starts_at and operation.ends_at and operation.ends_at <= operation.starts_at:
        errors.setdefault("ends_at", []).append(_("The end must come after the start."))


def check_save_operation(
    *, acting_user: User | None, organisation: Organisation, operation: PlannedOperation
) -> PlannedOperation:
    """Plans a new operation or changes one still planned or announced."""
    errors: dict[str, list[str]] = {}
    _check_window(operation, errors)
    if operation.pk is not None and operation.status not in OPEN:
        errors.setdefault("__all__", []).append(_("An operation carried out or cancelled can no longer be changed."))
    if errors:
        raise ValidationError(errors)
    return do_save_operation(acting_user=acting_user, organisation=organisation, operation=operation)


def do_save_operation(
    *, acting_user: User | None, organisation: Organisation, operation: PlannedOperation
) -> PlannedOperation:
    """Saves; a change of the announced part of an announced operation tells the organisations
    that were told again (a new version)."""
    with transaction.atomic():
        creating = operation.pk is None
        retell = False
        if creating:
            operation.planning_organisation = organisation
            operation.planned_by = acting_user
        else:
            before = PlannedOperation.objects.select_for_update().get(pk=operation.pk)
            changed = any(getattr(before, name) != getattr(operation, name) for name in ANNOUNCED_FIELDS)
            retell = changed and before.status == Status.ANNOUNCED
            if retell:
                operation.version = before.version + 1
        operation.save()
        _record(acting_user=acting_user, action=AuditAction.CREATE if creating else AuditAction.UPDATE, obj=operation)
        if retell:
            told = operation.announcements.values_list("organisation_id", flat=True)
            _tell(
                kind=Kind.OPERATION_CHANGED,
                operation=operation,
                recipient_ids=_members_of(told, acting_user=acting_user),
                event=f"v{operation.version}",
            )
    return operation


def aid_organisations() -> "Iterable[Organisation]":
    """The organisations an operation can be announced to: active victim-aid services and NGOs."""
    return Organisation.objects.filter(is_active=True, type__in=AID_TYPES).order_by("name")


def check_announce(
    *, acting_user: User | None, operation: PlannedOperation, organisations: Iterable[Organisation]
) -> list[Announcement]:
    """Announces the operation in advance to victim-aid organisations (more can be added later)."""
    organisations = list(organisations)
    if operation.status not in OPEN:
        raise ValidationError(_("Only a planned or announced operation can be announced."))
    if operation.ends_at <= timezone.now():
        raise ValidationError(_("An announcement must come before the operation ends."))
    if not organisations:
        raise ValidationError({"organisations": [_("Choose at least one victim-aid organisation.")]})
    if any(organisation.type not in AID_TYPES or not organisation.is_active for organisation in organisations):
        raise ValidationError({"organisations": [_("Only active victim-aid services and NGOs can be told.")]})
    return do_announce(acting_user=acting_user, operation=operation, organisations=organisations)


def do_announce(
    *, acting_user: User | None, operation: PlannedOperation, organisations: Iterable[Organisation]
) -> list[Announcement]:
    with transaction.atomic():
        operation = PlannedOperation.objects.select_for_update().get(pk=operation.pk)
        told = set(operation.announcements.values_list("organisation_id", flat=True))
        new = [
            Announcement.objects.create(operation=operation, organisation=organisation)
            for organisation in organisations
            if organisation.pk not in told
        ]
        if operation.status == Status.PLANNED:
            operation.status = Status.ANNOUNCED
            operation.announced_at = timezone.now()
            operation.save(update_fields=["status", "announced_at", "updated_at"])
        for announcement in new:
            do_record(
                actor=acting_user,
                action=AuditAction.CREATE,
                obj=announcement,
                compartment=Compartment.INVESTIGATION,
                purpose=PURPOSE,
                recipient_organisation_id=announcement.organisation_id,
            )
            _tell(
                kind=Kind.OPERATION_ANNOUNCED,
                operation=operation,
                recipient_ids=_members_of([announcement.organisation_id], acting_user=acting_user),
                event=f"to:{announcement.organisation_id}",
            )
    return new


def check_answer(*, acting_user: User | None, announcement: Announcement, answer: str, note: str) -> Announcement:
    """The told organisation's answer: present, on call, or not available (and a short note)."""
    if announcement.operation.status != Status.ANNOUNCED:
        raise ValidationError(_("This operation is no longer waiting for an answer."))
    if answer not in Announcement.Answer.values:
        raise ValidationError({"answer": [_("Choose an answer.")]})
    return do_answer(acting_user=acting_user, announcement=announcement, answer=answer, note=note)


def do_answer(*, acting_user: User | None, announcement: Announcement, answer: str, note: str) -> Announcement:
    with transaction.atomic():
        announcement.answer = answer
        announcement.answer_note = note.strip()
        announcement.answered_by = acting_user
        announcement.answered_at = timezone.now()
        announcement.save(update_fields=["answer", "answer_note", "answered_by", "answered_at"])
        _record(acting_user=acting_user, action=AuditAction.UPDATE, obj=announcement)
        operation = announcement.operation
        planner = [operation.planned_by_id] if operation.planned_by_id else []
        # The planner if still active; else the planning organisation's members.
        still = _members_of([operation.planning_organisation_id], acting_user=acting_user)
        recipients = [pk for pk in planner if pk in still] or still
        _tell(
            kind=Kind.OPERATION_ANSWERED,
            operation=operation,
            recipient_ids=recipients,
            event=f"{announcement.organisation_id}:{announcement.answered_at:%Y%m%d%H%M%S}",
        )
    return announcement


def check_cancel(*, acting_user: User | None, operation: PlannedOperation, reason: str) -> PlannedOperation:
    if operation.status not in OPEN:
        raise ValidationError(_("Only a planned or announced operation can be cancelled."))
    return do_cancel(acting_user=acting_user, operation=operation, reason=reason)


def do_cancel(*, acting_user: User | None, operation: PlannedOperation, reason: str) -> PlannedOperation:
    """Cancels; the organisations that were told are told to stand down."""
    with transaction.atomic():
        operation.status = Status.CANCELLED
        operation.cancelled_at = timezone.now()
        operation.cancel_reason = reason.strip()
        operation.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        _record(acting_user=acting_user, action=AuditAction.UPDATE, obj=operation)
        told = operation.announcements.values_list("organisation_id", flat=True)
        _tell(
            kind=Kind.OPERATION_CANCELLED,
            operation=operation,
            recipient_ids=_members_of(told, acting_user=acting_user),
            event="cancelled",
        )
    return operation


def check_carried_out(
    *, acting_user: User | None, operation: PlannedOperation, carried_out_on: date, not_announced_reason: str
) -> PlannedOperation:
    """Records that the operation took place; one never announced needs the reason (guidelines
    4.3: an announcement is left out only when it would compromise the prosecution)."""
    errors: dict[str, list[str]] = {}
    if operation.status not in OPEN:
        errors.setdefault("__all__", []).append(_("Only a planned or announced operation can be carried out."))
    if carried_out_on > timezone.localdate():
        errors.setdefault("carried_out_on", []).append(_("An operation cannot be carried out on a day still to come."))
    elif carried_out_on < timezone.localtime(operation.starts_at).date():
        errors.setdefault("carried_out_on", []).append(_("The day cannot be before the planned start."))
    if operation.status == Status.PLANNED and not not_announced_reason.strip():
        errors.setdefault("not_announced_reason", []).append(
            _("An operation that was not announced needs the reason (e.g. it would compromise the prosecution).")
        )
    if errors:
        raise ValidationError(errors)
    return do_carried_out(
        acting_user=acting_user,
        operation=operation,
        carried_out_on=carried_out_on,
        not_announced_reason=not_announced_reason if operation.status == Status.PLANNED else "",
    )


def do_carried_out(
    *, acting_user: User | None, operation: PlannedOperation, carried_out_on: date, not_announced_reason: str
) -> PlannedOperation:
    with transaction.atomic():
        operation.status = Status.CARRIED_OUT
        operation.carried_out_on = carried_out_on
        operation.not_announced_reason = not_announced_reason.strip()
        operation.save(update_fields=["status", "carried_out_on", "not_announced_reason", "updated_at"])
        _record(acting_user=acting_user, action=AuditAction.UPDATE, obj=operation)
    return operation


def check_link_case(
    *, acting_user: User | None, membership: Membership, case: Case, operation_id: int, now: datetime | None = None
) -> OperationCase:
    """Links a new case to an operation the reader sees (within the intake window)."""
    operation = linkable_operations(membership=membership, now=now).filter(pk=operation_id).first()
    if operation is None:
        raise ValidationError({"operation": [_("Choose an operation of the last days that you can see.")]})
    return do_link_case(acting_user=acting_user, organisation=membership.organisation, case=case, operation=operation)


def do_link_case(
    *, acting_user: User | None, organisation: Organisation, case: Case, operation: PlannedOperation
) -> OperationCase:
    with transaction.atomic():
        link = OperationCase.objects.create(
            operation=operation, case=case, linked_by=acting_user, linked_by_organisation=organisation
        )
        _record(acting_user=acting_user, action=AuditAction.CREATE, obj=link)
    return link
