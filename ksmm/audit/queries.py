"""Reading the audit trail of the current schema."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry


def audit_entries(*, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Entries of the current schema, newest first, narrowed by the viewer's cleaned filters.

    Dates are whole days in the canton's time zone, both ends included.
    """
    entries = AuditEntry.objects.order_by("-sequence")
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("compartment"):
        entries = entries.filter(compartment=filters["compartment"])
    if filters.get("actor"):
        entries = entries.filter(actor_user_id=filters["actor"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"])
    if filters.get("date_from"):
        entries = entries.filter(occurred_at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(occurred_at__lt=_start_of(filters["date_to"] + datetime.timedelta(days=1)))
    return entries


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
