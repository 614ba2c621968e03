"""What the register adds to other pages: the operation a case came from (case page), the pick
of an operation at intake, and the coming operations on "My work"."""

from datetime import date
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cases.facts import case_has, register_case_fact
from cases.intake import IntakeLink, register_intake_link
from cases.models import Case
from cases.panels import CasePanel, register_case_panel
from cases.policy import CaseAccess
from ksmm.accounts.models import User
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.work.sections import WorkRow, WorkSectionProvider, register_work_section

from .actions import check_link_case
from .models import OperationCase, PlannedOperation
from .policy import PLANNER_TYPES, Side, side_of
from .queries import linkable_operations, operations_for, upcoming_for_aid, upcoming_of_planner


def label_of(operation: PlannedOperation) -> str:
    """Reference, start, municipality and sector: the announced part, never the police part."""
    starts = formats.date_format(operation.starts_at, "SHORT_DATETIME_FORMAT")
    return f"{operation.reference} · {starts} · {operation.municipality} · {operation.get_sector_display()}"


OPERATION_FACT = "operations.link"
register_case_fact(OPERATION_FACT, lambda case: OperationCase.objects.filter(case_id=case))


def operation_panel(*, access: CaseAccess) -> dict[str, Any]:
    """The operation the case was opened during, for a reader who sees that operation."""
    if not case_has(access, OPERATION_FACT):
        return {"operation": None}
    operation = operations_for(membership=access.reader).filter(case_links__case=access.case).first()
    return {"operation": operation}


register_case_panel(
    CasePanel(template_name="operations/_case_panel.html", compartment=Compartment.CORE, context=operation_panel)
)


def intake_field(*, membership: Membership) -> forms.Field | None:
    operations = list(linkable_operations(membership=membership))
    if not operations:
        return None
    return forms.TypedChoiceField(
        label=_("Opened during an operation"),
        choices=[("", _("No operation")), *((operation.pk, label_of(operation)) for operation in operations)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Operations of the last two weeks that you can see in the register."),
    )


def link_case(*, acting_user: User | None, membership: Membership, case: Case, value: int) -> None:
    check_link_case(acting_user=acting_user, membership=membership, case=case, operation_id=value)


register_intake_link(IntakeLink(name="operation", field=intake_field, link=link_case))


def coming_operations(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    """Victim aid: the operations announced to it that are still to come, answered or not.
    Police: the operations their organisation plans. Everyone else: no such section."""
    side = side_of(membership)
    if side == Side.AID:
        return [
            WorkRow(
                title=label_of(announcement.operation),
                url=reverse("operations:detail", args=[announcement.operation_id]),
                detail=str(announcement.get_answer_display() or _("Not answered yet")),
                when=announcement.operation.starts_at,
            )
            for announcement in upcoming_for_aid(membership=membership, today=today)
        ]
    if membership.organisation.type in PLANNER_TYPES:
        return [
            WorkRow(
                title=label_of(operation),
                url=reverse("operations:detail", args=[operation.pk]),
                detail=str(operation.get_status_display()),
                when=operation.starts_at,
            )
            for operation in upcoming_of_planner(membership=membership, today=today)
        ]
    return None


register_work_section(
    WorkSectionProvider(
        key="operations",
        order=15,
        title=_("Coming operations"),
        empty=_("No operation coming."),
        rows=coming_operations,
        more_url="operations:list",
    )
)
