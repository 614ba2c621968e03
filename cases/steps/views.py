"""Pages of the steps on a case: one page with a section per step, forms to add and change."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases.access import access_case
from cases.letters_forms import LetterReferralForm
from cases.referrals import ReferralRefused
from ksmm.memberships.access import acting_user, member_required

from . import actions
from .access import access_step, access_step_case, step_kind
from .kesb import check_refer_to_kesb, referral_pending
from .models import KesbReferral
from .queries import case_sections, open_tasks

KESB_KEY = "kesb"


@member_required
def steps_page(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    access = access_case(membership=membership, case_id=case_id, request=request)
    case = access.case
    sections = case_sections(access=access, request=request)
    for section in sections:
        # A case is closed on its closing page (the lead, after asking the parties).
        if section.can_write and section.kind.key != "closure":
            section.form = section.kind.form(case=case)
    return render(
        request,
        "casesteps/steps.html",
        {"case": case, "sections": sections, "tasks": open_tasks(access=access)},
    )


@member_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, case_id: int, kind: str, step_id: int | None = None) -> HttpResponse:
    """Adds a step (no step_id) or changes one; wrong input comes back with its errors, kept."""
    membership = request.membership  # type: ignore[attr-defined]
    step_type = step_kind(kind)
    if step_type.key == "closure":
        return redirect("casesteps:close", case_id)
    case, _visibility = access_step_case(
        reader=membership, case_id=case_id, kind=step_type, write=True, request=request
    )
    step_type = step_kind(kind, case=case)
    if step_id is not None and not step_type.editable:
        raise Http404
    instance = access_step(kind=step_type, case=case, step_id=step_id) if step_id is not None else None
    form = step_type.form(request.POST if request.method == "POST" else None, instance=instance, case=case)
    if request.method == "POST" and form.is_valid():
        step = form.save(commit=False)
        step.case = case
        try:
            actions.check_save_step(acting_user=acting_user(request), organisation=membership.organisation, step=step)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(reverse("casesteps:steps", args=[case.pk]) + f"#{step_type.key}")
    return render(
        request,
        "casesteps/step_form.html",
        {"case": case, "kind": step_type, "form": form, "step": instance},
        status=400 if form.is_bound else 200,
    )


@member_required
@require_http_methods(["GET", "POST"])
def kesb_referral(request: HttpRequest, case_id: int, step_id: int) -> HttpResponse:
    """From a recorded KESB step: refer the case to its KESB (by letter, as it has no users)."""
    membership = request.membership  # type: ignore[attr-defined]
    kind = step_kind(KESB_KEY)
    case, _visibility = access_step_case(reader=membership, case_id=case_id, kind=kind, write=True, request=request)
    step = access_step(kind=step_kind(KESB_KEY, case=case), case=case, step_id=step_id)
    if not isinstance(step, KesbReferral):  # the kind "kesb" holds KesbReferral rows only
        raise Http404
    if step.referral_id is not None and referral_pending(step):
        return redirect("cases:referral", step.referral_id)
    form = LetterReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = check_refer_to_kesb(
                acting_user=acting_user(request), membership=membership, step=step, request=request,
                **form.cleaned_data,
            )  # fmt: skip
        except ReferralRefused as error:
            form.add_error(None, str(error))
        else:
            return redirect("cases:referral", referral.pk)
    context = {"case": case, "step": step, "form": form}
    return render(request, "casesteps/kesb_referral_form.html", context, status=400 if form.errors else 200)
