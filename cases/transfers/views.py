"""Pages of transfers: the case's transfer page (status, request, withdrawal) in the sending
canton, the incoming transfers and their answer in the receiving one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.access import access_case
from cases.views.common import membership_of
from ksmm.cantons.current import current_canton_code
from ksmm.memberships.access import acting_user, member_required
from ksmm.transfers.directory import DirectoryName, other_cantons, receiving_organisations

from .actions import (
    TransferRefused,
    check_accept_transfer,
    check_decline_transfer,
    check_request_transfer,
    check_withdraw_transfer,
    in_public,
    may_answer,
    may_request,
)
from .forms import TransferDeclineForm, TransferRequestForm
from .queries import access_incoming, arrival_of, incoming_for, may_see_incoming, requests_of


def _directory() -> dict[str, list[DirectoryName]]:
    """The other cantons' organisations that may receive a case, by canton (names only)."""
    sending = current_canton_code()
    with in_public():
        return {
            canton.code: receiving_organisations(canton_code=canton.code)
            for canton in other_cantons(sending_canton=sending)
        }


@member_required
@require_http_methods(["GET", "POST"])
def case_transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
    access = access_case(membership=membership, case_id=case_id, request=request)
    case = access.case
    sent = list(requests_of(case=case))
    live = next((row for row in sent if row.status in ("requested", "accepted", "completed")), None)
    can_request = may_request(membership=membership) and case.status == case.Status.OPEN and live is None
    form = None
    if request.method == "POST":
        if request.POST.get("step") == "withdraw" and live is not None:
            try:
                check_withdraw_transfer(acting_user=acting_user(request), membership=membership, sent=live,
                                        request=request)  # fmt: skip
            except TransferRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The transfer request has been withdrawn."))
            return redirect("casetransfers:case", case.pk)
        if not may_request(membership=membership):
            raise PermissionDenied
    if can_request or request.method == "POST":
        form = TransferRequestForm(request.POST or None, directory=_directory())
    if request.method == "POST" and form is not None and form.is_valid():
        canton, organisation_id = form.cleaned_data["recipient"]
        try:
            check_request_transfer(
                acting_user=acting_user(request), membership=membership, case=case, receiving_canton=canton,
                receiving_organisation_id=organisation_id, reason=form.cleaned_data["reason"],
                compartments=form.cleaned_data["compartments"],
                counselling_parts=form.cleaned_data["counselling_parts"],
                consent_given_on=form.cleaned_data["consent_given_on"], request=request,
            )  # fmt: skip
        except TransferRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The transfer request has been sent to the other canton."))
            return redirect("casetransfers:case", case.pk)
    context = {
        "case": case,
        "sent": sent,
        "live": live,
        "arrival": arrival_of(case=case),
        "form": form,
        "may_withdraw": live is not None
        and live.status == "requested"
        and may_request(membership=membership)
        and live.requesting_organisation_id == membership.organisation_id,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "casetransfers/case_transfer.html", context, status=status)


@member_required
def incoming_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    if not may_see_incoming(membership=membership):
        raise PermissionDenied
    return render(request, "casetransfers/incoming_list.html", {"incoming": incoming_for(membership=membership)})


@member_required
@require_http_methods(["GET", "POST"])
def incoming_detail(request: HttpRequest, incoming_id: int) -> HttpResponse:
    membership = membership_of(request)
    if not may_see_incoming(membership=membership):
        raise PermissionDenied
    incoming = access_incoming(membership=membership, incoming_id=incoming_id)
    form = TransferDeclineForm(request.POST or None)
    context = {"incoming": incoming, "form": form, "may_answer": may_answer(membership=membership, incoming=incoming)}
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "accept":
                check_accept_transfer(acting_user=acting_user(request), membership=membership, incoming=incoming,
                                      request=request)  # fmt: skip
                messages.success(request, _("The transfer has been accepted; the case is being copied."))
            elif step == "decline" and form.is_valid():
                check_decline_transfer(acting_user=acting_user(request), membership=membership, incoming=incoming,
                                       reason=form.cleaned_data["reason"], request=request)  # fmt: skip
                messages.success(request, _("The transfer has been declined."))
            elif step == "decline":
                raise TransferRefused(_("Give a reason for declining."))
            else:
                raise TransferRefused(_("Unknown step."))
        except TransferRefused as error:
            messages.error(request, str(error))
            return render(request, "casetransfers/incoming_detail.html", context, status=400)
        return redirect("casetransfers:incoming", incoming.pk)
    return render(request, "casetransfers/incoming_detail.html", context)
