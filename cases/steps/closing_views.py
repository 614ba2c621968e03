"""The closing page of a case (proposal, answers, confirmation) and the withdrawal page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.access import access_case
from cases.lead import lead_party
from cases.models import Case
from ksmm.compartments import Compartment
from ksmm.memberships.access import acting_user, member_required
from ksmm.partners.models import Organisation

from . import closing
from .closing_forms import AnswerProposalForm, CloseCaseForm, ProposeClosureForm, WithdrawForm
from .models import Closure


@member_required
@require_http_methods(["GET", "POST"])
def close_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """Every party sees the proposal and answers it; the lead proposes and closes here."""
    membership = request.membership  # type: ignore[attr-defined]
    posted = request.POST.get("action", "") if request.method == "POST" else ""
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.CORE, write=bool(posted), request=request
    )
    case, organisation = access.case, membership.organisation
    lead = lead_party(case_id=case.pk)
    leading = lead is not None and lead.organisation_id == organisation.pk
    if posted in ("propose", "close") and not leading:
        return render(
            request,
            "casesteps/closing_refused.html",
            {"case": case, "message": closing.lead_only_message()},
            status=403,
        )
    today = timezone.localdate()
    proposal = closing.open_proposal(case=case)
    deadlines = closing.open_case_deadlines(case=case) if leading else []
    organisations = closing.hand_over_choices(case=case) if leading else []
    state = (
        closing.proposal_state(proposal=proposal, today=today, lead_id=lead.organisation_id if lead else 0)
        if proposal
        else None
    )
    own_answer = state.answers.get(organisation.pk) if state else None
    propose_form = ProposeClosureForm(request.POST if posted == "propose" else None, prefix="propose")
    answer_form = AnswerProposalForm(
        request.POST if posted == "answer" else None,
        prefix="answer",
        # A party that answered sees its answer, to change it while the proposal waits.
        initial={"agrees": "yes" if own_answer.agrees else "no", "note": own_answer.note} if own_answer else None,
    )
    close_form = CloseCaseForm(
        request.POST if posted == "close" else None,
        prefix="close",
        deadlines=deadlines,
        organisations=organisations,
        default=closing.CANCEL,
        settled=state is not None and state.settled,
        initial={"closed_on": today, "reason": proposal.reason if proposal else Closure.Reason.PROCEEDINGS_ENDED},
    )
    form = {"propose": propose_form, "answer": answer_form, "close": close_form}.get(posted)
    if form is not None and form.is_valid():
        try:
            done = _act(request, posted=posted, form=form, case=case, organisation=organisation)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("cases:detail" if posted == "close" else "casesteps:close", case.pk)
    context = {
        "case": case,
        "lead": lead,
        "leading": leading,
        "state": state,
        "own_answer": own_answer,
        "warnings": closing.closing_warnings(case=case) if leading and case.status == case.Status.OPEN else [],
        "deadlines": deadlines,
        "propose_form": propose_form,
        "answer_form": answer_form,
        "close_form": close_form,
    }
    return render(request, "casesteps/close.html", context, status=400 if form is not None and form.errors else 200)


def _act(request: HttpRequest, *, posted: str, form: forms.Form, case: Case, organisation: Organisation) -> str:
    data = form.cleaned_data
    user = acting_user(request)
    if posted == "propose":
        closing.check_propose_closure(
            acting_user=user, organisation=organisation, case=case, reason=data["reason"], note=data["note"],
            answer_days=data["answer_days"],
        )  # fmt: skip
        return _("The other parties have been asked whether the case can be closed.")
    if posted == "answer":
        closing.check_answer_proposal(
            acting_user=user,
            organisation=organisation,
            case=case,
            agrees=data["agrees"],
            note=data["note"],
        )
        return _("Your answer has been recorded.")
    closure = Closure(
        case=case, closed_on=data["closed_on"], reason=data["reason"], note=data["note"],
        override_reason=data.get("override_reason", ""),
    )  # fmt: skip
    assert isinstance(form, CloseCaseForm)  # noqa: S101 - posted == "close"
    closing.check_close_case(
        acting_user=user,
        organisation=organisation,
        closure=closure,
        hand_overs=form.hand_overs(),
    )
    return _("The case has been closed.")


@member_required
@require_http_methods(["GET", "POST"])
def withdraw_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """An organisation ends its part in the case."""
    membership = request.membership  # type: ignore[attr-defined]
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.CORE,
        write=request.method == "POST", request=request,
    )  # fmt: skip
    case, organisation = access.case, membership.organisation
    lead = lead_party(case_id=case.pk)
    leading = lead is not None and lead.organisation_id == organisation.pk
    others = closing.hand_over_choices(case=case, excluding=[organisation.pk])
    deadlines = closing.deadlines_of_party(case=case, organisation=organisation)
    default = str(lead.organisation_id) if lead is not None and not leading else closing.CANCEL
    form = WithdrawForm(
        request.POST if request.method == "POST" else None,
        deadlines=deadlines,
        organisations=others,
        default=default,
        successors=others,
        leading=leading,
    )
    if request.method == "POST" and form.is_valid():
        try:
            closing.check_withdraw(
                acting_user=acting_user(request),
                organisation=organisation,
                case=case,
                reason=form.cleaned_data["reason"],
                successor=form.cleaned_data.get("successor"),
                hand_overs=form.hand_overs(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your organisation has withdrawn from the case %(case)s.") % {"case": case})
            return redirect("cases:list")
    context = {"case": case, "form": form, "leading": leading, "deadlines": deadlines}
    return render(request, "casesteps/withdraw.html", context, status=400 if form.errors else 200)
