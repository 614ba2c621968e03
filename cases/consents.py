"""Consents: counselling data leave the victim-aid service only through one (Art. 11 OHG)."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.notifications.actions import do_notify
from ksmm.partners.models import Organisation

from .access import decision_on
from .models import Case, CaseParty, Consent, CounsellingPart, ExceptionPurpose
from .notifying import Kind, tell_organisations
from .policy import CaseAccess, Reader
from .visibility import EXCEPTION_RULES


def consents_of(*, access: CaseAccess) -> QuerySet[Consent]:
    """The disclosures of the case its reader sees, revoked ones included as the record: every
    one for the victim-aid service that writes the counselling, else those to its organisation."""
    consents = Consent.objects.filter(case_id=access.case.pk).select_related("recipient_organisation")
    if access.can_write(Compartment.COUNSELLING):
        return consents
    return consents.filter(recipient_organisation_id=access.reader.organisation.pk)


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
    exception_purpose: str = "",
    given_on: date | None = None,
    justification: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Only the victim-aid service holding the counselling data records a consent, for a
    recipient that is party to the case; the minor-at-risk exception needs a minor, a reason and
    one of its purposes, and goes only to whom and covers only what that purpose allows. Who may
    write counselling is asked of the request's decision on the case (`decision_on`)."""
    scope = sorted(set(scope))
    purpose = purpose.strip()
    justification = justification.strip()
    if not decision_on(membership=membership, case=case, request=request).can_write(Compartment.COUNSELLING):
        raise ConsentRefused(_("Only the victim-aid service of the case records consents."))
    if basis not in Consent.Basis.values:
        raise ConsentRefused(_("Choose the basis of the disclosure."))
    if not scope or not set(scope) <= set(CounsellingPart.values):
        raise ConsentRefused(_("Choose which counselling data the consent covers."))
    if not purpose:
        raise ConsentRefused(_("State the purpose of the disclosure."))
    if recipient.pk == membership.organisation.pk:
        raise ConsentRefused(_("The recipient must be another organisation."))
    if not CaseParty.objects.filter(case=case, organisation=recipient, left_at__isnull=True).exists():
        raise ConsentRefused(_("The recipient is not a party to the case."))
    if basis == Consent.Basis.MINOR_AT_RISK:
        _check_exception(case=case, recipient=recipient, exception_purpose=exception_purpose, scope=scope,
                         justification=justification)  # fmt: skip
    elif exception_purpose:
        raise ConsentRefused(_("Only the minor-at-risk exception has a purpose of its own; clear it for a consent."))
    return do_record_consent(
        acting_user=acting_user,
        organisation=membership.organisation,
        case=case,
        recipient=recipient,
        purpose=purpose,
        scope=scope,
        basis=basis,
        exception_purpose=exception_purpose,
        given_on=given_on or timezone.localdate(),
        justification=justification,
        request=request,
    )


def _labels(values: Iterable[str], choices: type[Organisation.Type] | type[CounsellingPart]) -> str:
    return ", ".join(str(choices(value).label) for value in sorted(values))


def _check_exception(
    *, case: Case, recipient: Organisation, exception_purpose: str, scope: list[str], justification: str
) -> None:
    """Art. 11(3) OHG: a minor at serious risk, a reason, and only what the purpose allows."""
    if not case.is_minor:
        raise ConsentRefused(_("The exception applies to minors only."))
    if not justification:
        raise ConsentRefused(_("Record why the minor is at serious risk."))
    rule = EXCEPTION_RULES.get(exception_purpose)
    if rule is None:
        raise ConsentRefused(_("Choose the purpose of the exception: notifying the KESB or a criminal complaint."))
    label = ExceptionPurpose(exception_purpose).label
    if not rule.opens_to(str(recipient.type)):
        raise ConsentRefused(
            _("For “%(purpose)s” the exception allows only these recipients: %(recipients)s.")
            % {"purpose": label, "recipients": _labels(rule.recipients or (), Organisation.Type)}
        )
    if CounsellingPart.ACCOMMODATION in scope:
        raise ConsentRefused(_("The accommodation address never leaves the victim-aid service under the exception."))
    if not set(scope) <= rule.parts:
        raise ConsentRefused(
            _("For “%(purpose)s” the exception covers only: %(parts)s.")
            % {"purpose": label, "parts": _labels(rule.parts, CounsellingPart)}
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
    exception_purpose: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Records the disclosure and its audit entry; under the exception, the leads of the
    recording victim-aid service find it in their inbox (case number and link only)."""
    ground = f"{basis} ({exception_purpose})" if exception_purpose else basis
    with transaction.atomic():
        consent = Consent.objects.create(
            case=case,
            basis=basis,
            exception_purpose=exception_purpose,
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
            purpose=f"{ground}: {purpose}"[:200],
            recipient_organisation_id=recipient.pk,
            request=request,
        )
        if basis == Consent.Basis.MINOR_AT_RISK:
            _tell_the_leads(organisation=organisation, consent=consent, acting_user=acting_user)
        else:
            tell_organisations(
                kind=Kind.CONSENT_GIVEN,
                case_id=case.pk,
                organisation_ids=[recipient.pk],
                link=reverse("cases:counselling", args=[case.pk]),
                event_key=f"{Kind.CONSENT_GIVEN}:{consent.pk}",
                acting_user=acting_user,
            )
    return consent


def _tell_the_leads(*, organisation: Organisation, consent: Consent, acting_user: User | None) -> None:
    """The exception is answered for by the leads of the recording service (not the assignee)."""
    leads = set(
        Membership.objects.filter(
            organisation=organisation, role=Membership.Role.LEAD, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    if acting_user is not None:
        leads.discard(acting_user.pk)
    do_notify(
        kind=Kind.MINOR_AT_RISK_EXCEPTION,
        recipient_ids=leads,
        case_id=consent.case_id,
        link=reverse("cases:consents", args=[consent.case_id]),
        event_key=f"{Kind.MINOR_AT_RISK_EXCEPTION}:{consent.pk}",
    )


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
            tell_organisations(
                kind=Kind.CONSENT_REVOKED,
                case_id=consent.case_id,
                organisation_ids=[consent.recipient_organisation_id],
                link=reverse("cases:detail", args=[consent.case_id]),
                event_key=f"{Kind.CONSENT_REVOKED}:{consent.pk}",
                acting_user=acting_user,
            )
    return consent


def consent_to_revoke(*, access: CaseAccess, consent_id: int) -> Consent | None:
    """A consent of the case that this reader may revoke (it writes counselling), or None."""
    if not access.can_write(Compartment.COUNSELLING):
        return None
    return consents_of(access=access).filter(pk=consent_id).first()
