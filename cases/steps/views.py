"""Pages of the steps on a case: one page with a section per step, forms to add and change."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases.access import access_case
from ksmm.memberships.access import acting_user, member_required

from . import actions
from .access import access_step, access_step_case, step_kind
from .queries import case_sections, open_tasks


@member_required
def steps_page(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    access = access_case(membership=membership, case_id=case_id, request=request)
    case = access.case
    sections = case_sections(access=access, request=request)
    for section in sections:
        if section.can_write and not (section.kind.key == "closure" and case.status != case.Status.OPEN):
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
