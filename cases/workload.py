"""Workload: open cases and overdue deadlines per caseworker (a lead, for their organisation)
and per organisation (the coordinator, for the canton). Counts and case numbers only.

A lead's view names the caseworkers of their own organisation, whom they assign; the
coordinator's names no person at all: the partners keep their staffing, the round table sees
how the load is spread between them. A fixed number of statements, whatever the rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from ksmm.deadlines.models import Deadline
from ksmm.partners.models import Organisation

from .assignments import caseworkers_of, current_assignments
from .models import Case, CaseParty


@dataclass(kw_only=True)
class CaseworkerLoad:
    name: str
    cases: list[tuple[int, str]] = field(default_factory=list)  # (case id, case number)
    overdue: int = 0


@dataclass(kw_only=True)
class OrganisationLoad:
    """A lead's organisation: each caseworker's load, and what nobody answers for."""

    caseworkers: list[CaseworkerLoad]
    unassigned_cases: list[tuple[int, str]]
    unassigned_overdue: int


def organisation_load(*, organisation: Organisation, today: date) -> OrganisationLoad:
    """Four statements: caseworkers, their open cases, overdue deadlines, unassigned open cases."""
    loads = {
        member.user_id: CaseworkerLoad(name=member.user.full_name)
        for member in caseworkers_of(organisation=organisation)
    }
    for user_id, case_id, number in (
        current_assignments()
        .filter(organisation=organisation, case__status=Case.Status.OPEN)
        .order_by("case__case_number")
        .values_list("user_id", "case_id", "case__case_number")
    ):
        if user_id in loads:
            loads[user_id].cases.append((case_id, number))
    unassigned_overdue = 0
    for user_id, count in (
        Deadline.objects.filter(responsible_organisation=organisation, status=Deadline.Status.OPEN, due_on__lt=today)
        .values("responsible_user_id")
        .annotate(count=Count("pk"))
        .values_list("responsible_user_id", "count")
    ):
        if user_id in loads:
            loads[user_id].overdue += count
        else:  # nobody, or somebody no longer a caseworker here: the organisation answers
            unassigned_overdue += count
    unassigned = list(
        Case.objects.filter(
            status=Case.Status.OPEN,
            parties__organisation=organisation,
            parties__left_at__isnull=True,
        )
        .exclude(Exists(current_assignments().filter(case=OuterRef("pk"), organisation=organisation)))
        .order_by("case_number")
        .values_list("pk", "case_number")
    )
    return OrganisationLoad(
        caseworkers=list(loads.values()), unassigned_cases=unassigned, unassigned_overdue=unassigned_overdue
    )


@dataclass(kw_only=True)
class CantonRow:
    organisation: Organisation
    open_cases: int = 0
    assigned_cases: int = 0
    caseworkers_with_cases: int = 0
    overdue: int = 0

    @property
    def unassigned_cases(self) -> int:
        return self.open_cases - self.assigned_cases


def canton_load(*, today: date) -> list[CantonRow]:
    """Per active organisation with open cases or overdue deadlines; three statements."""
    rows = {
        organisation.pk: CantonRow(organisation=organisation)
        for organisation in Organisation.objects.filter(is_active=True)
    }
    assigned = current_assignments().filter(case_id=OuterRef("case_id"), organisation_id=OuterRef("organisation_id"))
    for row in (
        CaseParty.objects.filter(left_at__isnull=True, case__status=Case.Status.OPEN)
        .annotate(is_assigned=Exists(assigned))
        .values("organisation_id")
        .annotate(open_cases=Count("pk"), assigned_cases=Count("pk", filter=Q(is_assigned=True)))
    ):
        if row["organisation_id"] in rows:
            target = rows[row["organisation_id"]]
            target.open_cases, target.assigned_cases = row["open_cases"], row["assigned_cases"]
    people: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in (
        current_assignments().filter(case__status=Case.Status.OPEN).values_list("organisation_id", "user_id")
    ):
        people[organisation_id].add(user_id)
    for organisation_id, count in (
        Deadline.objects.filter(status=Deadline.Status.OPEN, due_on__lt=today)
        .values("responsible_organisation_id")
        .annotate(count=Count("pk"))
        .values_list("responsible_organisation_id", "count")
    ):
        if organisation_id in rows:
            rows[organisation_id].overdue = count
    for organisation_id, users in people.items():
        if organisation_id in rows:
            rows[organisation_id].caseworkers_with_cases = len(users)
    return sorted(
        (row for row in rows.values() if row.open_cases or row.overdue),
        key=lambda row: (-row.open_cases, str(row.organisation)),
    )
