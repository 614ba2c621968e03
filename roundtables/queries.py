"""Reading the round table, its meetings and action items in the current canton."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import ActionItem, Meeting, MeetingAttendee, RoundTable, RoundTableMember


def round_table_overview() -> RoundTable | None:
    """The round table with chair, steward and every member with its representatives."""
    members = Prefetch(
        "members",
        queryset=RoundTableMember.objects.select_related("organisation", "representative", "deputy").order_by(
            "group", "organisation__name"
        ),
    )
    return (
        RoundTable.objects.select_related(
            "chair_organisation", "chair_contact", "steward_organisation", "steward_contact"
        )
        .prefetch_related(members)
        .first()
    )


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.annotate(
        decision_count=Count("decisions", distinct=True),
        open_item_count=Count("action_items", filter=Q(action_items__status=ActionItem.Status.OPEN), distinct=True),
    ).order_by("-date", "-pk")


def meeting_with_parts(meeting_id: int) -> Meeting | None:
    attendees = Prefetch("attendees", queryset=MeetingAttendee.objects.select_related("organisation", "contact"))
    items = Prefetch("action_items", queryset=ActionItem.objects.select_related("owner", "owner_contact"))
    return Meeting.objects.prefetch_related(attendees, "decisions", items).filter(pk=meeting_id).first()


def open_action_items() -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(status=ActionItem.Status.OPEN)
        .select_related("meeting", "owner", "owner_contact")
        .order_by("due_date", "pk")
    )
