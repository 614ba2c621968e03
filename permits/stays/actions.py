"""The stay during the proceedings: a suspended removal or a permit, and the three-month threshold.

`check_*` validate, then call `do_*`: already authorised by the caller's gate (permits/access.py),
atomic, audited; the threshold is a deadline of ksmm.deadlines, never typed in.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.deadlines.actions import do_close_deadline, do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import Organisation
from permits.models import DECIDING_TYPES, REQUESTING_TYPES, Stay

RESIDENCE = Compartment.RESIDENCE.value


def _user_id(user: User | None) -> int | None:
    return user.pk if user is not None else None


def check_record_stay(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    basis: str,
    starts_on: date,
    expected_until: date | None = None,
    request: HttpRequest | None = None,
) -> Stay:
    if organisation.type not in REQUESTING_TYPES | DECIDING_TYPES:
        raise ValidationError(_("Victim aid, police, prosecution or the migration office record the stay."))
    if basis not in Stay.Basis.values:
        raise ValidationError({"basis": _("Choose a suspended removal or a permit.")})
    if expected_until is not None and expected_until <= starts_on:
        raise ValidationError({"expected_until": _("The stay is expected to end after it starts.")})
    if Stay.objects.filter(case=case, ended_on__isnull=True).exists():
        raise ValidationError(_("A stay is already recorded on this case; end it first."))
    return do_record_stay(
        acting_user=acting_user,
        organisation=organisation,
        case=case,
        basis=basis,
        starts_on=starts_on,
        expected_until=expected_until,
        request=request,
    )


def do_record_stay(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    basis: str,
    starts_on: date,
    expected_until: date | None,
    request: HttpRequest | None = None,
) -> Stay:
    """Records the stay and opens the three-month threshold: a permit request is due before a
    stay runs past three months (the organisation that recorded it is reminded)."""
    with transaction.atomic():
        stay = Stay.objects.create(
            case=case,
            basis=basis,
            starts_on=starts_on,
            expected_until=expected_until,
            recorded_by_organisation=organisation,
            recorded_by_user_id=_user_id(acting_user),
        )
        if basis == Stay.Basis.SUSPENDED_REMOVAL:
            do_open_deadline(
                rule=RuleKey.THREE_MONTH_THRESHOLD,
                anchor=starts_on,
                subject=stay,
                case=case,
                responsible_organisation=organisation,
                acting_user=acting_user,
            )
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            obj=stay,
            compartment=RESIDENCE,
            purpose="stay",
            request=request,
        )
    return stay


def check_end_stay(*, acting_user: User | None, stay: Stay, ended_on: date, request: HttpRequest | None = None) -> Stay:
    if stay.ended_on is not None:
        raise ValidationError(_("This stay has already ended."))
    if ended_on < stay.starts_on:
        raise ValidationError({"ended_on": _("A stay cannot end before it starts.")})
    with transaction.atomic():
        stay.ended_on = ended_on
        stay.save(update_fields=["ended_on"])
        do_close_deadline(
            rule=RuleKey.THREE_MONTH_THRESHOLD,
            subject=stay,
            acting_user=acting_user,
            reason="stay ended",
            status=Deadline.Status.CANCELLED,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=stay,
            compartment=RESIDENCE,
            purpose="stay ended",
            request=request,
        )
    return stay
