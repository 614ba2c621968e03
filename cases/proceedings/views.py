"""Pages of the criminal proceedings of a case: the overview, and forms to record and change."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from ksmm.memberships.access import acting_user, member_required

from . import actions
from .access import access_claim_for_write, access_proceeding_for_write, access_proceedings
from .forms import ClaimForm, ProceedingForm
from .queries import case_proceedings, stage_lines


def _page(case_id: int) -> str:
    return reverse("caseproceedings:page", args=[case_id])


@member_required
@require_GET
def proceedings_page(request: HttpRequest, case_id: int) -> HttpResponse:
    gate = access_proceedings(reader=request.membership, case_id=case_id, request=request)  # type: ignore[attr-defined]
    data = case_proceedings(access=gate.access)
    rows = [(proceeding, stage_lines(proceeding)) for proceeding in data.proceedings]
    claims = [(claim, data.windows.get(claim.pk)) for claim in data.claims]
    context = {"case": gate.access.case, "gate": gate, "rows": rows, "claims": claims}
    return render(request, "caseproceedings/proceedings.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def proceeding_edit(request: HttpRequest, case_id: int, proceeding_id: int | None = None) -> HttpResponse:
    """Records proceedings (no id) or changes them; wrong input comes back with its errors, kept."""
    membership = request.membership  # type: ignore[attr-defined]
    gate, instance = access_proceeding_for_write(
        reader=membership, case_id=case_id, proceeding_id=proceeding_id, request=request
    )
    case = gate.access.case
    form = ProceedingForm(request.POST if request.method == "POST" else None, instance=instance, case=case)
    if request.method == "POST" and form.is_valid():
        proceeding = form.save(commit=False)
        proceeding.case = case
        try:
            actions.check_save_proceeding(
                acting_user=acting_user(request), organisation=membership.organisation, proceeding=proceeding
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_page(case.pk) + f"#proceeding-{proceeding.pk}")
    context = {"case": case, "form": form, "proceeding": instance}
    return render(request, "caseproceedings/proceeding_form.html", context, status=400 if form.is_bound else 200)


@member_required
@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, case_id: int, claim_id: int | None = None) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    gate, instance = access_claim_for_write(reader=membership, case_id=case_id, claim_id=claim_id, request=request)
    case = gate.access.case
    proceedings = case_proceedings(access=gate.access).proceedings
    form = ClaimForm(
        request.POST if request.method == "POST" else None, instance=instance, case=case, proceedings=proceedings
    )
    if request.method == "POST" and form.is_valid():
        claim = form.save(commit=False)
        claim.case = case
        try:
            actions.check_save_claim(
                acting_user=acting_user(request), organisation=membership.organisation, claim=claim
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_page(case.pk) + "#claims")
    context = {"case": case, "form": form, "claim": instance}
    return render(request, "caseproceedings/claim_form.html", context, status=400 if form.is_bound else 200)
