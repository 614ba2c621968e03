"""Pages of the round table's meetings: members read the minutes, coordinators record them."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.memberships.access import acting_user, member_required, permission_required_here
from roundtables import queries
from roundtables.access import access_action_item, access_decision, access_meeting, access_round_table
from roundtables.documents import minutes_pdf
from roundtables.forms import ActionItemForm, DecisionForm, MeetingForm
from roundtables.models import ActionItem, Decision, FrozenMinutes, Meeting, RoundTable

from . import actions

MANAGE = "roundtables.manage_roundtable"

coordinator_required = permission_required_here(MANAGE)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _status(form: Any) -> int:
    return 400 if form.is_bound and not form.is_valid() else 200


@member_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    context = {
        "meetings": queries.meeting_list(),
        "can_record": request.user.has_perm(MANAGE) and RoundTable.objects.exists(),
    }
    return render(request, "roundtables/meeting_list.html", context)


@member_required
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.meeting_with_parts(meeting_id)
    if meeting is None:
        raise Http404
    can_manage = request.user.has_perm(MANAGE)
    context = {
        "meeting": meeting,
        "can_manage": can_manage,
        "missing": actions.missing_for_approval(meeting) if meeting.is_draft and can_manage else [],
    }
    return render(request, "roundtables/meeting_detail.html", context)


@member_required
@require_GET
def meeting_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(meeting_id=meeting_id)
    pdf = minutes_pdf(meeting)
    do_record(
        actor=acting_user(request),
        action=AuditEntry.Action.PRINT,
        obj=meeting,
        purpose=actions.PURPOSE,
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.date.isoformat()}-{meeting.pk}.pdf"'
    return response


@coordinator_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    round_table = access_round_table()
    form = MeetingForm(_posted(request), instance=Meeting(round_table=round_table))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = actions.do_create_meeting(
            acting_user=acting_user(request),
            round_table=round_table,
            date=data["date"],
            kind=data["kind"],
            location=data["location"],
            minutes=data["minutes"],
            attendance=_attendance(data),
        )
        messages.success(request, _("The meeting has been recorded."))
        return redirect("roundtables:meeting", meeting.pk)
    return render(request, "roundtables/meeting_form.html", {"form": form}, status=_status(form))


@coordinator_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(meeting_id=meeting_id)
    form = MeetingForm(_posted(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        actions.do_save_meeting(
            acting_user=acting_user(request), meeting=form.save(commit=False), attendance=_attendance(form.cleaned_data)
        )
        return redirect("roundtables:meeting", meeting.pk)
    return render(request, "roundtables/meeting_form.html", {"form": form, "meeting": meeting}, status=_status(form))


def _attendance(data: dict[str, Any]) -> list[actions.Attendance]:
    return actions.attendance_of(organisations=data["attendee_organisations"], contacts=data["attendee_contacts"])


@coordinator_required
@require_POST
def meeting_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(meeting_id=meeting_id)
    try:
        actions.check_approve(acting_user=acting_user(request), meeting=meeting)
    except (FrozenMinutes, actions.MinutesIncomplete) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The minutes have been approved."))
    return redirect("roundtables:meeting", meeting.pk)


def _part(meeting: Meeting, kind: str, part_id: int | None) -> tuple[Any, Decision | ActionItem | None]:
    if kind == "decision":
        return DecisionForm, (access_decision(meeting=meeting, decision_id=part_id) if part_id else None)
    if kind == "action-item":
        return ActionItemForm, (access_action_item(meeting=meeting, action_item_id=part_id) if part_id else None)
    raise Http404


@coordinator_required
@require_http_methods(["GET", "POST"])
def meeting_part(request: HttpRequest, meeting_id: int, kind: str, part_id: int | None = None) -> HttpResponse:
    """Adds or changes a decision or an action item of draft minutes."""
    meeting = access_meeting(meeting_id=meeting_id)
    form_class, instance = _part(meeting, kind, part_id)
    form = form_class(_posted(request), instance=instance, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        part = form.save(commit=False)
        part.meeting = meeting
        try:
            if isinstance(part, ActionItem):
                actions.check_save_action_item(acting_user=acting_user(request), meeting=meeting, item=part)
            else:
                actions.do_save_part(acting_user=acting_user(request), meeting=meeting, obj=part)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("roundtables:meeting", meeting.pk)
    context = {"form": form, "meeting": meeting, "kind": kind}
    return render(request, "roundtables/meeting_part_form.html", context, status=_status(form))


@coordinator_required
@require_POST
def meeting_part_delete(request: HttpRequest, meeting_id: int, kind: str, part_id: int) -> HttpResponse:
    meeting = access_meeting(meeting_id=meeting_id)
    _form_class, part = _part(meeting, kind, part_id)
    if part is None:
        raise Http404
    try:
        actions.do_delete_part(acting_user=acting_user(request), meeting=meeting, obj=part)
    except FrozenMinutes as error:
        messages.error(request, str(error))
    return redirect("roundtables:meeting", meeting.pk)


@coordinator_required
@require_POST
def action_item_status(request: HttpRequest, action_item_id: int) -> HttpResponse:
    """Marks an action item done, or open again; approved minutes allow this too."""
    item = access_action_item(action_item_id=action_item_id)
    status = request.POST.get("status", "")
    if status not in ActionItem.Status.values:
        messages.error(request, _("Choose whether the action item is open or done."))
    else:
        actions.do_set_action_item_status(acting_user=acting_user(request), item=item, status=status)
    if request.POST.get("next") == "round_table":
        return redirect("roundtables:round_table")
    return redirect("roundtables:meeting", item.meeting_id)
