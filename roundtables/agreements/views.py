"""Pages of the co-operation agreement: members read, coordinators draft and adopt."""

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.cantons.current import print_language
from ksmm.memberships.access import acting_user, member_required, permission_required_here
from ksmm.partners.models import Organisation
from roundtables.documents import agreement_pdf
from roundtables.forms import AgreementForm, DutyForm, SectionForm, SignatoryForm, StarterForm
from roundtables.matrix import COLUMNS, column_labels
from roundtables.models import Agreement, ImmutableAgreement
from roundtables.starter import do_create_starter, second_language_for

from . import actions
from .drafts import StaleDraft, do_save_draft
from .editor import AgreementEditor

MANAGE = "roundtables.manage_roundtable"

coordinator_required = permission_required_here(MANAGE)


def _agreement_or_404(agreement_id: int) -> Agreement:
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    return agreement


@member_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = Agreement.objects.annotate(section_count=Count("sections")).order_by("-version")
    return render(
        request,
        "roundtables/agreement_list.html",
        {"agreements": agreements, "can_manage": request.user.has_perm(MANAGE)},
    )


@member_required
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement_or_404(agreement_id)
    granted = set(agreement.sharing_rules.filter(can_read=True).values_list("organisation_type", "compartment"))
    matrix = [
        (label, [(value, (value_type, value) in granted) for value in COLUMNS])
        for value_type, label in Organisation.Type.choices
    ]
    return render(
        request,
        "roundtables/agreement_detail.html",
        {
            "agreement": agreement,
            "sections": agreement.sections.all(),
            "duties": agreement.duties.select_related("organisation"),
            "signatories": agreement.signatories.select_related("organisation"),
            "compartments": column_labels(),
            "matrix": matrix,
            "can_manage": request.user.has_perm(MANAGE),
            "missing": actions.missing_for_adoption(agreement) if agreement.is_draft else [],
        },
    )


@member_required
def agreement_pdf_download(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement_or_404(agreement_id)
    pdf = agreement_pdf(agreement)
    do_record(
        actor=acting_user(request),
        action=AuditEntry.Action.PRINT,
        obj=agreement,
        purpose=actions.PURPOSE,
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agreement-v{agreement.version}.pdf"'
    return response


@coordinator_required
@require_POST
def agreement_create(request: HttpRequest) -> HttpResponse:
    agreement = actions.do_create_draft(
        acting_user=acting_user(request), title=_("Co-operation agreement"), language=print_language()
    )
    return redirect("roundtables:agreement", agreement.pk)


@coordinator_required
@require_http_methods(["GET", "POST"])
def agreement_start(request: HttpRequest) -> HttpResponse:
    """A new draft from the canton's starter text (all fourteen sections), in the language chosen
    and, where the canton prints two, the second one beside it."""
    form = StarterForm(request.POST or None, initial={"language": print_language()})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        agreement = do_create_starter(
            acting_user=acting_user(request),
            form=form.cleaned_data["form"],
            language=language,
            second_language=second_language_for(language),
        )
        messages.success(request, _("A draft with the starter text has been created. Adapt its sections."))
        return redirect("roundtables:agreement", agreement.pk)
    return render(request, "roundtables/agreement_start.html", {"form": form}, status=_status(form))


@coordinator_required
@require_POST
def agreement_adopt(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement_or_404(agreement_id)
    try:
        actions.check_adopt(acting_user=acting_user(request), agreement=agreement)
    except (ImmutableAgreement, actions.AgreementIncomplete) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The agreement has been adopted."))
    return redirect("roundtables:agreement", agreement.pk)


@coordinator_required
@require_POST
def agreement_new_version(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement_or_404(agreement_id)
    draft = actions.do_new_version_from(acting_user=acting_user(request), agreement=agreement)
    return redirect("roundtables:agreement", draft.pk)


@coordinator_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement_or_404(agreement_id)
    form = AgreementForm(request.POST if request.method == "POST" else None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        actions.do_save_part(acting_user=acting_user(request), agreement=agreement, obj=form.save(commit=False))
        return redirect("roundtables:agreement", agreement.pk)
    return render(request, "roundtables/form.html", {"agreement": agreement, "form": form}, status=_status(form))


@coordinator_required
@require_http_methods(["GET", "POST"])
def agreement_editor(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """All of a draft on one page (header, sections, partner duties, signatories), one save.

    An adopted or superseded agreement answers 403 with the way forward: a new version."""
    agreement = _agreement_or_404(agreement_id)
    if not agreement.is_draft:
        return render(request, "roundtables/agreement_read_only.html", {"agreement": agreement}, status=403)
    title = agreement.title
    editor = AgreementEditor(agreement, request.POST if request.method == "POST" else None)
    fingerprint, conflict, status = editor.fingerprint, "", 200
    if request.method == "POST":
        fingerprint, status = request.POST.get("fingerprint", ""), 400
        if editor.is_valid():
            try:
                saved = do_save_draft(
                    acting_user=acting_user(request), agreement=agreement, based_on=fingerprint,
                    changes=editor.changes(),
                )  # fmt: skip
            except StaleDraft as error:
                # The input stays; saving again deliberately overwrites the other coordinator's text.
                conflict, fingerprint, status = str(error), editor.fingerprint, 409
            except ImmutableAgreement:
                return render(request, "roundtables/agreement_read_only.html", {"agreement": agreement}, status=403)
            else:
                messages.success(request, _("The draft has been saved.") if saved else _("Nothing was changed."))
                return redirect("roundtables:agreement", agreement.pk)
    return render(
        request,
        "roundtables/agreement_editor.html",
        {"agreement": agreement, "title": title, "editor": editor, "errors": editor.errors() if status == 400 else [],
         "fingerprint": fingerprint, "conflict": conflict},
        status=status,
    )  # fmt: skip


def _status(form: Any) -> int:
    return 400 if form.is_bound and not form.is_valid() else 200


_PART_FORMS: dict[str, Any] = {
    "section": (SectionForm, "sections"),
    "duty": (DutyForm, "duties"),
    "signatory": (SignatoryForm, "signatories"),
}


@coordinator_required
@require_http_methods(["GET", "POST"])
def agreement_part(request: HttpRequest, agreement_id: int, kind: str, part_id: int | None = None) -> HttpResponse:
    """Adds or changes a section, a partner duty or a signatory of a draft."""
    agreement = _agreement_or_404(agreement_id)
    if kind not in _PART_FORMS:
        raise Http404
    form_class, relation = _PART_FORMS[kind]
    instance = None
    if part_id is not None:
        instance = getattr(agreement, relation).filter(pk=part_id).first()
        if instance is None:
            raise Http404
    form = form_class(request.POST if request.method == "POST" else None, instance=instance, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        part = form.save(commit=False)
        part.agreement = agreement
        actions.do_save_part(acting_user=acting_user(request), agreement=agreement, obj=part)
        return redirect("roundtables:agreement", agreement.pk)
    return render(request, "roundtables/form.html", {"agreement": agreement, "form": form}, status=_status(form))


@coordinator_required
@require_http_methods(["GET", "POST"])
def agreement_matrix(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The data-sharing matrix of a draft as one grid of check boxes."""
    agreement = _agreement_or_404(agreement_id)
    rules = list(agreement.sharing_rules.all())
    error = ""
    if request.method == "POST":
        if not agreement.is_draft:
            error = _("An adopted or superseded agreement cannot be changed.")
        else:
            chosen = set(request.POST.getlist("grant"))
            rules += actions.missing_cells(agreement, rules)
            for rule in rules:
                wanted = f"{rule.organisation_type}:{rule.compartment}" in chosen
                if wanted != rule.can_read or rule.pk is None:
                    rule.can_read = wanted
                    actions.do_save_part(acting_user=acting_user(request), agreement=agreement, obj=rule)
            return redirect("roundtables:agreement", agreement.pk)
    granted = {f"{rule.organisation_type}:{rule.compartment}" for rule in rules if rule.can_read}
    rows = [
        (label, [(f"{value}:{c}", f"{value}:{c}" in granted) for c in COLUMNS])
        for value, label in Organisation.Type.choices
    ]
    return render(
        request,
        "roundtables/matrix_form.html",
        {"agreement": agreement, "rows": rows, "compartments": column_labels(), "error": error},
        status=400 if error else 200,
    )
