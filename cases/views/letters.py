"""The letter path of a referral: print the letter, record a dispatch, record the answer."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ksmm.memberships.access import acting_user, member_required

from ..letters import (
    access_letter_referral,
    check_record_dispatch,
    check_record_outcome,
    letter_file_name,
    print_letter,
)
from ..letters_forms import DispatchForm, OutcomeForm
from ..referrals import ReferralRefused
from .common import membership_of


@member_required
@require_GET
def referral_letter(request: HttpRequest, referral_id: int) -> HttpResponse:
    membership = membership_of(request)
    referral = access_letter_referral(membership=membership, referral_id=referral_id)
    pdf = print_letter(acting_user=acting_user(request), membership=membership, referral=referral, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter_file_name(referral)}"'
    return response


@member_required
@require_http_methods(["GET", "POST"])
def referral_dispatch(request: HttpRequest, referral_id: int) -> HttpResponse:
    membership = membership_of(request)
    referral = access_letter_referral(membership=membership, referral_id=referral_id)
    form = DispatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_record_dispatch(
                acting_user=acting_user(request), membership=membership, referral=referral, request=request,
                **form.cleaned_data,
            )  # fmt: skip
        except ReferralRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The dispatch has been recorded."))
            return redirect("cases:referral", referral.pk)
    context = {"referral": referral, "form": form}
    return render(request, "cases/letters/dispatch_form.html", context, status=400 if form.errors else 200)


@member_required
@require_http_methods(["GET", "POST"])
def referral_outcome(request: HttpRequest, referral_id: int) -> HttpResponse:
    membership = membership_of(request)
    referral = access_letter_referral(membership=membership, referral_id=referral_id)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_record_outcome(
                acting_user=acting_user(request), membership=membership, referral=referral, request=request,
                **form.cleaned_data,
            )  # fmt: skip
        except ReferralRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The answer has been recorded."))
            return redirect("cases:referral", referral.pk)
    context = {"referral": referral, "form": form}
    return render(request, "cases/letters/outcome_form.html", context, status=400 if form.errors else 200)
