"""Who answers for the case in the reader's organisation: the case page's panel and its form."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ksmm.accounts.models import User
from ksmm.memberships.access import acting_user, member_required
from ksmm.memberships.models import Membership

from ..access import access_case
from ..assignments import (
    AssignmentRefused,
    assignments_of,
    caseworkers_of,
    check_assign_case,
    check_unassign_case,
    may_assign_others,
    may_take,
)
from ..case_file import current_parties
from ..policy import CaseAccess
from .common import membership_of


class AssignmentForm(forms.Form):
    ASSIGN, RELEASE = "assign", "release"

    action = forms.ChoiceField(choices=[(ASSIGN, ASSIGN), (RELEASE, RELEASE)])
    assignee = forms.IntegerField(label=gettext_lazy("Caseworker"), required=False, min_value=1)


def assignment_panel(*, access: CaseAccess) -> dict[str, Any]:
    """The reader's own organisation's assignee by name; the other parties only whether one is set."""
    reader = access.reader
    if not isinstance(reader, Membership):
        return {"rows": []}
    assigned = assignments_of(case=access.case)
    own = reader.organisation
    rows = [
        {
            "organisation": party.organisation,
            "own": party.organisation_id == own.pk,
            "assignee": assigned.get(party.organisation_id),
        }
        for party in current_parties(access=access)
    ]
    mine = assigned.get(own.pk)
    is_lead = may_assign_others(membership=reader, organisation=own)
    is_open = access.case.status == access.case.Status.OPEN
    return {
        "rows": rows,
        "caseworkers": list(caseworkers_of(organisation=own)) if is_lead and is_open else [],
        "current": mine,
        "can_take": is_open and mine is None and not is_lead and may_take(membership=reader, organisation=own),
        "can_release": mine is not None and (is_lead or mine.user_id == reader.user_id),
    }


@member_required
@require_POST
def case_assignment(request: HttpRequest, case_id: int) -> HttpResponse:
    """Assigns the case in the reader's organisation, or releases it (cases/assignments.py says who may)."""
    membership = membership_of(request)
    access = access_case(membership=membership, case_id=case_id, request=request)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a caseworker."))
        return redirect("cases:detail", access.case.pk)
    user = acting_user(request)
    try:
        if form.cleaned_data["action"] == AssignmentForm.RELEASE:
            check_unassign_case(
                acting_user=user, membership=membership, case=access.case, organisation=membership.organisation,
                request=request,
            )  # fmt: skip
            messages.success(request, _("The case is no longer assigned."))
        else:
            assignee_id = form.cleaned_data["assignee"] or user.pk
            assignee = user if assignee_id == user.pk else User.objects.filter(pk=assignee_id).first()
            if assignee is None:
                raise AssignmentRefused(_("Only an active caseworker of the organisation can be assigned the case."))
            check_assign_case(
                acting_user=user, membership=membership, case=access.case, organisation=membership.organisation,
                assignee=assignee, request=request,
            )  # fmt: skip
            messages.success(request, _("The case has been assigned."))
    except AssignmentRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("cases:detail", access.case.pk)
