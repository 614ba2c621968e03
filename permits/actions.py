"""Reflection periods and the Art. 36 notice.

`check_*` validate (ValidationError with translated messages for the user), then call `do_*`:
already authorised by the caller's gate (permits/access.py), atomic, audited; deadlines are
opened and closed through ksmm.deadlines, never typed in. Permit requests: permit_actions.py;
the stay during the proceedings: permits/stays/actions.py.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.actions import do_add_party
from cases.models import Case, CaseParty
from cases.notifying import Kind, tell_organisations
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.deadlines.actions import do_close_deadline, do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.deadlines.rules import check_reflection_length
from ksmm.partners.models import Organisation

from .handoffs import emit_hand_off, is_decision
from .models import (
    DECIDING_TYPES,
    NOTIFYING_TYPES,
    REQUESTING_TYPES,
    EndReason,
    PresenceNotice,
    ReflectionPeriod,
    reflection_end,
)

RESIDENCE = Compartment.RESIDENCE.value
Type = Organisation.Type


def _user_id(user: User | None) -> int | None:
    return user.pk if user is not None else None


def check_migration_office(*, organisation: Organisation | None) -> Organisation:
    if organisation is None or organisation.type not in DECIDING_TYPES or not organisation.is_active:
        raise ValidationError({"addressed_to": _("Choose the cantonal migration office.")})
    return organisation


def ensure_party(
    *, case: Case, organisation: Organisation, acting_user: User | None, request: HttpRequest | None
) -> None:
    """The office a request is addressed to becomes party to the case (with the agreement's grants)."""
    if not CaseParty.objects.filter(case=case, organisation=organisation, left_at__isnull=True).exists():
        do_add_party(acting_user=acting_user, case=case, organisation=organisation, request=request)


def art36_responsible(*, case: Case, fallback: Organisation) -> Organisation:
    """Who tells the migration office about continued presence: the prosecution, else the
    police party of the case; without either, the migration office chases it itself."""
    parties = {
        party.organisation.type: party.organisation
        for party in CaseParty.objects.select_related("organisation").filter(
            case=case, left_at__isnull=True, organisation__type__in=NOTIFYING_TYPES
        )
    }
    for organisation_type in (Type.PUBLIC_PROSECUTOR, Type.CANTONAL_POLICE, Type.CITY_POLICE):
        if organisation_type in parties:
            return parties[organisation_type]
    return fallback


def _tell(period: ReflectionPeriod, *, kind: str, acting_user: User | None) -> None:
    """A request to the migration office, waiting on its review page; a decision to the
    organisation that asked, on the case's residence page."""
    if kind == Kind.REFLECTION_REQUESTED:
        to, link = period.addressed_to_id, reverse("permits:reflection_decide", args=[period.pk])
    else:
        to, link = period.requested_by_organisation_id, reverse("permits:case", args=[period.case_id])
    tell_organisations(
        kind=kind,
        case_id=period.case_id,
        organisation_ids=[to],
        link=link,
        event_key=f"{kind}:{period.pk}",
        acting_user=acting_user,
    )
    emit_hand_off(period, waiting=kind == Kind.REFLECTION_REQUESTED, decided=is_decision(kind), to=to)


# --- requesting --------------------------------------------------------------------------------


def check_request_reflection_period(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    addressed_to: Organisation | None,
    requested_on: date,
    grounds: str = "",
    proposed_days: int | None = None,
    request: HttpRequest | None = None,
) -> ReflectionPeriod:
    if organisation.type not in REQUESTING_TYPES:
        raise ValidationError(_("Only victim aid, police or prosecution request a reflection period."))
    office = check_migration_office(organisation=addressed_to)
    if proposed_days is not None:
        try:
            check_reflection_length(days=proposed_days, on=requested_on)
        except ValidationError as error:
            raise ValidationError({"proposed_days": error.messages}) from error
    if ReflectionPeriod.objects.filter(case=case, status__in=["requested", "granted"]).exists():
        raise ValidationError(_("A reflection period is already requested or running on this case."))
    return do_request_reflection_period(
        acting_user=acting_user,
        organisation=organisation,
        case=case,
        addressed_to=office,
        requested_on=requested_on,
        grounds=grounds.strip(),
        proposed_days=proposed_days,
        request=request,
    )


def do_request_reflection_period(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    addressed_to: Organisation,
    requested_on: date,
    grounds: str,
    proposed_days: int | None,
    request: HttpRequest | None = None,
) -> ReflectionPeriod:
    with transaction.atomic():
        ensure_party(case=case, organisation=addressed_to, acting_user=acting_user, request=request)
        period = ReflectionPeriod.objects.create(
            case=case,
            requested_by_organisation=organisation,
            requested_by_user_id=_user_id(acting_user),
            addressed_to=addressed_to,
            requested_on=requested_on,
            grounds=grounds,
            proposed_days=proposed_days,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            obj=period,
            compartment=RESIDENCE,
            purpose="reflection period requested",
            recipient_organisation_id=addressed_to.pk,
            request=request,
        )
        _tell(period, kind=Kind.REFLECTION_REQUESTED, acting_user=acting_user)
    return period


# --- deciding ----------------------------------------------------------------------------------


def check_decide_reflection_period(
    *,
    acting_user: User | None,
    organisation: Organisation,
    period: ReflectionPeriod,
    grant: bool,
    decided_on: date,
    length_days: int | None = None,
    starts_on: date | None = None,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> ReflectionPeriod:
    """The migration office grants (at least the canton's minimum, Art. 35 VZAE) or refuses
    with reasons. The period starts on the day of the decision unless another start is given."""
    if period.addressed_to_id != organisation.pk or organisation.type not in DECIDING_TYPES:
        raise ValidationError(_("Only the migration office the request is addressed to decides it."))
    if period.status != ReflectionPeriod.Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    reasons = reasons.strip()
    if not grant:
        if not reasons:
            raise ValidationError({"reasons": _("A refusal needs its reasons.")})
        return do_refuse_reflection_period(
            acting_user=acting_user, period=period, decided_on=decided_on, reasons=reasons, request=request
        )
    starts_on = starts_on or decided_on
    if length_days is None:
        raise ValidationError({"length_days": _("Enter the length of the period in days.")})
    try:
        check_reflection_length(days=length_days, on=starts_on)
    except ValidationError as error:
        raise ValidationError({"length_days": error.messages}) from error
    return do_grant_reflection_period(
        acting_user=acting_user,
        period=period,
        decided_on=decided_on,
        starts_on=starts_on,
        length_days=length_days,
        reasons=reasons,
        request=request,
    )


def do_grant_reflection_period(
    *,
    acting_user: User | None,
    period: ReflectionPeriod,
    decided_on: date,
    starts_on: date,
    length_days: int,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> ReflectionPeriod:
    """Grants the period and opens its deadlines: its end (for the requesting organisation) and
    the Art. 36 notice (for prosecution or police), both computed by the canton's rules."""
    with transaction.atomic():
        period.status = ReflectionPeriod.Status.GRANTED
        period.decided_on = decided_on
        period.decided_by_user_id = _user_id(acting_user)
        period.decision_reasons = reasons
        period.length_days = length_days
        period.starts_on = starts_on
        period.ends_on = reflection_end(starts_on=starts_on, length_days=length_days)
        period.save()
        end = do_open_deadline(
            rule=RuleKey.REFLECTION_END,
            anchor=starts_on,
            subject=period,
            case=period.case,
            responsible_organisation=period.requested_by_organisation,
            acting_user=acting_user,
            length_days=length_days,
        )
        do_open_deadline(
            rule=RuleKey.ART36_NOTICE,
            anchor=end.due_on,
            subject=period,
            case=period.case,
            responsible_organisation=art36_responsible(case=period.case, fallback=period.addressed_to),
            acting_user=acting_user,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=period,
            compartment=RESIDENCE,
            purpose="reflection period granted",
            recipient_organisation_id=period.requested_by_organisation_id,
            request=request,
        )
        _tell(period, kind=Kind.REFLECTION_GRANTED, acting_user=acting_user)
    return period


def do_refuse_reflection_period(
    *,
    acting_user: User | None,
    period: ReflectionPeriod,
    decided_on: date,
    reasons: str,
    request: HttpRequest | None = None,
) -> ReflectionPeriod:
    with transaction.atomic():
        period.status = ReflectionPeriod.Status.REFUSED
        period.decided_on = decided_on
        period.decided_by_user_id = _user_id(acting_user)
        period.decision_reasons = reasons
        period.save()
        do_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=period,
            compartment=RESIDENCE,
            purpose="reflection period refused",
            recipient_organisation_id=period.requested_by_organisation_id,
            request=request,
        )
        _tell(period, kind=Kind.REFLECTION_REFUSED, acting_user=acting_user)
    return period


# --- ending ------------------------------------------------------------------------------------


def check_end_reflection_period(
    *,
    acting_user: User | None,
    organisation: Organisation,
    period: ReflectionPeriod,
    ended_on: date,
    reason: str,
    notes: str = "",
    request: HttpRequest | None = None,
) -> ReflectionPeriod:
    """Ends a running period early, or records its expiry, on an Art. 35 VZAE ground."""
    if period.addressed_to_id != organisation.pk:
        raise ValidationError(_("Only the migration office that granted the period ends it."))
    if period.status != ReflectionPeriod.Status.GRANTED or period.starts_on is None:
        raise ValidationError(_("Only a running period can end."))
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("Choose a reason under Art. 35 VZAE.")})
    if ended_on < period.starts_on:
        raise ValidationError({"ended_on": _("A period cannot end before it starts.")})
    return do_end_reflection_period(
        acting_user=acting_user, period=period, ended_on=ended_on, reason=reason, notes=notes.strip(), request=request
    )


def do_end_reflection_period(
    *,
    acting_user: User | None,
    period: ReflectionPeriod,
    ended_on: date,
    reason: str,
    notes: str = "",
    request: HttpRequest | None = None,
) -> ReflectionPeriod:
    with transaction.atomic():
        period.status = ReflectionPeriod.Status.ENDED
        period.ended_on = ended_on
        period.end_reason = reason
        period.end_notes = notes
        period.save()
        do_close_deadline(rule=RuleKey.REFLECTION_END, subject=period, acting_user=acting_user, reason=reason)
        do_close_deadline(
            rule=RuleKey.ART36_NOTICE,
            subject=period,
            acting_user=acting_user,
            reason="period ended",
            status=Deadline.Status.CANCELLED,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=period,
            compartment=RESIDENCE,
            purpose=f"reflection period ended: {reason}",
            request=request,
        )
        _tell(period, kind=Kind.REFLECTION_ENDED, acting_user=acting_user)
    return period


# --- the Art. 36 notice ------------------------------------------------------------------------


def check_give_presence_notice(
    *,
    acting_user: User | None,
    organisation: Organisation,
    period: ReflectionPeriod,
    given_on: date,
    presence_needed: bool,
    needed_until: date | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> PresenceNotice:
    if organisation.type not in NOTIFYING_TYPES:
        raise ValidationError(_("Police or prosecution give this notice (Art. 36 para. 1 VZAE)."))
    if period.status != ReflectionPeriod.Status.GRANTED:
        raise ValidationError(_("The notice is given while the reflection period runs."))
    if presence_needed and needed_until is None:
        raise ValidationError({"needed_until": _("Say until when the person's presence is needed.")})
    if presence_needed and needed_until is not None and needed_until <= given_on:
        raise ValidationError({"needed_until": _("The presence is needed until a later date.")})
    return do_give_presence_notice(
        acting_user=acting_user,
        organisation=organisation,
        period=period,
        given_on=given_on,
        presence_needed=presence_needed,
        needed_until=needed_until if presence_needed else None,
        notes=notes.strip(),
        request=request,
    )


def do_give_presence_notice(
    *,
    acting_user: User | None,
    organisation: Organisation,
    period: ReflectionPeriod,
    given_on: date,
    presence_needed: bool,
    needed_until: date | None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> PresenceNotice:
    with transaction.atomic():
        notice = PresenceNotice.objects.create(
            period=period,
            organisation=organisation,
            given_by_user_id=_user_id(acting_user),
            given_on=given_on,
            presence_needed=presence_needed,
            needed_until=needed_until,
            notes=notes,
        )
        do_close_deadline(rule=RuleKey.ART36_NOTICE, subject=period, acting_user=acting_user, reason="notice given")
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            obj=notice,
            compartment=RESIDENCE,
            purpose="presence notice (Art. 36 VZAE)",
            recipient_organisation_id=period.addressed_to_id,
            request=request,
        )
    return notice
