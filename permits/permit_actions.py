"""Permit requests, the migration office's decisions, the SEM step and federal decisions.

Same shape as actions.py: `check_*` validate with translated messages, `do_*` are authorised by
the caller's gate, atomic and audited, and open or close deadlines through ksmm.deadlines.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.notifying import Kind, tell_organisations
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.deadlines.actions import do_close_deadline, do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.deadlines.rules import l_permit_last_day
from ksmm.partners.models import Organisation

from .actions import check_migration_office, ensure_party
from .handoffs import emit_hand_off, is_decision
from .models import DECIDING_TYPES, FEDERAL_KINDS, REQUESTING_TYPES, PermitDocument, PermitKind, PermitRequest, Stay

RESIDENCE = Compartment.RESIDENCE.value
Status = PermitRequest.Status


def _user_id(user: User | None) -> int | None:
    return user.pk if user is not None else None


def _record(
    *, acting_user: User | None, obj: PermitRequest | PermitDocument, purpose: str, recipient: int | None = None,
    request: HttpRequest | None = None, action: AuditAction = AuditAction.UPDATE,
) -> None:  # fmt: skip
    do_record(
        actor=acting_user,
        action=action,
        obj=obj,
        compartment=RESIDENCE,
        purpose=purpose,
        recipient_organisation_id=recipient,
        request=request,
    )


def _tell(permit: PermitRequest, *, kind: str, acting_user: User | None) -> None:
    """A request to the migration office, waiting on its review page; the decisions (the office's
    approval passed to the SEM, and the SEM's answer) to the organisation that asked."""
    if kind == Kind.PERMIT_REQUESTED:
        to, link = permit.addressed_to_id, reverse("permits:permit_decide", args=[permit.pk])
    else:
        to, link = permit.requested_by_organisation_id, reverse("permits:permit", args=[permit.pk])
    tell_organisations(
        kind=kind,
        case_id=permit.case_id,
        organisation_ids=[to],
        link=link,
        event_key=f"{kind}:{permit.pk}",
        acting_user=acting_user,
    )
    emit_hand_off(permit, waiting=kind == Kind.PERMIT_REQUESTED, decided=is_decision(kind), to=to)


def check_validity(*, valid_from: date | None, valid_until: date | None, kind: str = "") -> tuple[date, date]:
    """A validity whose last day follows its first; an L permit at most as long as the canton's
    rule allows (Art. 32 para. 1 AIG: one year; a renewal is a new grant, again for a year)."""
    if valid_from is None or valid_until is None:
        raise ValidationError({"valid_until": _("Enter the first and the last day of validity.")})
    if valid_until <= valid_from:
        raise ValidationError({"valid_until": _("The permit is valid until a day after its first day.")})
    if kind == PermitKind.L:
        last_day, rule = l_permit_last_day(valid_from=valid_from)
        if valid_until > last_day:
            raise ValidationError(
                {
                    "valid_until": ValidationError(
                        _(
                            "A short-stay permit L that starts on %(first_day)s is valid until %(last_day)s at "
                            "the latest (%(source)s). Grant it for that long and renew it if the proceedings "
                            "last longer."
                        ),
                        code="l_permit_too_long",
                        params={
                            "first_day": date_format(valid_from, "SHORT_DATE_FORMAT"),
                            "last_day": date_format(last_day, "SHORT_DATE_FORMAT"),
                            "source": rule.shown_reference,
                        },
                    )
                }
            )
    return valid_from, valid_until


def proposed_last_day(permit: PermitRequest, *, first_day: date | None = None) -> date | None:
    """The last day the decision form proposes: the proceedings' expected end, for an L permit
    no later than the canton's rule allows from `first_day` (today by default)."""
    if permit.kind != PermitKind.L or permit.expected_until is None:
        return permit.expected_until
    last_day, _rule = l_permit_last_day(valid_from=first_day or timezone.localdate())
    return min(permit.expected_until, last_day)


# --- requesting --------------------------------------------------------------------------------


def check_request_permit(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    kind: str,
    addressed_to: Organisation | None,
    requested_on: date,
    expected_until: date | None = None,
    grounds: str = "",
    hardship_criteria: str = "",
    work_requested: bool = False,
    renewal_of: PermitRequest | None = None,
    request: HttpRequest | None = None,
) -> PermitRequest:
    """An L permit for the expected duration of the proceedings, or a B permit on serious
    personal hardship (its Art. 31 VZAE criteria are required); F and N are not requested here."""
    if organisation.type not in REQUESTING_TYPES:
        raise ValidationError(_("Only victim aid, police or prosecution request a permit."))
    office = check_migration_office(organisation=addressed_to)
    if kind not in {PermitKind.L, PermitKind.B}:
        raise ValidationError({"kind": _("F and N are decided by the SEM; the migration office records them.")})
    if kind == PermitKind.L and (expected_until is None or expected_until <= requested_on):
        raise ValidationError({"expected_until": _("Enter until when the proceedings are expected to last.")})
    if kind == PermitKind.B and not hardship_criteria.strip():
        raise ValidationError({"hardship_criteria": _("Describe the hardship criteria (Art. 31 VZAE).")})
    if renewal_of is not None and (renewal_of.case_id != case.pk or renewal_of.status != Status.GRANTED):
        raise ValidationError(_("Only a granted permit of this case can be renewed."))
    if PermitRequest.objects.filter(case=case, kind=kind, status__in=[Status.REQUESTED, Status.SEM_PENDING]).exists():
        raise ValidationError(_("A request for this permit is already open on this case."))
    return do_request_permit(
        acting_user=acting_user,
        organisation=organisation,
        case=case,
        kind=kind,
        addressed_to=office,
        requested_on=requested_on,
        expected_until=expected_until if kind == PermitKind.L else None,
        grounds=grounds.strip(),
        hardship_criteria=hardship_criteria.strip() if kind == PermitKind.B else "",
        work_requested=work_requested,
        renewal_of=renewal_of,
        request=request,
    )


def do_request_permit(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    kind: str,
    addressed_to: Organisation,
    requested_on: date,
    expected_until: date | None,
    grounds: str,
    hardship_criteria: str,
    work_requested: bool,
    renewal_of: PermitRequest | None,
    request: HttpRequest | None = None,
) -> PermitRequest:
    """Files the request; the three-month threshold of the open stay is met by it."""
    with transaction.atomic():
        ensure_party(case=case, organisation=addressed_to, acting_user=acting_user, request=request)
        stay = Stay.objects.filter(case=case, ended_on__isnull=True).first()
        permit = PermitRequest.objects.create(
            case=case,
            kind=kind,
            stay=stay,
            renewal_of=renewal_of,
            requested_by_organisation=organisation,
            requested_by_user_id=_user_id(acting_user),
            addressed_to=addressed_to,
            requested_on=requested_on,
            expected_until=expected_until,
            grounds=grounds,
            hardship_criteria=hardship_criteria,
            work_requested=work_requested,
        )
        if stay is not None:
            do_close_deadline(
                rule=RuleKey.THREE_MONTH_THRESHOLD, subject=stay, acting_user=acting_user, reason="permit requested"
            )
        _record(
            acting_user=acting_user,
            obj=permit,
            purpose=f"permit {kind} requested",
            recipient=addressed_to.pk,
            request=request,
            action=AuditAction.CREATE,
        )
        _tell(permit, kind=Kind.PERMIT_REQUESTED, acting_user=acting_user)
    return permit


# --- deciding ----------------------------------------------------------------------------------


def check_decide_permit(
    *,
    acting_user: User | None,
    organisation: Organisation,
    permit: PermitRequest,
    approve: bool,
    decided_on: date,
    valid_from: date | None = None,
    valid_until: date | None = None,
    work_authorised: bool = False,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> PermitRequest:
    """The migration office decides. An approved L permit is granted; an approved B request goes
    to the SEM for its approval (Art. 99 AIG, Art. 85 VZAE) and is granted only with it."""
    if permit.addressed_to_id != organisation.pk or organisation.type not in DECIDING_TYPES:
        raise ValidationError(_("Only the migration office the request is addressed to decides it."))
    if permit.status != Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    reasons = reasons.strip()
    if not approve:
        if not reasons:
            raise ValidationError({"reasons": _("A refusal needs its reasons.")})
        return do_refuse_permit(
            acting_user=acting_user, permit=permit, decided_on=decided_on, reasons=reasons, request=request
        )
    if permit.kind == PermitKind.B:
        return do_submit_to_sem(acting_user=acting_user, permit=permit, submitted_on=decided_on, request=request)
    valid_from, valid_until = check_validity(valid_from=valid_from, valid_until=valid_until, kind=permit.kind)
    return do_grant_permit(
        acting_user=acting_user,
        permit=permit,
        decided_on=decided_on,
        valid_from=valid_from,
        valid_until=valid_until,
        work_authorised=work_authorised,
        reasons=reasons,
        request=request,
    )


def check_record_sem_decision(
    *,
    acting_user: User | None,
    organisation: Organisation,
    permit: PermitRequest,
    approved: bool,
    decided_on: date,
    valid_from: date | None = None,
    valid_until: date | None = None,
    work_authorised: bool = False,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> PermitRequest:
    if permit.addressed_to_id != organisation.pk:
        raise ValidationError(_("Only the migration office the request is addressed to decides it."))
    if permit.status != Status.SEM_PENDING:
        raise ValidationError(_("This request is not awaiting the SEM's approval."))
    reasons = reasons.strip()
    if not approved and not reasons:
        raise ValidationError({"reasons": _("A refusal needs its reasons.")})
    if approved:
        valid_from, valid_until = check_validity(valid_from=valid_from, valid_until=valid_until, kind=permit.kind)
    with transaction.atomic():
        permit.sem_approved = approved
        permit.sem_decided_on = decided_on
        if not approved:
            return do_refuse_permit(
                acting_user=acting_user, permit=permit, decided_on=decided_on, reasons=reasons, request=request
            )
        assert valid_from is not None and valid_until is not None  # noqa: S101 - checked above
        return do_grant_permit(
            acting_user=acting_user,
            permit=permit,
            decided_on=decided_on,
            valid_from=valid_from,
            valid_until=valid_until,
            work_authorised=work_authorised,
            reasons=reasons,
            request=request,
        )


def do_submit_to_sem(
    *, acting_user: User | None, permit: PermitRequest, submitted_on: date, request: HttpRequest | None = None
) -> PermitRequest:
    with transaction.atomic():
        permit.status = Status.SEM_PENDING
        permit.sem_submitted_on = submitted_on
        permit.decided_by_user_id = _user_id(acting_user)
        permit.save()
        _record(acting_user=acting_user, obj=permit, purpose="permit B submitted to the SEM", request=request)
        _tell(permit, kind=Kind.PERMIT_SUBMITTED_TO_SEM, acting_user=acting_user)
    return permit


def do_grant_permit(
    *,
    acting_user: User | None,
    permit: PermitRequest,
    decided_on: date,
    valid_from: date,
    valid_until: date,
    work_authorised: bool = False,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> PermitRequest:
    """Grants the permit and opens its expiry deadline (the requesting organisation is reminded
    to ask for a renewal); a renewal meets the expiry deadline of the permit it renews."""
    with transaction.atomic():
        permit.status = Status.GRANTED
        permit.decided_on = decided_on
        permit.decided_by_user_id = _user_id(acting_user)
        permit.decision_reasons = reasons
        permit.valid_from = valid_from
        permit.valid_until = valid_until
        permit.work_authorised = work_authorised
        permit.save()
        _open_expiry(permit=permit, acting_user=acting_user)
        if permit.renewal_of is not None:
            do_close_deadline(
                rule=RuleKey.PERMIT_EXPIRY, subject=permit.renewal_of, acting_user=acting_user, reason="renewed"
            )
        _record(
            acting_user=acting_user,
            obj=permit,
            purpose=f"permit {permit.kind} granted",
            recipient=permit.requested_by_organisation_id,
            request=request,
        )
        _tell(permit, kind=Kind.PERMIT_GRANTED, acting_user=acting_user)
    return permit


def _open_expiry(*, permit: PermitRequest, acting_user: User | None) -> None:
    if permit.valid_until is None:
        return
    do_open_deadline(
        rule=RuleKey.PERMIT_EXPIRY,
        anchor=permit.valid_until,
        subject=permit,
        case=permit.case,
        responsible_organisation=permit.requested_by_organisation,
        acting_user=acting_user,
    )


def do_refuse_permit(
    *, acting_user: User | None, permit: PermitRequest, decided_on: date, reasons: str,
    request: HttpRequest | None = None,
) -> PermitRequest:  # fmt: skip
    with transaction.atomic():
        permit.status = Status.REFUSED
        permit.decided_on = decided_on
        permit.decided_by_user_id = _user_id(acting_user)
        permit.decision_reasons = reasons
        permit.save()
        _record(
            acting_user=acting_user,
            obj=permit,
            purpose=f"permit {permit.kind} refused",
            recipient=permit.requested_by_organisation_id,
            request=request,
        )
        _tell(permit, kind=Kind.PERMIT_REFUSED, acting_user=acting_user)
    return permit


# --- federal decisions -------------------------------------------------------------------------


def check_record_federal_decision(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    kind: str,
    decided_on: date,
    valid_from: date | None,
    valid_until: date | None,
    federal_reference: str = "",
    request: HttpRequest | None = None,
) -> PermitRequest:
    """Records an F or N decided by the SEM, with its validity (the expiry is reminded)."""
    if organisation.type not in DECIDING_TYPES:
        raise ValidationError(_("The migration office records the SEM's decisions."))
    if kind not in FEDERAL_KINDS:
        raise ValidationError({"kind": _("Only F and N are recorded as federal decisions.")})
    valid_from, valid_until = check_validity(valid_from=valid_from, valid_until=valid_until, kind=kind)
    with transaction.atomic():
        permit = PermitRequest.objects.create(
            case=case,
            kind=kind,
            status=Status.RECORDED,
            requested_by_organisation=organisation,
            requested_by_user_id=_user_id(acting_user),
            addressed_to=organisation,
            requested_on=decided_on,
            decided_on=decided_on,
            decided_by_user_id=_user_id(acting_user),
            valid_from=valid_from,
            valid_until=valid_until,
            federal_reference=federal_reference.strip(),
        )
        _open_expiry(permit=permit, acting_user=acting_user)
        _record(
            acting_user=acting_user,
            obj=permit,
            purpose=f"federal decision {kind} recorded",
            request=request,
            action=AuditAction.CREATE,
        )
    return permit
