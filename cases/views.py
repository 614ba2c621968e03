"""Case pages: thin views over access_case, the queries and one action each."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ksmm.audit.actions import do_record_compartments
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.memberships.access import acting_user, member_required
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from . import grants
from .access import access_case, record_identity_search
from .actions import GrantRefused, check_change_grant
from .case_file import current_parties, identity_of, readable_records
from .consents import ConsentRefused, check_record_consent, consent_to_revoke, consents_of, do_revoke_consent
from .documents import case_summary_pdf
from .forms import (
    CaseSearchForm,
    ConsentForm,
    CounsellingEntryForm,
    DeclineForm,
    EvidenceNoteForm,
    GrantChangeForm,
    IdentityForm,
    IntakeForm,
    MinorAtRiskForm,
    ReferralForm,
)
from .identity import do_save_identity
from .intake import do_take_in
from .models import Case, Consent, CounsellingEntry, EvidenceNote
from .notes import do_add_counselling_entry, do_add_evidence_note
from .panels import panels_for
from .queries import CaseSearch, duplicates_of, page_of_cases, search_cases
from .records import records_for
from .referrals import (
    ReferralRefused,
    access_referral,
    check_accept_referral,
    check_decline_referral,
    check_finish_referral,
    check_request_referral,
    check_revoke_referral,
    referrals_for,
)
from .retention import retention_date
from .searches import IDENTITY_PARAMETERS, recall_case_search, remember_case_search
from .timeline import timeline_for

MANAGE_GRANTS = "cases.manage_grants"
PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    return membership


def _parties(case: Case) -> QuerySet[Organisation]:
    return Organisation.objects.filter(case_parties__case=case, case_parties__left_at__isnull=True)


@member_required
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    """Status and case number filter by GET; a name or a birth date only by POST (cases/searches.py)."""
    if request.method == "POST":
        return _post_search(request)
    if any(parameter in request.GET for parameter in IDENTITY_PARAMETERS):
        messages.error(
            request, _("Search by name or date of birth with the search form; they never go in the address.")
        )
        return _render_list(request, CaseSearchForm(), None, status=400)
    token = request.GET.get("search", "")
    if token:
        recalled = recall_case_search(user=acting_user(request), token=token)
        if recalled is None:
            messages.info(request, _("This search has expired. Search again."))
            return redirect("cases:list")
        data = {"q": recalled.text, "name": recalled.name, "birth": recalled.birth, "status": recalled.status}
        return _render_list(request, CaseSearchForm(data), recalled)
    form = CaseSearchForm(request.GET or None)
    search = _search_of(form) if form.is_valid() else CaseSearch()
    return _render_list(request, form, None if form.errors else search)


def _post_search(request: HttpRequest) -> HttpResponse:
    form = CaseSearchForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form, None, status=400)
    search = _search_of(form)
    if search.name or search.birth:
        query = {"search": remember_case_search(user=acting_user(request), search=search)}
    else:
        query = {key: value for key, value in (("q", search.text), ("status", search.status)) if value}
    url = reverse("cases:list")
    return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url, status=303)


def _search_of(form: CaseSearchForm) -> CaseSearch:
    data = form.cleaned_data
    return CaseSearch(text=data["q"], name=data["name"], birth=data["birth"], status=data["status"])


def _render_list(
    request: HttpRequest, form: CaseSearchForm, search: CaseSearch | None, *, status: int = 200
) -> HttpResponse:
    """The list page; `search` None shows no case (an invalid or refused search)."""
    cases = search_cases(membership=_membership(request), search=search) if search else Case.objects.none()
    page = page_of_cases(
        cases=cases,
        fields=LIST_FIELDS,
        size=PAGE_SIZE,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    if search:
        record_identity_search(
            actor=acting_user(request), search=search, request=request, purpose="case search by name or date of birth"
        )
    context = {
        "form": form,
        "rows": _list_rows(page.rows),
        "next_link": _page_link(request, after=page.next_cursor),
        "previous_link": _page_link(request, before=page.previous_cursor),
    }
    return render(request, "cases/case_list.html", context, status=status)


LIST_FIELDS = (
    "case_number", "pseudonym", "status", "exploitation_type", "is_minor",
    "intake_organisation__short_name", "intake_organisation__name",
)  # fmt: skip


def _list_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the template shows per case, labels and links made here (no lookup per row there)."""
    statuses, types = dict(Case.Status.choices), dict(Case.ExploitationType.choices)
    detail = reverse("cases:detail", args=[0]).removesuffix("0/")  # "/cases/", once per page
    return [
        {
            "url": f"{detail}{row['pk']}/",
            "case_number": row["case_number"],
            "pseudonym": row["pseudonym"],
            "status": statuses.get(row["status"], row["status"]),
            "opened_on": row["opened_on"],
            "exploitation_type": types.get(row["exploitation_type"], row["exploitation_type"]),
            "is_minor": row["is_minor"],
            # As Organisation.__str__.
            "intake": row["intake_organisation__short_name"] or row["intake_organisation__name"],
        }
        for row in rows
    ]


def _page_link(request: HttpRequest, **cursor: str) -> str:
    """The query string of a neighbouring page: the filters of this one and the cursor ("" none)."""
    if not any(cursor.values()):
        return ""
    kept: list[tuple[str, str]] = [
        (key, str(value)) for key, value in request.GET.items() if key not in {"after", "before", "page"}
    ]
    return "?" + urlencode([*kept, *cursor.items()])


@member_required
@require_http_methods(["GET", "POST"])
def case_intake(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case, duplicates = do_take_in(
            acting_user=acting_user(request),
            organisation=_membership(request).organisation,
            pseudonym=data["pseudonym"],
            opened_on=data["opened_on"],
            source=data["source"],
            exploitation_type=data["exploitation_type"],
            exploitation_subtypes=data["exploitation_subtypes"],
            place_of_exploitation=data["place_of_exploitation"],
            identity=form.identity_data(),
            request=request,
        )
        messages.success(request, _("Case %(number)s opened.") % {"number": case.case_number})
        if duplicates:
            messages.warning(request, _("A possible duplicate exists. The round-table coordination can clarify it."))
        return redirect("cases:detail", case.pk)
    return render(request, "cases/intake.html", {"form": form}, status=400 if form.errors else 200)


@member_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
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
        "visible_duplicates": visible_duplicates,
        "hidden_duplicates": hidden_duplicates,
        "can_manage_grants": request.user.has_perm(MANAGE_GRANTS),
        "can_write_identity": access.can_write(Compartment.IDENTITY),
        "can_write_counselling": access.can_write(Compartment.COUNSELLING),
        "anonymise_on": retention_date(case=case),
    }
    return render(request, "cases/case_detail.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def case_identity(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
    write = request.method == "POST"
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.IDENTITY, write=write, request=request
    )
    case = access.case
    identity = identity_of(access=access)
    form = IdentityForm(request.POST or None, initial=IdentityForm.initial_from(identity))
    if write and form.is_valid():
        do_save_identity(acting_user=acting_user(request), case=case, data=form.identity_data(), request=request)
        messages.success(request, _("The identity has been saved."))
        return redirect("cases:identity", case.pk)
    context = {
        "case": case,
        "identity": identity,
        "form": form,
        "can_write": access.can_write(Compartment.IDENTITY),
    }
    return render(request, "cases/identity.html", context, status=400 if form.errors else 200)


@member_required
@require_http_methods(["GET", "POST"])
def case_counselling(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
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
    membership = _membership(request)
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
@require_http_methods(["GET", "POST"])
def case_consents(request: HttpRequest, case_id: int) -> HttpResponse:
    """The victim-aid service records and revokes disclosures; recipients see their own."""
    membership = _membership(request)
    write = request.method == "POST"
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.COUNSELLING, write=write, request=request
    )
    case, may_write = access.case, access.can_write(Compartment.COUNSELLING)
    recipients = _parties(case).exclude(pk=membership.organisation_id)
    exception_posted = write and request.POST.get("basis") == Consent.Basis.MINOR_AT_RISK
    form = ConsentForm(request.POST if write and not exception_posted else None, recipients=recipients)
    exception_form = MinorAtRiskForm(request.POST if exception_posted else None, recipients=recipients)
    posted = exception_form if exception_posted else form
    if write and posted.is_valid():
        try:
            check_record_consent(
                acting_user=acting_user(request), membership=membership, case=case, request=request,
                **posted.action_arguments(),
            )  # fmt: skip
        except ConsentRefused as error:
            posted.add_error(None, str(error))
        else:
            messages.success(request, _("The disclosure has been recorded."))
            return redirect("cases:consents", case.pk)
    consents = consents_of(access=access)
    context = {
        "case": case,
        "consents": consents,
        "form": form,
        "exception_form": exception_form if case.is_minor or exception_posted else None,
        "can_write": may_write,
    }
    return render(request, "cases/consents.html", context, status=400 if posted.errors else 200)


@member_required
@require_POST
def consent_revoke(request: HttpRequest, case_id: int, consent_id: int) -> HttpResponse:
    membership = _membership(request)
    access = access_case(
        membership=membership, case_id=case_id, compartment=Compartment.COUNSELLING, write=True, request=request
    )
    case = access.case
    consent = consent_to_revoke(access=access, consent_id=consent_id)
    if consent is None:
        raise Http404
    do_revoke_consent(acting_user=acting_user(request), consent=consent, request=request)
    messages.success(request, _("The disclosure has been revoked."))
    return redirect("cases:consents", case.pk)


@member_required
@require_http_methods(["GET", "POST"])
def case_grants(request: HttpRequest, case_id: int) -> HttpResponse:
    """Who reads what on this case; leads and coordinators change it with a reason."""
    membership = _membership(request)
    case = access_case(membership=membership, case_id=case_id, request=request).case
    may_manage = request.user.has_perm(MANAGE_GRANTS)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    parties = _parties(case)
    form = GrantChangeForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            check_change_grant(acting_user=acting_user(request), case=case, request=request, **form.cleaned_data)
        except GrantRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Access has been changed."))
            return redirect("cases:grants", case.pk)
    held = grants.grants_by_organisation(case=case)
    rows = [
        (
            organisation,
            [
                (compartment, grants.read_codename(compartment) in held.get(organisation.pk, frozenset()))
                for compartment in Compartment.values
            ],
        )
        for organisation in parties
    ]
    context = {
        "case": case,
        "rows": rows,
        "compartments": Compartment.labels,
        "changes": grants.changes_of(case=case),
        "form": form,
        "can_manage": may_manage,
    }
    return render(request, "cases/grants.html", context, status=400 if form.errors else 200)


@member_required
def case_summary(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
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


@member_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, case_id: int) -> HttpResponse:
    membership = _membership(request)
    access = access_case(membership=membership, case_id=case_id, request=request)
    case = access.case
    recipients = Organisation.objects.filter(is_active=True).exclude(pk__in=_parties(case).values("pk"))
    form = ReferralForm(request.POST or None, recipients=recipients)
    if request.method == "POST" and form.is_valid():
        try:
            referral = check_request_referral(
                acting_user=acting_user(request), membership=membership, case=case, request=request,
                **form.cleaned_data,
            )  # fmt: skip
        except ReferralRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The referral has been sent."))
            return redirect("cases:referral", referral.pk)
    context = {"case": case, "form": form, "own": access.readable}
    return render(request, "cases/referral_form.html", context, status=400 if form.errors else 200)


@member_required
def referral_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    referrals = referrals_for(membership=membership)
    return render(
        request,
        "cases/referral_list.html",
        {
            "incoming": referrals.filter(to_organisation=membership.organisation),
            "outgoing": referrals.filter(from_organisation=membership.organisation),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    membership = _membership(request)
    referral = access_referral(membership=membership, referral_id=referral_id)
    form = DeclineForm(request.POST or None)
    is_recipient = referral.to_organisation_id == membership.organisation_id
    context = {"referral": referral, "form": form, "is_recipient": is_recipient, "is_sender": not is_recipient}
    if request.method == "POST":
        step = request.POST.get("step", "")
        actor = acting_user(request)
        try:
            if step == "accept":
                check_accept_referral(acting_user=actor, membership=membership, referral=referral, request=request)
            elif step == "decline":
                if not form.is_valid():
                    raise ReferralRefused(_("Give a reason for declining."))
                check_decline_referral(
                    acting_user=actor,
                    membership=membership,
                    referral=referral,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            elif step == "done":
                check_finish_referral(acting_user=actor, membership=membership, referral=referral, request=request)
            elif step == "revoke":
                check_revoke_referral(acting_user=actor, membership=membership, referral=referral, request=request)
            else:
                raise ReferralRefused(_("Unknown step."))
        except ReferralRefused as error:
            messages.error(request, str(error))
            return render(request, "cases/referral_detail.html", context, status=400)
        messages.success(request, _("The referral has been updated."))
        return redirect("cases:referral", referral.pk)
    return render(request, "cases/referral_detail.html", context)
