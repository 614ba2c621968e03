"""Referrals of a case to another organisation: request, the incoming list, the answer."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ksmm.memberships.access import acting_user, member_required
from ksmm.partners.models import Organisation

from ..access import access_case
from ..forms import (
    DeclineForm,
    ReferralForm,
)
from ..letters import goes_by_letter, letter_record
from ..referrals import (
    ReferralRefused,
    access_referral,
    check_accept_referral,
    check_decline_referral,
    check_finish_referral,
    check_request_referral,
    check_revoke_referral,
    referrals_for,
    with_users_flag,
)
from .common import membership_of, party_organisations


@member_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
    access = access_case(membership=membership, case_id=case_id, request=request)
    case = access.case
    recipients = Organisation.objects.filter(is_active=True).exclude(pk__in=party_organisations(case).values("pk"))
    form = ReferralForm(request.POST or None, recipients=with_users_flag(recipients))
    if request.method == "POST" and form.is_valid():
        try:
            referral = check_request_referral(
                acting_user=acting_user(request), membership=membership, case=case, request=request,
                **form.cleaned_data,
            )  # fmt: skip
        except ReferralRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The referral has been sent."))
            return redirect("cases:referral", referral.pk)
    context = {"case": case, "form": form, "own": access.readable}
    return render(request, "cases/referral_form.html", context, status=400 if form.errors else 200)


@member_required
def referral_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    referrals = referrals_for(membership=membership)
    return render(
        request,
        "cases/referral_list.html",
        {
            "incoming": referrals.filter(to_organisation=membership.organisation),
            "outgoing": referrals.filter(from_organisation=membership.organisation),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    membership = membership_of(request)
    referral = access_referral(membership=membership, referral_id=referral_id)
    form = DeclineForm(request.POST or None)
    is_recipient = referral.to_organisation_id == membership.organisation_id
    by_letter = not is_recipient and goes_by_letter(referral)
    context = {
        "referral": referral,
        "form": form,
        "is_recipient": is_recipient,
        "is_sender": not is_recipient,
        "letter": letter_record(referral) if by_letter else None,
    }
    if request.method == "POST":
        step = request.POST.get("step", "")
        actor = acting_user(request)
        try:
            if step == "accept":
                check_accept_referral(acting_user=actor, membership=membership, referral=referral, request=request)
            elif step == "decline":
                if not form.is_valid():
                    raise ReferralRefused(_("Give a reason for declining."))
                check_decline_referral(
                    acting_user=actor,
                    membership=membership,
                    referral=referral,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            elif step == "done":
                check_finish_referral(acting_user=actor, membership=membership, referral=referral, request=request)
            elif step == "revoke":
                check_revoke_referral(acting_user=actor, membership=membership, referral=referral, request=request)
            else:
                raise ReferralRefused(_("Unknown step."))
        except ReferralRefused as error:
            messages.error(request, str(error))
            return render(request, "cases/referral_detail.html", context, status=400)
        messages.success(request, _("The referral has been updated."))
        return redirect("cases:referral", referral.pk)
    return render(request, "cases/referral_detail.html", context)
