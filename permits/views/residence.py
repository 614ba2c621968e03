"""The residence pages of a case: reflection period, stay, permits, presence notice."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import decision_on
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.memberships.access import acting_user, member_required

from .. import access, actions, confirmations, extensions, permit_actions, permit_documents
from ..documents import permit_letter_pdf
from ..forms import (
    DocumentForm,
    ExtensionRequestForm,
    PermitRequestForm,
    PresenceNoticeForm,
    ReflectionRequestForm,
    StayForm,
    run_action,
)
from ..models import DECIDING_TYPES, NOTIFYING_TYPES, REQUESTING_TYPES, PermitRequest, ReflectionPeriod
from ..queries import expiring_l_permits, residence_of_case
from ..stays import actions as stay_actions
from .common import REVIEW, membership_of, to_case, today


@member_required
def case_residence(request: HttpRequest, case_id: int) -> HttpResponse:
    """Status and dates for every party; grounds, reasons and documents for those who may read them."""
    membership = membership_of(request)
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
        stay.permit_due = stay.permit_request_due(today=today(), permit_requests=residence["permits"])
    return render(
        request,
        "permits/case.html",
        {
            "case": case,
            **residence,
            "today": today(),
            "may_request": organisation_type in REQUESTING_TYPES,
            "has_active_period": any(
                period.status in {ReflectionPeriod.Status.REQUESTED, ReflectionPeriod.Status.GRANTED}
                for period in residence["periods"]  # type: ignore[attr-defined]
            ),
            "may_notify": organisation_type in NOTIFYING_TYPES,
            "may_decide": may_review and organisation_type in DECIDING_TYPES,
            "my_organisation_id": membership.organisation.pk,
            "expiring_l_permits": expiring_l_permits(permits=residence["permits"], today=today()),  # type: ignore[arg-type]
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def reflection_request(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
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
                requested_on=today(),
                grounds=data["grounds"],
                proposed_days=data["proposed_days"],
                request=request,
            ),
        )
        if period is not None:
            messages.success(request, confirmations.reflection_requested(period))
            return to_case(case)
    return render(request, "permits/form.html", {"case": case, "form": form, "title": _("Request a reflection period")})


@member_required
@require_http_methods(["GET", "POST"])
def stay_record(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
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
            return to_case(case)
    return render(request, "permits/form.html", {"case": case, "form": form, "title": _("Record the stay")})


@member_required
@require_http_methods(["GET", "POST"])
def permit_request(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
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
                requested_on=today(),
                expected_until=data["expected_until"],
                grounds=data["grounds"],
                hardship_criteria=data["hardship_criteria"],
                work_requested=data["work_requested"],
                request=request,
            ),
        )
        if permit is not None:
            messages.success(request, confirmations.permit_requested(permit))
            return redirect("permits:permit", request_id=permit.pk)
    return render(request, "permits/form.html", {"case": case, "form": form, "title": _("Request a permit")})


@member_required
@require_POST
def permit_renew(request: HttpRequest, request_id: int) -> HttpResponse:
    membership = membership_of(request)
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
            requested_on=today(),
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
    membership = membership_of(request)
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
    membership = membership_of(request)
    permit = access.access_permit_request_details(membership=membership, request_id=request_id, request=request)
    form = DocumentForm(request.POST)
    document = None
    if form.is_valid():
        document = run_action(
            form,
            lambda: permit_documents.check_add_document(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                permit=permit,
                title=form.cleaned_data["title"],
                file_reference=form.cleaned_data["file_reference"],
                added_on=today(),
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
    membership = membership_of(request)
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
    membership = membership_of(request)
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
                given_on=today(),
                presence_needed=data["presence_needed"],
                needed_until=data["needed_until"],
                notes=data["notes"],
                request=request,
            ),
        )
        if notice is not None:
            messages.success(request, _("The migration office has been told whether presence is needed."))
            return to_case(period.case)
    title = _("Tell the migration office whether presence is needed (Art. 36 para. 1 VZAE)")
    return render(request, "permits/form.html", {"case": period.case, "form": form, "title": title})


# --- the migration office ----------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def extension_request(request: HttpRequest, period_id: int) -> HttpResponse:
    membership = membership_of(request)
    period = access.access_period_to_extend(membership=membership, period_id=period_id, request=request)
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        extension = run_action(
            form,
            lambda: extensions.check_request_extension(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                period=period,
                requested_on=today(),
                days=data["days"],
                reason=data["reason"],
                request=request,
            ),
        )
        if extension is not None:
            messages.success(request, _("The extension has been requested from the migration office."))
            return to_case(period.case)
    return render(
        request,
        "permits/extension_request.html",
        {"case": period.case, "period": period, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
