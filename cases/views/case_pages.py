"""A case's pages: the overview, identity, counselling, investigation and the printed summary."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ksmm.audit.actions import do_record_compartments
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.matching.actions import LookupLimitReached
from ksmm.memberships.access import acting_user, member_required

from ..access import access_case
from ..case_file import current_parties, identity_of, readable_records
from ..documents import case_summary_pdf
from ..forms import (
    CounsellingEntryForm,
    EvidenceNoteForm,
    IdentityForm,
)
from ..identity import do_save_identity
from ..matching import federal_signal
from ..models import CounsellingEntry, EvidenceNote
from ..notes import do_add_counselling_entry, do_add_evidence_note
from ..panels import panels_for, sections_for
from ..queries import duplicates_of
from ..records import records_for
from ..referrals import may_refer
from ..retention import retention_date
from ..timeline import timeline_for
from .common import MANAGE_GRANTS, membership_of


@member_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
    # The page shows every compartment the reader may read: the gate audits each sensitive one.
    access = access_case(
        membership=membership, case_id=case_id, request=request, purpose="case page", shows=Compartment.values
    )
    case, readable = access.case, access.readable
    visible_duplicates, hidden_duplicates = duplicates_of(membership=membership, case=case)
    context: dict[str, Any] = {
        "case": case,
        "readable": readable,
        "parties": current_parties(access=access),
        "identity": identity_of(access=access) if Compartment.IDENTITY in readable else None,
        "counselling": readable_records(access=access, model=CounsellingEntry)[:10],
        "evidence": readable_records(access=access, model=EvidenceNote)[:10],
        "timeline": timeline_for(access=access),
        "panels": panels_for(access=access),
        "sections": sections_for(access=access),
        "visible_duplicates": visible_duplicates,
        "hidden_duplicates": hidden_duplicates,
        "can_manage_grants": request.user.has_perm(MANAGE_GRANTS),
        "can_write_identity": access.can_write(Compartment.IDENTITY),
        "can_write_counselling": access.can_write(Compartment.COUNSELLING),
        "may_refer": may_refer(access=access),
        "anonymise_on": retention_date(case=case),
    }
    return render(request, "cases/case_detail.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def case_identity(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
    write = request.method == "POST"
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.IDENTITY, write=write, request=request
    )
    case = access.case
    identity = identity_of(access=access)
    form = IdentityForm(request.POST or None, initial=IdentityForm.initial_from(identity))
    status = 200
    if write and form.is_valid():
        try:
            do_save_identity(acting_user=acting_user(request), case=case, data=form.identity_data(), request=request)
        except LookupLimitReached as refused:
            form.add_error(None, str(refused))
            status = 429
        else:
            messages.success(request, _("The identity has been saved."))
            return redirect("cases:identity", case.pk)
    context = {
        "case": case,
        "identity": identity,
        "form": form,
        "can_write": access.can_write(Compartment.IDENTITY),
        "matches": federal_signal(access=access),
    }
    return render(request, "cases/identity.html", context, status=400 if status == 200 and form.errors else status)


@member_required
@require_http_methods(["GET", "POST"])
def case_counselling(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
    write = request.method == "POST"
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.COUNSELLING, write=write, request=request
    )
    case = access.case
    form = CounsellingEntryForm(request.POST or None)
    if write and form.is_valid():
        do_add_counselling_entry(
            acting_user=acting_user(request),
            organisation=membership.organisation,
            case=case,
            request=request,
            **form.cleaned_data,
        )
        messages.success(request, _("The entry has been saved."))
        return redirect("cases:counselling", case.pk)
    context = {
        "case": case,
        "entries": records_for(access=access, model=CounsellingEntry),
        "parts": access.counselling_parts,
        "form": form,
        "can_write": access.can_write(Compartment.COUNSELLING),
    }
    return render(request, "cases/counselling.html", context, status=400 if form.errors else 200)


@member_required
@require_http_methods(["GET", "POST"])
def case_investigation(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
    write = request.method == "POST"
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.INVESTIGATION, write=write, request=request
    )
    case = access.case
    form = EvidenceNoteForm(request.POST or None)
    if write and form.is_valid():
        do_add_evidence_note(
            acting_user=acting_user(request),
            organisation=membership.organisation,
            case=case,
            request=request,
            **form.cleaned_data,
        )
        messages.success(request, _("The note has been saved."))
        return redirect("cases:investigation", case.pk)
    context = {
        "case": case,
        "notes": records_for(access=access, model=EvidenceNote),
        "form": form,
        "can_write": access.can_write(Compartment.INVESTIGATION),
    }
    return render(request, "cases/investigation.html", context, status=400 if form.errors else 200)


@member_required
def case_summary(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = membership_of(request)
    access = access_case(membership=membership, case_id=case_id, request=request)
    case = access.case
    pdf = case_summary_pdf(access=access)
    do_record_compartments(
        actor=acting_user(request),
        action=AuditAction.PRINT,
        obj=case,
        compartments=sorted(access.readable),
        purpose="case summary",
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="case-{case.case_number}.pdf"'
    return response
