"""Pages of the round table itself: members read its mandate and groups, coordinators edit them."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ksmm.memberships.access import acting_user, member_required, permission_required_here
from roundtables import queries
from roundtables.access import access_member, access_round_table
from roundtables.forms import MemberForm, RoundTableForm
from roundtables.models import RoundTable, RoundTableMember

from . import actions

MANAGE = "roundtables.manage_roundtable"

coordinator_required = permission_required_here(MANAGE)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@member_required
@require_GET
def round_table(request: HttpRequest) -> HttpResponse:
    """Mandate, scope, chair, steward, both groups and the open action items."""
    overview = queries.round_table_overview()
    members = list(overview.members.all()) if overview else []
    context = {
        "round_table": overview,
        "core": [member for member in members if member.group == RoundTableMember.Group.CORE],
        "associates": [member for member in members if member.group == RoundTableMember.Group.ASSOCIATE],
        "open_items": queries.open_action_items()[:20],
        "can_manage": request.user.has_perm(MANAGE),
    }
    return render(request, "roundtables/round_table.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
def round_table_edit(request: HttpRequest) -> HttpResponse:
    """Creates the canton's round table on first use, or changes it."""
    instance = RoundTable.objects.first() or RoundTable()
    form = RoundTableForm(_posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_save_round_table(acting_user=acting_user(request), round_table=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round table has been saved."))
            return redirect("roundtables:round_table")
    status = 400 if form.is_bound else 200
    return render(request, "roundtables/round_table_form.html", {"form": form}, status=status)


@coordinator_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    return _edit_member(request, RoundTableMember(round_table=access_round_table()))


@coordinator_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    return _edit_member(request, access_member(member_id=member_id))


def _edit_member(request: HttpRequest, member: RoundTableMember) -> HttpResponse:
    form = MemberForm(_posted(request), instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_save_member(acting_user=acting_user(request), member=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member has been saved."))
            return redirect("roundtables:round_table")
    status = 400 if form.is_bound else 200
    return render(request, "roundtables/member_form.html", {"form": form, "member": member}, status=status)


@coordinator_required
@require_POST
def member_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(member_id=member_id)
    actions.do_remove_member(acting_user=acting_user(request), member=member)
    messages.success(request, _("The member has been removed from the round table."))
    return redirect("roundtables:round_table")
