"""Pages of the victims' notices: coordinators keep the catalogue, members print and deliver."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import access_case
from cases.case_file import identity_of
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.compartments import Compartment
from ksmm.memberships.access import acting_user, member_required, permission_required_here

from . import actions, queries
from .access import MANAGE, access_notice, access_text, access_version
from .documents import notice_pdf
from .forms import DeliveryForm, TextForm
from .languages import language_for
from .models import ImmutableVersion, NoticeText
from .placeholders import PLACEHOLDERS, contact_values, missing_labels, victim_aid_service

coordinator_required = permission_required_here(MANAGE)


def _directory_gaps() -> tuple[object, list[str]]:
    """The victim-aid service notices name, and the contact values the directory lacks."""
    service = victim_aid_service()
    values = contact_values(service)
    return service, missing_labels([name for name in PLACEHOLDERS if name not in values])


@coordinator_required
def catalogue(request: HttpRequest) -> HttpResponse:
    languages, rows = queries.catalogue()
    service, gaps = _directory_gaps()
    return render(
        request,
        "notices/catalogue.html",
        {
            "languages": [language_for(code) for code in languages],
            "rows": rows,
            "service": service,
            "gaps": gaps,
        },
    )


@coordinator_required
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = access_version(version_id=version_id)
    texts = [(text, language_for(text.language)) for text in version.texts.select_related("reviewed_by")]
    return render(
        request,
        "notices/version.html",
        {
            "version": version,
            "texts": texts,
            "versions": queries.versions_of(version.notice),
            "has_draft": version.notice.versions.filter(status="draft").exists(),
        },
    )


@coordinator_required
@require_POST
def version_new(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(notice_id=notice_id)
    draft = actions.do_new_version(acting_user=acting_user(request), notice=notice)
    return redirect("notices:version", draft.pk)


@coordinator_required
@require_POST
def version_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    version = access_version(version_id=version_id)
    try:
        actions.check_publish(acting_user=acting_user(request), version=version)
    except (ImmutableVersion, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The version has been published."))
    return redirect("notices:version", version.pk)


@coordinator_required
@require_http_methods(["GET", "POST"])
def text_edit(request: HttpRequest, version_id: int, language: str | None = None) -> HttpResponse:
    """Adds a language to a draft, or changes the text of one language."""
    version = access_version(version_id=version_id)
    existing = version.texts.filter(language=language).first() if language else None
    if language and existing is None:
        return redirect("notices:text_create", version.pk)
    initial = {"title": existing.title, "body": existing.body} if existing else None
    form = TextForm(request.POST if request.method == "POST" else None, initial=initial, language=language)
    status = 200
    if not version.is_draft:
        form.add_error(None, _("A published or retired version cannot be changed; start a new version."))
        status = 400 if request.method == "POST" else 200
    elif request.method == "POST":
        if form.is_valid():
            try:
                actions.check_save_text(
                    acting_user=acting_user(request),
                    version=version,
                    language=form.cleaned_data["language"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except ImmutableVersion as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The text has been saved; it awaits professional review."))
                return redirect("notices:version", version.pk)
        status = 400
    return render(request, "notices/text_form.html", {"version": version, "form": form}, status=status)


@coordinator_required
@require_POST
def text_confirm(request: HttpRequest, text_id: int) -> HttpResponse:
    text = access_text(text_id=text_id, may_manage=True)
    actions.do_confirm_review(acting_user=acting_user(request), text=text)
    messages.success(request, _("The review of this text is confirmed."))
    return redirect("notices:version", text.version_id)


@member_required
def text_pdf(request: HttpRequest, text_id: int) -> HttpResponse:
    """The printed notice; it carries no personal data, so any member of the canton may print it."""
    text = access_text(text_id=text_id, may_manage=request.user.has_perm(MANAGE))
    membership = getattr(request, "membership", None)
    pdf = notice_pdf(text, printed_by=membership.organisation if membership else None)
    do_record(
        actor=acting_user(request), action=AuditEntry.Action.PRINT, obj=text, purpose=actions.PURPOSE, request=request
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"notice-{text.version.notice.kind}-v{text.version.number}-{text.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required
@require_http_methods(["GET", "POST"])
def case_notices(request: HttpRequest, case_id: int) -> HttpResponse:
    """The deliveries on a case and the form to record one (core compartment)."""
    membership = request.membership  # type: ignore[attr-defined]
    writing = request.method == "POST"
    # The victim's recorded languages (identity) put the notices in them first and are compared
    # with the language delivered: a read of identity, for those the policy lets read it.
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.CORE, write=writing, request=request,
        shows=[Compartment.IDENTITY],
    )  # fmt: skip
    case = access.case
    reads_identity = access.can_read(Compartment.IDENTITY)
    identity = identity_of(access=access) if reads_identity else None
    victim_languages = list(identity.languages) if identity else []
    texts = queries.published_texts()
    form = DeliveryForm(request.POST if writing else None, texts=texts, preferred_languages=victim_languages)
    status = 200
    closed = case.status == case.Status.CLOSED
    if writing:
        if closed:
            form.is_valid()
            form.add_error(None, str(actions.CASE_CLOSED))
        elif form.is_valid():
            try:
                actions.check_record_delivery(
                    acting_user=acting_user(request),
                    organisation=membership.organisation,
                    case=case,
                    victim_languages=victim_languages if reads_identity else None,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The delivery has been recorded."))
                return redirect("notices:case", case.pk)
        status = 400
    _service, gaps = _directory_gaps()
    return render(
        request,
        "notices/case.html",
        {
            "case": case,
            "deliveries": queries.deliveries_for(case=case),
            "shows_language": reads_identity,
            "form": form,
            "choices": queries.texts_for_victim(texts, languages=victim_languages),
            "victim_languages": [language_for(code) for code in victim_languages],
            "gaps": gaps,
            "awaiting": NoticeText.Review.AWAITING,
            "closed": closed,
        },
        status=status,
    )
