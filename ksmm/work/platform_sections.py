"""The platform's own sections of "My work": deadlines due and unread inbox items."""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.deadlines.models import Deadline
from ksmm.memberships.models import Membership
from ksmm.notifications.models import Reminder

from .sections import ROWS_PER_SECTION, WorkRow, WorkSectionProvider, register_work_section

Role = Membership.Role


def _deadline_row(deadline: Deadline, *, today: date, detail: str = "") -> WorkRow:
    url = reverse("cases:detail", args=[deadline.case_id]) if deadline.case_id else reverse("deadlines:mine")
    return WorkRow(title=deadline.title, url=url, detail=detail, when=deadline.due_on, urgent=deadline.due_on < today)


def deadlines_due(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    """Due today or overdue: my organisation's that answer to me or to nobody (no assignee, or
    one no longer an active member here), as the reminder scan sends them."""
    assignee_active = Exists(
        Membership.objects.filter(
            user_id=OuterRef("responsible_user_id"),
            organisation_id=membership.organisation_id,
            is_active=True,
            user__is_active=True,
        )
    )
    deadlines = (
        Deadline.objects.filter(
            status=Deadline.Status.OPEN, due_on__lte=today, responsible_organisation_id=membership.organisation_id
        )
        .filter(Q(responsible_user_id=user.pk) | Q(responsible_user__isnull=True) | ~assignee_active)
        .select_related("case")
        .order_by("due_on", "pk")[:ROWS_PER_SECTION]
    )
    return [_deadline_row(deadline, today=today) for deadline in deadlines]


def canton_overdue(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    """The coordinator: overdue deadlines of the canton that escalate to the round table."""
    if membership.role != Role.COORDINATOR:
        return None
    deadlines = (
        Deadline.objects.filter(status=Deadline.Status.OPEN, due_on__lt=today, rule__escalate_when_overdue=True)
        .select_related("case", "responsible_organisation")
        .order_by("due_on", "pk")[:ROWS_PER_SECTION]
    )
    overview = reverse("deadlines:canton")
    return [
        WorkRow(
            title=deadline.title,
            url=overview,
            detail=str(deadline.responsible_organisation),
            when=deadline.due_on,
            urgent=True,
        )
        for deadline in deadlines
    ]


def unread_inbox(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    reminders = (
        Reminder.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .select_related("deadline__case", "case")
        .order_by("-created_at", "-pk")[:ROWS_PER_SECTION]
    )
    inbox = reverse("notifications:inbox")
    rows = []
    for reminder in reminders:
        if reminder.deadline is not None:
            title = reminder.deadline.title
        else:
            title = (
                f"{reminder.case.case_number}: {reminder.get_kind_display()}"
                if reminder.case
                else str(reminder.get_kind_display())
            )
        rows.append(
            WorkRow(
                title=title,
                url=reminder.link or inbox,
                when=reminder.created_at,
                urgent=reminder.is_overdue,
            )
        )
    return rows


def register() -> None:
    register_work_section(
        WorkSectionProvider(
            key="deadlines", order=30, title=_("Deadlines due today and overdue"),
            empty=_("No deadline is due."), rows=deadlines_due, more_url="deadlines:mine",
        )
    )  # fmt: skip
    register_work_section(
        WorkSectionProvider(
            key="canton_overdue", order=35, title=_("Overdue deadlines in the canton"),
            empty=_("No deadline of the canton is overdue."), rows=canton_overdue, more_url="deadlines:canton",
        )
    )  # fmt: skip
    register_work_section(
        WorkSectionProvider(
            key="inbox", order=60, title=_("Unread notifications"),
            empty=_("Nothing unread."), rows=unread_inbox, more_url="notifications:inbox",
        )
    )  # fmt: skip
