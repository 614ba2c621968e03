"""The gates to the round table's objects in the current canton: 404 alike for missing and foreign."""

from django.http import Http404

from .models import ActionItem, Decision, Meeting, RoundTable, RoundTableMember


def access_round_table() -> RoundTable:
    round_table = RoundTable.objects.first()
    if round_table is None:
        raise Http404
    return round_table


def access_member(*, member_id: int) -> RoundTableMember:
    member = RoundTableMember.objects.select_related("organisation").filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def access_meeting(*, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def access_decision(*, meeting: Meeting, decision_id: int) -> Decision:
    decision = Decision.objects.filter(meeting=meeting, pk=decision_id).first()
    if decision is None:
        raise Http404
    return decision


def access_action_item(*, action_item_id: int, meeting: Meeting | None = None) -> ActionItem:
    items = ActionItem.objects.select_related("meeting", "owner", "owner_contact")
    if meeting is not None:
        items = items.filter(meeting=meeting)
    item = items.filter(pk=action_item_id).first()
    if item is None:
        raise Http404
    return item
