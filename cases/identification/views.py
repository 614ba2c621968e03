"""The indicator catalogue: members read it, coordinators add and change the canton's own."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import access_case
from ksmm.compartments import Compartment
from ksmm.memberships.access import acting_user, member_required, permission_required_here

from . import actions
from .forms import AssessmentForm, CantonalIndicatorForm, parse_observed, parse_section
from .models import ExploitationForm, Indicator, Target
from .queries import (
    assessments_of,
    cantonal_indicator,
    checklist_groups,
    checklist_of,
    current_catalogue,
    dimensions_with_indicators,
    observations_left_on_transfer,
    observed_strengths,
)

MANAGE = "identification.manage_catalogue"


@member_required
def catalogue(request: HttpRequest) -> HttpResponse:
    current = current_catalogue()
    target = request.GET.get("target", "")
    form = request.GET.get("form", "")
    target = target if target in Target.values else ""
    form = form if form in ExploitationForm.values else ""
    can_manage = request.user.has_perm(MANAGE)
    dimensions = dimensions_with_indicators(catalogue=current, active_only=not can_manage, target=target, form=form)
    return render(
        request,
        "identification/catalogue.html",
        {
            "catalogue": current,
            "dimensions": dimensions,
            "targets": [(value, label) for value, label in Target.choices if value != Target.ALL],
            "forms": [(value, label) for value, label in ExploitationForm.choices if value != ExploitationForm.BOTH],
            "target": target,
            "form": form,
            "can_manage": can_manage,
        },
    )


@permission_required_here(MANAGE)
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, indicator_id: int | None = None) -> HttpResponse:
    current = current_catalogue()
    instance: Indicator | None = None
    if indicator_id is not None:
        instance = cantonal_indicator(indicator_id=indicator_id)
        if instance is None:
            raise Http404
    form = CantonalIndicatorForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        catalogue=instance.catalogue if instance else current,
        required_language=getattr(getattr(request, "tenant", None), "default_language", "de"),
    )
    if request.method == "POST" and form.is_valid():
        actions.do_save_cantonal_indicator(acting_user=acting_user(request), indicator=form.save(commit=False))
        return redirect("identification:catalogue")
    status = 400 if form.is_bound else 200
    return render(request, "identification/indicator_form.html", {"form": form, "indicator": instance}, status=status)


@member_required
def case_identification(request: HttpRequest, case_id: int) -> HttpResponse:
    """The checklist (identity readers) and the assessments (every party) of a case."""
    membership = request.membership  # type: ignore[attr-defined]
    access = access_case(membership=membership, case_id=case_id, request=request, shows={Compartment.IDENTITY})
    case = access.case
    groups = None
    checklist = None
    if access.can_read(Compartment.IDENTITY):
        checklist = checklist_of(case=case)
        groups = checklist_groups(case=case, checklist=checklist)
    return render(
        request,
        "identification/case.html",
        {
            "case": case,
            "checklist": checklist,
            "groups": groups,
            "strengths": observed_strengths(groups or []),
            "can_fill": access.can_write(Compartment.IDENTITY),
            "can_assess": access.can_write(Compartment.CORE),
            "assessments": assessments_of(case=case),
            "observations_left": observations_left_on_transfer(access=access),
            "form": AssessmentForm(),
            "saved_section": parse_section({"dimension": request.GET.get("saved", "")}),
        },
    )


@member_required
@require_POST
def checklist_save(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    case = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.IDENTITY, write=True, request=request
    ).case
    section = parse_section(request.POST)
    actions.do_save_checklist(
        acting_user=acting_user(request),
        organisation=membership.organisation,
        case=case,
        observed=parse_observed(request.POST),
        dimension_id=section,
    )
    if section is None:
        messages.success(request, _("The checklist has been saved."))
        return redirect(reverse("identification:case", args=[case.pk]) + "#assessment")
    # The page opens at the saved section, which says so next to its button.
    return redirect(reverse("identification:case", args=[case.pk]) + f"?saved={section}#section-{section}")


@member_required
@require_POST
def assessment_create(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    case = access_case(membership=membership, case_id=case_id, write=True, request=request).case
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or unclear."))
        return redirect(reverse("identification:case", args=[case.pk]) + "#assessment")
    actions.do_assess(
        acting_user=acting_user(request),
        organisation=membership.organisation,
        case=case,
        result=form.cleaned_data["result"],
    )
    messages.success(request, _("The assessment has been recorded."))
    return redirect(reverse("identification:case", args=[case.pk]) + "#assessment")
