"""Extending a running recovery and reflection period (Art. 35 para. 1 VZAE sets its length per
case): a partner that files requests asks with a reason, the migration office that granted the
period decides. A granted extension moves the end of the period and the Art. 36 notice; the
first grant and its minimum stay as they were.

Same shape as actions.py: `check_*` validate with translated messages, `do_*` are authorised by
the caller's gate, atomic and audited, and move deadlines through ksmm.deadlines.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.notifying import Kind, tell_organisations
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.deadlines.actions import do_move_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.partners.models import Organisation

from .handoffs import emit_hand_off, is_decision
from .models import DECIDING_TYPES, REQUESTING_TYPES, ReflectionExtension, ReflectionPeriod, reflection_end

RESIDENCE = Compartment.RESIDENCE.value
# The longest extension asked or granted at once: a further one can be asked while it runs.
MAX_EXTENSION_DAYS = 365


def _check_days(days: int | None, *, field: str) -> int:
    if days is None or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError(
            {field: _("Enter the days to add, from 1 to %(maximum)s.") % {"maximum": MAX_EXTENSION_DAYS}}
        )
    return days


def _tell(extension: ReflectionExtension, *, kind: str, acting_user: User | None) -> None:
    period = extension.period
    if kind == Kind.EXTENSION_REQUESTED:
        to, link = period.addressed_to_id, reverse("permits:extension_decide", args=[extension.pk])
    else:
        to, link = extension.requested_by_organisation_id, reverse("permits:case", args=[period.case_id])
    tell_organisations(
        kind=kind,
        case_id=period.case_id,
        organisation_ids=[to],
        link=link,
        event_key=f"{kind}:{extension.pk}",
        acting_user=acting_user,
    )
    emit_hand_off(extension, waiting=kind == Kind.EXTENSION_REQUESTED, decided=is_decision(kind), to=to)


def check_request_extension(
    *,
    acting_user: User | None,
    organisation: Organisation,
    period: ReflectionPeriod,
    requested_on: date,
    days: int | None,
    reason: str,
    request: HttpRequest | None = None,
) -> ReflectionExtension:
    """Victim aid, police or prosecution ask to extend a period that still runs, with a reason."""
    if organisation.type not in REQUESTING_TYPES:
        raise ValidationError(_("Only victim aid, police or prosecution ask to extend a reflection period."))
    if not period.is_running_on(requested_on):
        raise ValidationError(_("Only a reflection period that is running can be extended."))
    days = _check_days(days, field="days")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if period.extensions.filter(status=ReflectionExtension.Status.REQUESTED).exists():
        raise ValidationError(_("An extension of this period is already waiting for a decision."))
    return do_request_extension(
        acting_user=acting_user,
        organisation=organisation,
        period=period,
        requested_on=requested_on,
        days=days,
        reason=reason,
        request=request,
    )


def do_request_extension(
    *,
    acting_user: User | None,
    organisation: Organisation,
    period: ReflectionPeriod,
    requested_on: date,
    days: int,
    reason: str,
    request: HttpRequest | None = None,
) -> ReflectionExtension:
    with transaction.atomic():
        extension = ReflectionExtension.objects.create(
            period=period,
            requested_by_organisation=organisation,
            requested_by_user_id=acting_user.pk if acting_user is not None else None,
            requested_on=requested_on,
            requested_days=days,
            reason=reason,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            obj=extension,
            compartment=RESIDENCE,
            purpose="reflection period extension requested",
            recipient_organisation_id=period.addressed_to_id,
            request=request,
        )
        _tell(extension, kind=Kind.EXTENSION_REQUESTED, acting_user=acting_user)
    return extension


def check_decide_extension(
    *,
    acting_user: User | None,
    organisation: Organisation,
    extension: ReflectionExtension,
    grant: bool,
    decided_on: date,
    days: int | None = None,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> ReflectionExtension:
    """The migration office that granted the period grants the days asked (or another number)
    or refuses with reasons; a period that ended in the meantime is no longer extended."""
    period = extension.period
    if period.addressed_to_id != organisation.pk or organisation.type not in DECIDING_TYPES:
        raise ValidationError(_("Only the migration office the request is addressed to decides it."))
    if extension.status != ReflectionExtension.Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    reasons = reasons.strip()
    if not grant:
        if not reasons:
            raise ValidationError({"reasons": _("A refusal needs its reasons.")})
        return do_decide_extension(
            acting_user=acting_user, extension=extension, decided_on=decided_on, days=None, reasons=reasons,
            request=request,
        )  # fmt: skip
    if period.status != ReflectionPeriod.Status.GRANTED:
        raise ValidationError(_("Only a reflection period that is running can be extended."))
    days = _check_days(extension.requested_days if days is None else days, field="days")
    return do_decide_extension(
        acting_user=acting_user, extension=extension, decided_on=decided_on, days=days, reasons=reasons,
        request=request,
    )  # fmt: skip


def do_decide_extension(
    *,
    acting_user: User | None,
    extension: ReflectionExtension,
    decided_on: date,
    days: int | None,
    reasons: str,
    request: HttpRequest | None = None,
) -> ReflectionExtension:
    """`days` None refuses. A grant adds the days to the period and moves its end and the Art. 36
    notice (cancelled and opened anew, so their reminders are sent for the new dates)."""
    with transaction.atomic():
        period = ReflectionPeriod.objects.select_for_update().get(pk=extension.period_id)
        extension.period = period
        extension.status = ReflectionExtension.Status.REFUSED if days is None else ReflectionExtension.Status.GRANTED
        extension.decided_on = decided_on
        extension.decided_by_user_id = acting_user.pk if acting_user is not None else None
        extension.granted_days = days
        extension.decision_reasons = reasons
        extension.save()
        if days is not None:
            assert period.starts_on is not None and period.length_days is not None  # noqa: S101 - granted
            period.extended_days += days
            period.ends_on = reflection_end(
                starts_on=period.starts_on, length_days=period.length_days + period.extended_days
            )
            period.save(update_fields=["extended_days", "ends_on"])
            end = do_move_deadline(
                rule=RuleKey.REFLECTION_END, subject=period, anchor=period.starts_on, acting_user=acting_user,
                length_days=period.length_days + period.extended_days,
            )  # fmt: skip
            if end is not None:
                do_move_deadline(rule=RuleKey.ART36_NOTICE, subject=period, anchor=end.due_on, acting_user=acting_user)
        do_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=extension,
            compartment=RESIDENCE,
            purpose="reflection period extension " + ("refused" if days is None else "granted"),
            recipient_organisation_id=extension.requested_by_organisation_id,
            request=request,
        )
        _tell(extension, kind=Kind.EXTENSION_DECIDED, acting_user=acting_user)
    return extension
