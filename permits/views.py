"""Residence pages of a case and the migration office's review queue (thin views)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import decision_on
from cases.models import Case
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.memberships.access import acting_user, member_required, permission_required_here

from . import access, actions, permit_actions
from .documents import permit_letter_pdf
from .forms import (
    DocumentForm,
    FederalDecisionForm,
    PermitDecisionForm,
    PermitRequestForm,
    PresenceNoticeForm,
    QueueFilterForm,
    ReflectionDecisionForm,
    ReflectionEndForm,
    ReflectionRequestForm,
    StayForm,
    run_action,
)
from .models import DECIDING_TYPES, NOTIFYING_TYPES, REQUESTING_TYPES, PermitRequest, ReflectionPeriod
from .queries import residence_of_case, review_queue
from .stays import actions as stay_actions

REVIEW = "permits.review_requests"
reviewer_required = permission_required_here(REVIEW)


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def _today() -> Any:
    return timezone.localdate()


def _to_case(case: Case) -> HttpResponse:
    return redirect("permits:case", case_id=case.pk)


@member_required
def case_residence(request: HttpRequest, case_id: int) -> HttpResponse:
    """Status and dates for every party; grounds, reasons and documents for those who may read them."""
    membership = _membership(request)
    decision = access.access_residence_case(membership=membership, case_id=case_id, request=request)
    case = decision.case
    residence = residence_of_case(case=case)
    organisation_type = membership.organisation.type
    may_review = request.user.has_perm(REVIEW)
    details = {
        (obj._meta.model_name, obj.pk): decision.sees_residence_details(
            requested_by_organisation_id=obj.requested_by_organisation_id
        )
        for obj in [*residence["periods"], *residence["permits"]]  # type: ignore[misc]
    }
    for obj in [*residence["periods"], *residence["permits"]]:  # type: ignore[misc]
        obj.details_visible = details[(obj._meta.model_name, obj.pk)]
    for stay in residence["stays"]:  # type: ignore[attr-defined]
        stay.permit_due = stay.permit_request_due(today=_today(), permit_requests=residence["permits"])
    return render(
        request,
        "permits/case.html",
        {
            "case": case,
            **residence,
            "today": _today(),
            "may_request": organisation_type in REQUESTING_TYPES,
            "has_active_period": any(
                period.status in {ReflectionPeriod.Status.REQUESTED, ReflectionPeriod.Status.GRANTED}
                for period in residence["periods"]  # type: ignore[attr-defined]
            ),
            "may_notify": organisation_type in NOTIFYING_TYPES,
            "may_decide": may_review and organisation_type in DECIDING_TYPES,
            "my_organisation_id": membership.organisation.pk,
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def reflection_request(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
    case = access.access_case_to_request(membership=membership, case_id=case_id, request=request)
    form = ReflectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = run_action(
            form,
            lambda: actions.check_request_reflection_period(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                case=case,
                addressed_to=data["addressed_to"],
                requested_on=_today(),
                grounds=data["grounds"],
                proposed_days=data["proposed_days"],
                request=request,
            ),
        )
        if period is not None:
            messages.success(request, _("The reflection period has been requested from the migration office."))
            return _to_case(case)
    return render(request, "permits/form.html", {"case": case, "form": form, "title": _("Request a reflection period")})


@member_required
@require_http_methods(["GET", "POST"])
def stay_record(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
    case = access.access_residence_case(membership=membership, case_id=case_id, request=request).case
    form = StayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stay = run_action(
            form,
            lambda: stay_actions.check_record_stay(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                case=case,
                basis=data["basis"],
                starts_on=data["starts_on"],
                expected_until=data["expected_until"],
                request=request,
            ),
        )
        if stay is not None:
            messages.success(request, _("The stay has been recorded."))
            return _to_case(case)
    return render(request, "permits/form.html", {"case": case, "form": form, "title": _("Record the stay")})


@member_required
@require_http_methods(["GET", "POST"])
def permit_request(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
    case = access.access_case_to_request(membership=membership, case_id=case_id, request=request)
    form = PermitRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        permit = run_action(
            form,
            lambda: permit_actions.check_request_permit(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                case=case,
                kind=data["kind"],
                addressed_to=data["addressed_to"],
                requested_on=_today(),
                expected_until=data["expected_until"],
                grounds=data["grounds"],
                hardship_criteria=data["hardship_criteria"],
                work_requested=data["work_requested"],
                request=request,
            ),
        )
        if permit is not None:
            messages.success(request, _("The permit has been requested from the migration office."))
            return redirect("permits:permit", request_id=permit.pk)
    return render(request, "permits/form.html", {"case": case, "form": form, "title": _("Request a permit")})


@member_required
@require_POST
def permit_renew(request: HttpRequest, request_id: int) -> HttpResponse:
    membership = _membership(request)
    permit = access.access_permit_request(membership=membership, request_id=request_id)
    access.access_case_to_request(membership=membership, case_id=permit.case_id, request=request)
    renewal = PermitRequestForm()
    created = run_action(
        renewal,
        lambda: permit_actions.check_request_permit(
            acting_user=acting_user(request),
            organisation=membership.organisation,
            case=permit.case,
            kind=permit.kind,
            addressed_to=permit.addressed_to,
            requested_on=_today(),
            expected_until=permit.expected_until if permit.kind == PermitRequest.Kind.L else None,
            grounds=permit.grounds,
            hardship_criteria=permit.hardship_criteria,
            work_requested=permit.work_requested,
            renewal_of=permit,
            request=request,
        ),
    )
    if created is None:
        for error in renewal.non_field_errors() or [_("The renewal could not be requested.")]:
            messages.error(request, str(error))
        return redirect("permits:permit", request_id=permit.pk)
    messages.success(request, _("The renewal has been requested."))
    return redirect("permits:permit", request_id=created.pk)


@member_required
def permit_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    membership = _membership(request)
    permit = access.access_permit_request(membership=membership, request_id=request_id)
    visible = decision_on(membership=membership, case=permit.case, request=request).sees_residence_details(
        requested_by_organisation_id=permit.requested_by_organisation_id
    )
    return render(
        request,
        "permits/permit.html",
        {
            "permit": permit,
            "case": permit.case,
            "details_visible": visible,
            "documents": list(permit.documents.all()) if visible else [],
            "document_form": DocumentForm() if visible else None,
            "may_renew": permit.status == PermitRequest.Status.GRANTED
            and membership.organisation.type in REQUESTING_TYPES,
        },
    )


@member_required
@require_POST
def permit_document_add(request: HttpRequest, request_id: int) -> HttpResponse:
    membership = _membership(request)
    permit = access.access_permit_request_details(membership=membership, request_id=request_id, request=request)
    form = DocumentForm(request.POST)
    document = None
    if form.is_valid():
        document = run_action(
            form,
            lambda: permit_actions.check_add_document(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                permit=permit,
                title=form.cleaned_data["title"],
                file_reference=form.cleaned_data["file_reference"],
                added_on=_today(),
                request=request,
            ),
        )
    if document is not None:
        messages.success(request, _("The document has been added."))
    else:
        messages.error(request, _("A document needs a title and a file reference."))
    return redirect("permits:permit", request_id=permit.pk)


@member_required
def permit_letter(request: HttpRequest, request_id: int) -> HttpResponse:
    """The request letter to the migration office, for the requester and the office only."""
    membership = _membership(request)
    permit = access.access_permit_request_details(membership=membership, request_id=request_id, request=request)
    if permit.is_federal:
        raise PermissionDenied
    pdf = permit_letter_pdf(permit)
    do_record(
        actor=acting_user(request),
        action=AuditAction.PRINT,
        obj=permit,
        compartment=Compartment.RESIDENCE,
        purpose="permit request letter",
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="permit-request-{permit.pk}.pdf"'
    return response


@member_required
@require_http_methods(["GET", "POST"])
def presence_notice(request: HttpRequest, period_id: int) -> HttpResponse:
    membership = _membership(request)
    period = access.access_period_to_notify(membership=membership, period_id=period_id)
    form = PresenceNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice = run_action(
            form,
            lambda: actions.check_give_presence_notice(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                period=period,
                given_on=_today(),
                presence_needed=data["presence_needed"],
                needed_until=data["needed_until"],
                notes=data["notes"],
                request=request,
            ),
        )
        if notice is not None:
            messages.success(request, _("The migration office has been told whether presence is needed."))
            return _to_case(period.case)
    title = _("Tell the migration office whether presence is needed (Art. 36 para. 1 VZAE)")
    return render(request, "permits/form.html", {"case": period.case, "form": form, "title": title})


# --- the migration office ----------------------------------------------------------------------


@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = review_queue(
        membership=_membership(request),
        kind=filters.get("kind") or "",
        status=filters.get("status") or "",
        due_before=filters.get("due_before"),
    )
    return render(request, "permits/queue.html", {"items": items, "form": form, "today": _today()})


@reviewer_required
@require_http_methods(["GET", "POST"])
def reflection_decide(request: HttpRequest, period_id: int) -> HttpResponse:
    membership = _membership(request)
    period = access.access_period_to_decide(membership=membership, period_id=period_id, request=request)
    form = ReflectionDecisionForm(request.POST or None, initial={"length_days": period.proposed_days or 30})
    end_form = ReflectionEndForm(initial={"ended_on": _today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = run_action(
            form,
            lambda: actions.check_decide_reflection_period(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                period=period,
                grant=data["decision"] == "grant",
                decided_on=_today(),
                length_days=data["length_days"],
                starts_on=data["starts_on"],
                reasons=data["reasons"],
                request=request,
            ),
        )
        if decided is not None:
            messages.success(request, _("The decision has been recorded."))
            return redirect("permits:queue")
    return render(
        request, "permits/reflection_decide.html", {"period": period, "case": period.case, "form": form,
                                                     "end_form": end_form},
    )  # fmt: skip


@reviewer_required
@require_POST
def reflection_end(request: HttpRequest, period_id: int) -> HttpResponse:
    membership = _membership(request)
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
            return _to_case(period.case)
    return render(
        request,
        "permits/reflection_decide.html",
        {"period": period, "case": period.case, "form": None, "end_form": form},
        status=400,
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def permit_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    membership = _membership(request)
    permit = access.access_permit_request_to_decide(membership=membership, request_id=request_id, request=request)
    form = PermitDecisionForm(
        request.POST or None, initial={"valid_from": _today(), "valid_until": permit.expected_until}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "acting_user": acting_user(request),
            "organisation": membership.organisation,
            "permit": permit,
            "decided_on": _today(),
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
            messages.success(request, _("The decision has been recorded."))
            return redirect("permits:queue")
    return render(
        request,
        "permits/permit_decide.html",
        {"permit": permit, "case": permit.case, "form": form, "details_visible": True},
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def federal_decision(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
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
            messages.success(request, _("The federal decision has been recorded."))
            return _to_case(case)
    return render(
        request, "permits/form.html", {"case": case, "form": form, "title": _("Record a federal decision (F, N)")}
    )
