"""Pages of the attachments of a case: the list per compartment with an upload form for each
compartment the reader writes, the download, and the deletion with its reason."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.access import access_case
from ksmm.compartments import Compartment
from ksmm.memberships.access import acting_user, member_required

from . import actions
from .access import access_attachment
from .access import download as read_attachment
from .forms import DeleteForm, UploadForm
from .models import Attachment
from .panels import sections

LIST_PURPOSE = "attachments"


def _compartment(value: str) -> str:
    if value not in Compartment.values:
        raise Http404
    return value


@member_required
@require_GET
def attachments_page(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    # The titles of each readable compartment are shown: the gate records each sensitive read.
    access = access_case(
        membership=membership, case_id=case_id, request=request, purpose=LIST_PURPOSE, shows=Compartment.values
    )
    context = {"case": access.case, "sections": sections(access=access)}
    return render(request, "caseattachments/attachments.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, case_id: int, compartment: str) -> HttpResponse:
    """Uploads into one compartment; a refused file comes back with its reason and the rest kept."""
    membership = request.membership  # type: ignore[attr-defined]
    compartment = _compartment(compartment)
    access = access_case(membership=membership, case_id=case_id, compartment=compartment, write=True, request=request)
    case = access.case
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None, compartment=compartment)
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            actions.check_upload(
                acting_user=acting_user(request),
                organisation=membership.organisation,
                case=case,
                compartment=compartment,
                counselling_part=form.cleaned_data.get("counselling_part", ""),
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                data=file.read(),
                name=file.name or "",
                size=file.size,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The attachment has been saved."))
            return redirect(reverse("caseattachments:list", args=[case.pk]) + f"#{compartment}")
    context: dict[str, Any] = {"case": case, "form": form, "compartment_label": Compartment(compartment).label}
    return render(request, "caseattachments/upload.html", context, status=400 if form.is_bound else 200)


def filename(*, case_number: str, attachment: Attachment) -> str:
    """The case number, the kind and the id: never the title, which may name the person and would
    stay in the downloads folder of a shared office computer."""
    return f"{case_number}-{attachment.kind.replace('_', '-')}-{attachment.pk}.{attachment.extension}"


@member_required
@require_GET
def download(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    access, attachment = access_attachment(
        reader=membership, case_id=case_id, attachment_id=attachment_id, request=request
    )
    data = read_attachment(access=access, attachment=attachment, request=request)
    # Always a download, never shown inline: a document's scripts never run on the platform's origin.
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename(case_number=access.case.case_number, attachment=attachment)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    access, attachment = access_attachment(
        reader=membership, case_id=case_id, attachment_id=attachment_id, request=request, delete=True
    )
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_delete(
            acting_user=acting_user(request), attachment=attachment, reason=form.cleaned_data["reason"],
            request=request,
        )  # fmt: skip
        messages.success(request, _("The attachment has been deleted."))
        return redirect(reverse("caseattachments:list", args=[access.case.pk]) + f"#{attachment.compartment}")
    context = {"case": access.case, "attachment": attachment, "form": form}
    return render(request, "caseattachments/delete.html", context, status=400 if form.errors else 200)
