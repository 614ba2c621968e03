"""Reading the register: every queryset here is already filtered by what the reader may see."""

from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from cases.models import Case
from cases.policy import Reader, readable_filter

from .models import Announcement, OperationCase, PlannedOperation
from .policy import Side, side_of

# At intake, operations that started this many days ago or less can be picked.
INTAKE_WINDOW_DAYS = 14


def operations_for(*, membership: Reader) -> QuerySet[PlannedOperation]:
    """Police and prosecution: all; victim aid: those announced to its organisation; else none."""
    side = side_of(membership)
    operations = PlannedOperation.objects.select_related("planning_organisation")
    if side == Side.POLICE:
        return operations
    if side == Side.AID:
        return operations.filter(announcements__organisation_id=membership.organisation.pk)
    return operations.none()


def linkable_operations(*, membership: Reader, now: datetime | None = None) -> QuerySet[PlannedOperation]:
    """What a new case may be linked to: operations the reader sees that started in the last
    INTAKE_WINDOW_DAYS days (or start within a day), not cancelled."""
    now = now or timezone.now()
    return (
        operations_for(membership=membership)
        .filter(starts_at__gte=now - timedelta(days=INTAKE_WINDOW_DAYS), starts_at__lte=now + timedelta(days=1))
        .exclude(status=PlannedOperation.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
    )


def upcoming_for_aid(*, membership: Reader, today: date) -> list[Announcement]:
    """The announcements to the reader's organisation of operations still to come (My work)."""
    return list(
        Announcement.objects.filter(
            organisation_id=membership.organisation.pk,
            operation__status=PlannedOperation.Status.ANNOUNCED,
            operation__ends_at__date__gte=today,
        )
        .select_related("operation")
        .order_by("operation__starts_at", "pk")
    )


def upcoming_of_planner(*, membership: Reader, today: date) -> list[PlannedOperation]:
    """The operations of the reader's police organisation still to come (My work)."""
    return list(
        PlannedOperation.objects.filter(
            planning_organisation_id=membership.organisation.pk,
            status__in=[PlannedOperation.Status.PLANNED, PlannedOperation.Status.ANNOUNCED],
            ends_at__date__gte=today,
        ).order_by("starts_at", "pk")
    )


def visible_cases_of(*, membership: Reader, operation: PlannedOperation) -> list[Case]:
    """The cases linked to the operation that the reader may see by the case policy: never a
    count or trace of the others (DESIGN.md 3)."""
    return list(
        Case.objects.filter(readable_filter(membership=membership))
        .filter(pk__in=OperationCase.objects.filter(operation=operation).values("case_id"))
        .order_by("-opened_on", "-pk")
    )


def link_of(*, case: Case) -> OperationCase | None:
    return OperationCase.objects.select_related("operation").filter(case=case).first()
