"""Who answers for a case inside each organisation that works on it.

One person per (case, party organisation), a caseworker of that organisation (roles member and
lead, an active membership there). Who may change it:

- a lead of the organisation assigns any of its caseworkers, reassigns and releases the case;
- a caseworker takes an unassigned case of the organisation for themselves, and hands back a
  case assigned to them.

Nobody outside the organisation assigns its people, not even the round table's coordinator: the
partners keep their own staffing (the coordinator sees the workload per organisation, counts
only). Coordinators and canton administrators run the round table and the platform, not the
casework, and are not assigned cases (as ksmm/memberships/roles.py keeps them out of the
migration office's decisions).

Each change ends the current row and adds a new one (the history stays), is audited on the
case, and moves the organisation's open deadlines on the case to the new assignee, so that
reminders go to them first (ksmm/notifications/scan.py).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.deadlines.responsibility import do_set_responsible_user
from ksmm.memberships.models import Membership
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation

from .models import Case, CaseAssignment, CaseParty

Role = Membership.Role
CASEWORKER_ROLES = frozenset({Role.MEMBER, Role.LEAD})


class AssignmentRefused(Exception):
    """An assignment the rules do not allow for this person or case; the message is shown."""


def active_members(*, organisation_ids: Iterable[int]) -> QuerySet[Membership]:
    """Active memberships of active people in active organisations among `organisation_ids`."""
    return Membership.objects.filter(
        organisation_id__in=list(organisation_ids), is_active=True, user__is_active=True, organisation__is_active=True
    )


def still_a_member() -> Exists:
    """For a CaseAssignment queryset: its person is still an active member of its organisation."""
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef("user_id"),
            organisation_id=OuterRef("organisation_id"),
            is_active=True,
            user__is_active=True,
        )
    )


def current_assignments() -> QuerySet[CaseAssignment]:
    """The assignments in force: not ended, to a person still an active member of the organisation.
    An assignment whose person left counts as none: the organisation is told instead."""
    return CaseAssignment.objects.filter(ended_at__isnull=True).filter(still_a_member())


def people_to_tell(*, case_id: int, organisation_ids: Iterable[int]) -> set[int]:
    """The users to tell of an event on a case, for each organisation: the case's assignee of
    that organisation if one is set (active user, active membership in that organisation),
    otherwise every active member of that organisation (active user, active membership,
    active organisation)."""
    organisation_ids = set(organisation_ids)
    if not organisation_ids:
        return set()
    assigned = dict(
        current_assignments()
        .filter(case_id=case_id, organisation_id__in=organisation_ids, organisation__is_active=True)
        .values_list("organisation_id", "user_id")
    )
    untold = organisation_ids - set(assigned)
    members = set(active_members(organisation_ids=untold).values_list("user_id", flat=True)) if untold else set()
    return set(assigned.values()) | members


def responsible_user_of(*, case_id: int, organisation_id: int) -> int | None:
    """The port of ksmm.deadlines.responsibility: the current assignee, checked again by the scan."""
    return (
        CaseAssignment.objects.filter(case_id=case_id, organisation_id=organisation_id, ended_at__isnull=True)
        .values_list("user_id", flat=True)
        .first()
    )


def assignee_in_force(*, case_id: int, organisation_id: int) -> int | None:
    """The current assignee while still an active member there (the rules ask this one)."""
    return (
        current_assignments()
        .filter(case_id=case_id, organisation_id=organisation_id)
        .values_list("user_id", flat=True)
        .first()
    )


def assignments_of(*, case: Case) -> dict[int, CaseAssignment]:
    """The current assignment per organisation id of the case, with the person (one query)."""
    rows = current_assignments().filter(case=case).select_related("user")
    return {row.organisation_id: row for row in rows}


def assigned_organisation_ids(*, case: Case) -> set[int]:
    """The organisations of the case in which an assignment is in force (for the API: no names)."""
    return set(current_assignments().filter(case=case).values_list("organisation_id", flat=True))


def caseworkers_of(*, organisation: Organisation) -> QuerySet[Membership]:
    """The people a case of `organisation` may be assigned to, by name."""
    return (
        active_members(organisation_ids=[organisation.pk])
        .filter(role__in=CASEWORKER_ROLES)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def may_assign_others(*, membership: Membership, organisation: Organisation) -> bool:
    return membership.organisation_id == organisation.pk and membership.role == Role.LEAD


def may_take(*, membership: Membership, organisation: Organisation) -> bool:
    return membership.organisation_id == organisation.pk and membership.role in CASEWORKER_ROLES


def check_assign_case(
    *,
    acting_user: User,
    membership: Membership,
    case: Case,
    organisation: Organisation,
    assignee: User,
    request: HttpRequest | None = None,
) -> CaseAssignment:
    """Assigns the case to `assignee` in `organisation`, after the rules at the top of this module.

    PermissionDenied: the acting person may not assign here (a role too weak, another
    organisation). AssignmentRefused: the case or the person does not fit.
    """
    current = assignee_in_force(case_id=case.pk, organisation_id=organisation.pk)
    for_self = assignee.pk == acting_user.pk == membership.user_id
    if not may_assign_others(membership=membership, organisation=organisation) and not (
        for_self and current is None and may_take(membership=membership, organisation=organisation)
    ):
        raise PermissionDenied
    if case.status != Case.Status.OPEN:
        raise AssignmentRefused(_("A closed case is not assigned."))
    if not CaseParty.objects.filter(case=case, organisation=organisation, left_at__isnull=True).exists():
        raise AssignmentRefused(_("This organisation is not a party to the case."))
    if not caseworkers_of(organisation=organisation).filter(user_id=assignee.pk).exists():
        raise AssignmentRefused(_("Only an active caseworker of the organisation can be assigned the case."))
    return do_assign_case(
        acting_user=acting_user, case=case, organisation=organisation, assignee=assignee, request=request
    )


def do_assign_case(
    *,
    acting_user: User | None,
    case: Case,
    organisation: Organisation,
    assignee: User,
    request: HttpRequest | None = None,
) -> CaseAssignment:
    """Ends the current assignment (if another person's) and starts one for `assignee`; the
    organisation's open deadlines on the case follow. Already assigned to them: unchanged."""
    try:
        with transaction.atomic():
            current = _current_for_update(case=case, organisation=organisation)
            if current is not None and current.user_id == assignee.pk:
                return current
            if current is not None:
                _end(current, acting_user=acting_user)
            assignment = CaseAssignment.objects.create(
                case=case,
                organisation=organisation,
                user=assignee,
                assigned_by_user_id=acting_user.pk if acting_user else None,
            )
            do_set_responsible_user(case_id=case.pk, organisation_id=organisation.pk, user_id=assignee.pk)
            _audit(acting_user, case=case, organisation=organisation, purpose="case assigned", request=request)
            if acting_user is None or acting_user.pk != assignee.pk:
                do_notify(
                    kind=Reminder.Kind.CASE_ASSIGNED,
                    case_id=case.pk,
                    recipient_ids=[assignee.pk],
                    link=reverse("cases:detail", args=[case.pk]),
                    event_key=f"case-assigned:{assignment.pk}",
                )
    except IntegrityError:
        # Assigned at the same moment by somebody else: that assignment stands.
        raise AssignmentRefused(_("The case was assigned meanwhile. Reload the page.")) from None
    return assignment


def check_unassign_case(
    *,
    acting_user: User,
    membership: Membership,
    case: Case,
    organisation: Organisation,
    request: HttpRequest | None = None,
) -> CaseAssignment | None:
    """A lead of the organisation releases the case; the assignee hands it back. None: nobody
    was assigned."""
    current = assignee_in_force(case_id=case.pk, organisation_id=organisation.pk)
    own = current is not None and current == acting_user.pk == membership.user_id
    if not may_assign_others(membership=membership, organisation=organisation) and not (
        own and may_take(membership=membership, organisation=organisation)
    ):
        raise PermissionDenied
    return do_unassign_case(acting_user=acting_user, case=case, organisation=organisation, request=request)


def do_unassign_case(
    *, acting_user: User | None, case: Case, organisation: Organisation, request: HttpRequest | None = None
) -> CaseAssignment | None:
    """Ends the current assignment; the organisation's open deadlines answer to all its members."""
    with transaction.atomic():
        current = _current_for_update(case=case, organisation=organisation)
        if current is None:
            return None
        _end(current, acting_user=acting_user)
        do_set_responsible_user(case_id=case.pk, organisation_id=organisation.pk, user_id=None)
        _audit(acting_user, case=case, organisation=organisation, purpose="case released", request=request)
    return current


def do_end_assignments_of_party(*, acting_user: User | None, case: Case, organisation: Organisation) -> None:
    """The organisation left the case: its assignment ends with it (called by do_remove_party)."""
    with transaction.atomic():
        current = _current_for_update(case=case, organisation=organisation)
        if current is not None:
            _end(current, acting_user=acting_user)
            do_set_responsible_user(case_id=case.pk, organisation_id=organisation.pk, user_id=None)


def _current_for_update(*, case: Case, organisation: Organisation) -> CaseAssignment | None:
    return (
        CaseAssignment.objects.select_for_update()
        .filter(case=case, organisation=organisation, ended_at__isnull=True)
        .first()
    )


def _end(assignment: CaseAssignment, *, acting_user: User | None) -> None:
    assignment.ended_at = timezone.now()
    assignment.ended_by_user_id = acting_user.pk if acting_user else None
    assignment.save(update_fields=["ended_at", "ended_by_user_id"])


def _audit(
    acting_user: User | None, *, case: Case, organisation: Organisation, purpose: str, request: HttpRequest | None
) -> None:
    """On the case, naming the organisation; who is assigned is kept in CaseAssignment, not here."""
    do_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=case,
        compartment=Compartment.CORE,
        purpose=purpose,
        recipient_organisation_id=organisation.pk,
        request=request,
    )


def assigned_case_ids(*, user_id: int) -> QuerySet[CaseAssignment, Any]:
    """The ids of the cases currently assigned to a person (a subquery for the case list)."""
    return current_assignments().filter(user_id=user_id).values("case_id")
