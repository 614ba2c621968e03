from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.documents.rendering import render_pdf
from ksmm.memberships.access import acting_user, member_required, permission_required_here

from . import actions, queries
from .forms import ContactPersonForm, DirectorySearchForm, OrganisationForm
from .models import ContactPerson, Organisation
from .vcard import contact_vcard

directory_manager_required = permission_required_here("partners.manage_directory")


def _organisation_or_404(request: HttpRequest, organisation_id: int) -> Organisation:
    # Coordinators reach an inactive organisation to reactivate it; for everyone else it is gone.
    may_manage = request.user.has_perm("partners.manage_directory")
    organisation = queries.organisation_with_contacts(organisation_id, include_inactive=may_manage)
    if organisation is None:
        raise Http404
    return organisation


def _contact_or_404(request: HttpRequest, contact_id: int) -> ContactPerson:
    may_manage = request.user.has_perm("partners.manage_directory")
    contact = queries.contact_person(contact_id, include_inactive=may_manage)
    if contact is None:
        raise Http404
    return contact


@member_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET)
    form.is_valid()
    # An unknown filter value is shown as a field error; the valid ones still apply.
    data = form.cleaned_data
    search = queries.DirectorySearch(
        text=data.get("q", ""), type=data.get("type", ""), group=data.get("group", ""),
        level=data.get("level", ""), language=data.get("language", ""),
    )  # fmt: skip
    context = {
        "form": form,
        "organisations": queries.search_organisations(search=search),
        "federal_partners": queries.search_federal_partners(search=search),
        "can_manage": request.user.has_perm("partners.manage_directory"),
    }
    if context["can_manage"]:
        context["phone_gaps"] = queries.victim_aid_phone_gaps()
    return render(request, "partners/directory.html", context)


@member_required
@require_GET
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(request, organisation_id)
    context = {"organisation": organisation, "can_manage": request.user.has_perm("partners.manage_directory")}
    return render(request, "partners/organisation.html", context)


@member_required
@require_GET
def federal_partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = queries.federal_partner_with_contacts(partner_id)
    if partner is None:
        raise Http404
    return render(request, "partners/federal_partner.html", {"partner": partner})


@member_required
@require_GET
def contact_vcard_download(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact_or_404(request, contact_id)
    response = HttpResponse(contact_vcard(contact).encode(), content_type="text/vcard; charset=utf-8")
    # The file name carries no personal data: it ends up in download folders and logs.
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.vcf"'
    return response


@directory_manager_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    return _edit_organisation(request, Organisation())


@directory_manager_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _edit_organisation(request, _organisation_or_404(request, organisation_id))


def _edit_organisation(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        picked = actions.group_was_picked(
            organisation=entry, group_given=bool(form.cleaned_data["group"]), group_changed="group" in form.changed_data
        )
        saved = actions.do_save_organisation(acting_user=acting_user(request), organisation=entry, group_picked=picked)
        messages.success(request, _("The organisation has been saved."))
        return redirect("partners:organisation", organisation_id=saved.pk)
    return render(request, "partners/organisation_form.html", {"form": form, "organisation": organisation})


@directory_manager_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(request, organisation_id)
    return _edit_contact(request, organisation, ContactPerson(organisation=organisation))


@directory_manager_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact_or_404(request, contact_id)
    return _edit_contact(request, contact.organisation, contact)


def _edit_contact(request: HttpRequest, organisation: Organisation, contact: ContactPerson) -> HttpResponse:
    form = ContactPersonForm(request.POST or None, instance=contact, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        actions.do_save_contact(acting_user=acting_user(request), contact=form.save(commit=False))
        messages.success(request, _("The contact person has been saved."))
        return redirect("partners:organisation", organisation_id=organisation.pk)
    context = {"form": form, "organisation": organisation, "contact": contact}
    return render(request, "partners/contact_form.html", context)


@member_required
@require_GET
def directory_pdf(request: HttpRequest) -> HttpResponse:
    """The directory printed for the round table's members, in the reader's language."""
    organisations, federal_partners = queries.printable_directory()
    canton = request.tenant  # type: ignore[attr-defined]
    title = _("Partner directory of the canton of %(name)s") % {"name": canton.name}
    pdf = render_pdf(
        template_name="partners/directory_print.html",
        context={"organisations": organisations, "federal_partners": federal_partners, "canton": canton},
        language=translation.get_language(),
        title=title,
    )
    do_record(actor=acting_user(request), action=AuditEntry.Action.PRINT, object_type="partners.directory")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="partner-directory-{canton.code.lower()}.pdf"'
    return response
