"""The case list with its search (cursor-paged, as the API), and the intake of a new case."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ksmm.matching.actions import LookupLimitReached
from ksmm.matching.contacts import match_message
from ksmm.memberships.access import acting_user, member_required
from ksmm.memberships.models import Membership

from ..access import decision_on, record_identity_search
from ..forms import (
    CaseSearchForm,
    IntakeForm,
)
from ..intake import do_take_in, intake_fields
from ..matching import federal_signal
from ..models import Case
from ..queries import CaseSearch, page_of_cases, search_cases
from ..searches import IDENTITY_PARAMETERS, recall_case_search, remember_case_search
from .common import membership_of

PAGE_SIZE = 50


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
    if request.POST.get("mine") == "1":
        query["mine"] = "1"
    url = reverse("cases:list")
    return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url, status=303)


def _search_of(form: CaseSearchForm) -> CaseSearch:
    data = form.cleaned_data
    return CaseSearch(text=data["q"], name=data["name"], birth=data["birth"], status=data["status"])


def _render_list(
    request: HttpRequest, form: CaseSearchForm, search: CaseSearch | None, *, status: int = 200
) -> HttpResponse:
    """The list page; `search` None shows no case (an invalid or refused search)."""
    mine = request.GET.get("mine") == "1"
    assigned_to = acting_user(request).pk if mine else None
    cases = (
        search_cases(membership=membership_of(request), search=search, assigned_to=assigned_to)
        if search
        else Case.objects.none()
    )
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
        "mine": mine,
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
    membership = membership_of(request)
    form = IntakeForm(request.POST or None, extra_fields=intake_fields(membership=membership))
    if request.method == "POST" and form.is_valid():
        try:
            case, duplicates = _take_in(request, form, membership=membership)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "cases/intake.html", {"form": form}, status=400)
        except LookupLimitReached as refused:
            form.add_error(None, str(refused))
            return render(request, "cases/intake.html", {"form": form}, status=429)
        messages.success(request, _("Case %(number)s opened.") % {"number": case.case_number})
        if duplicates:
            messages.warning(request, _("A possible duplicate exists. The round-table coordination can clarify it."))
        for contact in federal_signal(access=decision_on(membership=membership, case=case, request=request)):
            messages.warning(request, match_message(contact))
        return redirect("cases:detail", case.pk)
    return render(request, "cases/intake.html", {"form": form}, status=400 if form.errors else 200)


def _take_in(request: HttpRequest, form: IntakeForm, *, membership: Membership) -> tuple[Case, int]:
    data = form.cleaned_data
    return do_take_in(
        acting_user=acting_user(request),
        organisation=membership.organisation,
        pseudonym=data["pseudonym"],
        opened_on=data["opened_on"],
        source=data["source"],
        exploitation_type=data["exploitation_type"],
        exploitation_subtypes=data["exploitation_subtypes"],
        place_of_exploitation=data["place_of_exploitation"],
        identity=form.identity_data(),
        request=request,
        membership=membership,
        links=form.links(),
    )
