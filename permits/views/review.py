"""The migration office's review queue and its decisions."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ksmm.memberships.access import acting_user

from .. import access, actions, confirmations, extensions, permit_actions
from ..forms import (
    ExtensionDecisionForm,
    FederalDecisionForm,
    PermitDecisionForm,
    QueueFilterForm,
    ReflectionDecisionForm,
    ReflectionEndForm,
    run_action,
)
from ..models import PermitRequest
from ..queries import review_queue
from .common import membership_of, reviewer_required, to_case, today


@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = review_queue(
        membership=membership_of(request),
        kind=filters.get("kind") or "",
        status=filters.get("status") or "",
        due_before=filters.get("due_before"),
    )
    return render(request, "permits/queue.html", {"items": items, "form": form, "today": today()})


@reviewer_required
@require_http_methods(["GET", "POST"])
def reflection_decide(request: HttpRequest, period_id: int) -> HttpResponse:
    membership = membership_of(request)
    period = access.access_period_to_decide(membership=membership, period_id=period_id, request=request)
    form = ReflectionDecisionForm(request.POST or None, initial={"length_days": period.proposed_days or 30})
    end_form = ReflectionEndForm(initial={"ended_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = run_action(
            form,
            lambda: actions.check_decide_reflection_period(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                period=period,
                grant=data["decision"] == "grant",
                decided_on=today(),
                length_days=data["length_days"],
                starts_on=data["starts_on"],
                reasons=data["reasons"],
                request=request,
            ),
        )
        if decided is not None:
            messages.success(request, confirmations.reflection_decided(decided))
            return redirect("permits:queue")
    return render(
        request, "permits/reflection_decide.html", {"period": period, "case": period.case, "form": form,
                                                     "end_form": end_form},
    )  # fmt: skip


@reviewer_required
@require_POST
def reflection_end(request: HttpRequest, period_id: int) -> HttpResponse:
    membership = membership_of(request)
    period = access.access_period_to_decide(membership=membership, period_id=period_id, request=request)
    form = ReflectionEndForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ended = run_action(
            form,
            lambda: actions.check_end_reflection_period(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                period=period,
                ended_on=data["ended_on"],
                reason=data["reason"],
                notes=data["notes"],
                request=request,
            ),
        )
        if ended is not None:
            messages.success(request, _("The reflection period has ended."))
            return to_case(period.case)
    return render(
        request,
        "permits/reflection_decide.html",
        {"period": period, "case": period.case, "form": None, "end_form": form},
        status=400,
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def permit_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    membership = membership_of(request)
    permit = access.access_permit_request_to_decide(membership=membership, request_id=request_id, request=request)
    form = PermitDecisionForm(
        request.POST or None, initial={"valid_from": today(), "valid_until": permit_actions.proposed_last_day(permit)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "acting_user": acting_user(request),
            "organisation": membership.organisation,
            "permit": permit,
            "decided_on": today(),
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "work_authorised": data["work_authorised"],
            "reasons": data["reasons"],
            "request": request,
        }
        approve = data["decision"] == "grant"
        if permit.status == PermitRequest.Status.SEM_PENDING:
            decided = run_action(form, lambda: permit_actions.check_record_sem_decision(approved=approve, **arguments))
        else:
            decided = run_action(form, lambda: permit_actions.check_decide_permit(approve=approve, **arguments))
        if decided is not None:
            messages.success(request, confirmations.permit_decided(decided))
            return redirect("permits:queue")
    return render(
        request,
        "permits/permit_decide.html",
        {"permit": permit, "case": permit.case, "form": form, "details_visible": True},
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def federal_decision(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
    case = access.access_case_to_decide(membership=membership, case_id=case_id, request=request)
    form = FederalDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded = run_action(
            form,
            lambda: permit_actions.check_record_federal_decision(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                case=case,
                kind=data["kind"],
                decided_on=data["decided_on"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                federal_reference=data["federal_reference"],
                request=request,
            ),
        )
        if recorded is not None:
            messages.success(request, confirmations.federal_recorded(recorded))
            return to_case(case)
    return render(
        request, "permits/form.html", {"case": case, "form": form, "title": _("Record a federal decision (F, N)")}
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def extension_decide(request: HttpRequest, extension_id: int) -> HttpResponse:
    membership = membership_of(request)
    extension = access.access_extension_to_decide(membership=membership, extension_id=extension_id, request=request)
    form = ExtensionDecisionForm(request.POST or None, initial={"days": extension.requested_days})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = run_action(
            form,
            lambda: extensions.check_decide_extension(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                extension=extension,
                grant=data["decision"] == "grant",
                decided_on=today(),
                days=data["days"],
                reasons=data["reasons"],
                request=request,
            ),
        )
        if decided is not None:
            messages.success(request, confirmations.extension_decided(decided))
            return to_case(extension.period.case)
    return render(
        request,
        "permits/extension_decide.html",
        {"extension": extension, "period": extension.period, "case": extension.period.case, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
