"""Who else reads the case: the victim's disclosures (consents) and the grants per organisation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ksmm.compartments import Compartment
from ksmm.memberships.access import acting_user, member_required

from .. import grants
from ..access import access_case
from ..actions import GrantRefused, check_change_grant
from ..consents import ConsentRefused, check_record_consent, consent_to_revoke, consents_of, do_revoke_consent
from ..forms import (
    ConsentForm,
    GrantChangeForm,
    MinorAtRiskForm,
)
from ..models import Consent
from .common import MANAGE_GRANTS, membership_of, party_organisations


@member_required
@require_http_methods(["GET", "POST"])
def case_consents(request: HttpRequest, case_id: int) -> HttpResponse:
    """The victim-aid service records and revokes disclosures; recipients see their own."""
    membership = membership_of(request)
    write = request.method == "POST"
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.COUNSELLING, write=write, request=request
    )
    case, may_write = access.case, access.can_write(Compartment.COUNSELLING)
    recipients = party_organisations(case).exclude(pk=membership.organisation_id)
    exception_posted = write and request.POST.get("basis") == Consent.Basis.MINOR_AT_RISK
    form = ConsentForm(request.POST if write and not exception_posted else None, recipients=recipients)
    # Both forms share field names; their own ids keep each label with its field on one page.
    exception_form = MinorAtRiskForm(
        request.POST if exception_posted else None, recipients=recipients, auto_id="exception_id_%s"
    )
    posted = exception_form if exception_posted else form
    if write and posted.is_valid():
        try:
            check_record_consent(
                acting_user=acting_user(request), membership=membership, case=case, request=request,
                **posted.action_arguments(),
            )  # fmt: skip
        except ConsentRefused as error:
            posted.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The consent has been recorded.")
                if not exception_posted
                else _("The disclosure without consent has been recorded."),
            )
            return redirect("cases:consents", case.pk)
    consents = consents_of(access=access)
    context = {
        "case": case,
        "consents": consents,
        "form": form,
        "exception_form": exception_form if case.is_minor or exception_posted else None,
        "can_write": may_write,
    }
    return render(request, "cases/consents.html", context, status=400 if posted.errors else 200)


@member_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request: HttpRequest, case_id: int, consent_id: int) -> HttpResponse:
    """Asks before revoking: the page names the consent; only the confirming POST revokes it."""
    membership = membership_of(request)
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.COUNSELLING, write=True, request=request
    )
    case = access.case
    consent = consent_to_revoke(access=access, consent_id=consent_id)
    if consent is None:
        raise Http404
    if consent.revoked_at is not None:
        return redirect("cases:consents", case.pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        do_revoke_consent(acting_user=acting_user(request), consent=consent, request=request)
        messages.success(
            request,
            _("The consent for %(recipient)s has been revoked.") % {"recipient": consent.recipient_organisation},
        )
        return redirect("cases:consents", case.pk)
    return render(request, "cases/consent_revoke.html", {"case": case, "consent": consent})


@member_required
@require_http_methods(["GET", "POST"])
def case_grants(request: HttpRequest, case_id: int) -> HttpResponse:
    """Who reads what on this case; leads and coordinators change it with a reason."""
    membership = membership_of(request)
    case = access_case(membership=membership, case_id=case_id, request=request).case
    may_manage = request.user.has_perm(MANAGE_GRANTS)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    parties = party_organisations(case)
    form = GrantChangeForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            check_change_grant(acting_user=acting_user(request), case=case, request=request, **form.cleaned_data)
        except GrantRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Access has been changed."))
            return redirect("cases:grants", case.pk)
    held = grants.grants_by_organisation(case=case)
    rows = [
        (
            organisation,
            [
                (compartment, grants.read_codename(compartment) in held.get(organisation.pk, frozenset()))
                for compartment in Compartment.values
            ],
        )
        for organisation in parties
    ]
    context = {
        "case": case,
        "rows": rows,
        "compartments": Compartment.labels,
        "changes": grants.changes_of(case=case),
        "form": form,
        "can_manage": may_manage,
    }
    return render(request, "cases/grants.html", context, status=400 if form.errors else 200)
