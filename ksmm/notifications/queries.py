"""Read side: a person's inbox in the current canton."""

from django.db.models import QuerySet

from .models import Reminder


def inbox_for(*, user_id: int) -> QuerySet[Reminder]:
    return (
        Reminder.objects.filter(recipient_id=user_id)
        .select_related("deadline__case", "deadline__rule", "case")
        .order_by("-created_at", "-pk")
    )


def unread_count(*, user_id: int) -> int:
    return Reminder.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
