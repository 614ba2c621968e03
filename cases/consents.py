"""Consents: counselling data leave the victim-aid service only through one (Art. 11 OHG)."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from partners.models import Organisation
from roundtables.compartments import Compartment

from .models import Case, CaseParty, Consent, CounsellingPart
from .policy import Reader, can_write


class ConsentRefused(Exception):
    """A consent the rules do not allow; the message is shown to the user."""


def check_record_consent(
    *,
    acting_user: User | None,
    membership: Reader,
    case: Case,
    recipient: Organisation,
    purpose: str,
    scope: Iterable[str],
    basis: str = Consent.Basis.CONSENT,
    given_on: date | None = None,
    justification: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Only the victim-aid service holding the counselling data records a consent, for a
    recipient that is party to the case; the minor-at-risk exception needs a minor and a reason."""
    scope = sorted(set(scope))
    purpose = purpose.strip()
    justification = justification.strip()
    if not can_write(membership=membership, case=case, compartment=Compartment.COUNSELLING):
        raise ConsentRefused(_("Only the victim-aid service of the case records consents."))
    if not scope or not set(scope) <= set(CounsellingPart.values):
        raise ConsentRefused(_("Choose which counselling data the consent covers."))
    if not purpose:
        raise ConsentRefused(_("State the purpose of the disclosure."))
    if recipient.pk == membership.organisation.pk:
        raise ConsentRefused(_("The recipient must be another organisation."))
    if not CaseParty.objects.filter(case=case, organisation=recipient, left_at__isnull=True).exists():
        raise ConsentRefused(_("The recipient is not a party to the case."))
    if basis == Consent.Basis.MINOR_AT_RISK:
        if not case.is_minor:
            raise ConsentRefused(_("The exception applies to minors only."))
        if not justification:
            raise ConsentRefused(_("Record why the minor is at serious risk."))
    return do_record_consent(
        acting_user=acting_user,
        organisation=membership.organisation,
        case=case,
        recipient=recipient,
        purpose=purpose,
        scope=scope,
        basis=basis,
        given_on=given_on or timezone.localdate(),
        justification=justification,
        request=request,
    )


def do_record_consent(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    recipient: Organisation,
    purpose: str,
    scope: list[str],
    basis: str,
    given_on: date,
    justification: str,
    request: HttpRequest | None = None,
) -> Consent:
    with transaction.atomic():
        consent = Consent.objects.create(
            case=case,
            basis=basis,
            purpose=purpose,
            recipient_organisation=recipient,
            scope=scope,
            given_on=given_on,
            justification=justification,
            recorded_by_organisation=organisation,
            recorded_by_user_id=acting_user.pk if acting_user else None,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.GRANT,
            obj=consent,
            compartment=Compartment.COUNSELLING,
            purpose=f"{basis}: {purpose}"[:200],
            recipient_organisation_id=recipient.pk,
            request=request,
        )
    return consent


def do_revoke_consent(*, acting_user: User | None, consent: Consent, request: HttpRequest | None = None) -> Consent:
    """Ends a consent; the recipient's next request no longer reads the data (idempotent)."""
    with transaction.atomic():
        updated = Consent.objects.filter(pk=consent.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by_user_id=acting_user.pk if acting_user else None
        )
        consent.refresh_from_db()
        if updated:
            do_record(
                actor=acting_user,
                action=AuditAction.REVOKE,
                obj=consent,
                compartment=Compartment.COUNSELLING,
                purpose="consent revoked",
                recipient_organisation_id=consent.recipient_organisation_id,
                request=request,
            )
    return consent
