"""Case assignment: one caseworker per (case, party organisation), who may set it, whom to tell."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from cases.actions import do_remove_party
from cases.assignments import (
    AssignmentRefused,
    check_assign_case,
    check_unassign_case,
    do_assign_case,
    people_to_tell,
)
from cases.models import Case, CaseAssignment
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.memberships.models import Membership
from tests.cases.conftest import Cast
from tests.personas import ALICE, PAUL, membership

pytestmark = pytest.mark.django_db
Role = Membership.Role


def assign(actor: User, case: Case, assignee: User) -> CaseAssignment:
    acting = Membership.objects.select_related("organisation").get(user=actor)
    return check_assign_case(
        acting_user=actor, membership=acting, case=case, organisation=acting.organisation, assignee=assignee
    )


def unassign(actor: User, case: Case) -> CaseAssignment | None:
    acting = Membership.objects.select_related("organisation").get(user=actor)
    return check_unassign_case(acting_user=actor, membership=acting, case=case, organisation=acting.organisation)


@pytest.fixture
def lead(cast: Cast) -> User:
    return membership(ALICE, organisation=cast.police, role=Role.LEAD).user  # type: ignore[return-value]


@pytest.fixture
def colleague(cast: Cast) -> User:
    return membership(PAUL, organisation=cast.police).user  # type: ignore[return-value]


def test_a_lead_assigns_a_caseworker_of_their_organisation(cast: Cast, rosa: Case, lead: User, colleague: User) -> None:
    with schema_context("zh"):
        assignment = assign(lead, rosa, colleague)
        assert (assignment.organisation_id, assignment.user_id) == (cast.police.pk, colleague.pk)
        entry = AuditEntry.objects.filter(object_type="cases.case", object_id=str(rosa.pk)).latest("sequence")
        assert (entry.purpose, entry.actor_user_id, entry.recipient_organisation_id) == (
            "case assigned",
            lead.pk,
            cast.police.pk,
        )
        assert colleague.full_name not in entry.purpose


def test_the_assignee_is_told_once_and_someone_taking_a_case_is_not(
    cast: Cast, rosa: Case, lead: User, colleague: User
) -> None:
    from ksmm.notifications.models import Reminder

    with schema_context("zh"):
        assign(lead, rosa, colleague)
        assign(lead, rosa, colleague)  # unchanged: no second item
        told = Reminder.objects.filter(kind=Reminder.Kind.CASE_ASSIGNED)
        assert list(told.values_list("recipient_id", "case_id", "link")) == [
            (colleague.pk, rosa.pk, f"/cases/{rosa.pk}/")
        ]
        unassign(lead, rosa)
        assign(lead, lead_case := rosa, lead)  # a lead taking the case for themselves
        assert not told.filter(recipient_id=lead.pk, case=lead_case).exists()


def test_reassigning_keeps_the_history(cast: Cast, rosa: Case, lead: User, colleague: User) -> None:
    with schema_context("zh"):
        assign(lead, rosa, colleague)
        assign(lead, rosa, cast.polly)
        rows = list(CaseAssignment.objects.filter(case=rosa).order_by("pk").values_list("user_id", "ended_at"))
        assert [user for user, _ in rows] == [colleague.pk, cast.polly.pk]
        assert rows[0][1] is not None and rows[1][1] is None


def test_the_database_keeps_one_current_assignee_per_organisation(cast: Cast, rosa: Case, colleague: User) -> None:
    with schema_context("zh"):
        CaseAssignment.objects.create(case=rosa, organisation=cast.police, user=colleague)
        with pytest.raises(IntegrityError), transaction.atomic():
            CaseAssignment.objects.create(case=rosa, organisation=cast.police, user=cast.polly)


def test_a_lead_cannot_assign_someone_of_another_organisation(cast: Cast, rosa: Case, lead: User) -> None:
    with schema_context("zh"), pytest.raises(AssignmentRefused):
        assign(lead, rosa, cast.vera)


def test_a_lead_cannot_assign_an_inactive_member(rosa: Case, lead: User, colleague: User) -> None:
    with schema_context("zh"):
        Membership.objects.filter(user=colleague).update(is_active=False)
        with pytest.raises(AssignmentRefused):
            assign(lead, rosa, colleague)


def test_a_lead_cannot_assign_a_deactivated_person(rosa: Case, lead: User, colleague: User) -> None:
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    with schema_context("zh"), pytest.raises(AssignmentRefused):
        assign(lead, rosa, colleague)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CANTON_ADMIN])
def test_round_table_roles_are_not_assigned_cases(cast: Cast, rosa: Case, lead: User, role: Role) -> None:
    other = membership(PAUL, organisation=cast.police, role=role).user
    with schema_context("zh"), pytest.raises(AssignmentRefused):
        assign(lead, rosa, other)  # type: ignore[arg-type]


def test_a_closed_case_is_not_assigned(rosa: Case, lead: User, colleague: User) -> None:
    with schema_context("zh"):
        Case.objects.filter(pk=rosa.pk).update(status=Case.Status.CLOSED, closed_on=date(2026, 4, 1))
        rosa.refresh_from_db()
        with pytest.raises(AssignmentRefused):
            assign(lead, rosa, colleague)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR, Role.CANTON_ADMIN])
def test_only_a_lead_assigns_somebody_else(cast: Cast, rosa: Case, colleague: User, role: Role) -> None:
    actor = membership(ALICE, organisation=cast.police, role=role).user
    with schema_context("zh"), pytest.raises(PermissionDenied):
        assign(actor, rosa, colleague)  # type: ignore[arg-type]


def test_a_lead_of_another_organisation_cannot_assign_its_people(cast: Cast, rosa: Case) -> None:
    aid_lead = membership(ALICE, organisation=cast.aid, role=Role.LEAD).user
    with schema_context("zh"):
        acting = Membership.objects.select_related("organisation").get(user=aid_lead)
        with pytest.raises(PermissionDenied):
            check_assign_case(
                acting_user=aid_lead,  # type: ignore[arg-type]
                membership=acting,
                case=rosa,
                organisation=cast.police,
                assignee=cast.polly,
            )


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEAD])
def test_a_caseworker_takes_an_unassigned_case_for_themselves(cast: Cast, rosa: Case, role: Role) -> None:
    worker = membership(PAUL, organisation=cast.police, role=role).user
    with schema_context("zh"):
        assert assign(worker, rosa, worker).user_id == worker.pk  # type: ignore[arg-type]


def test_a_caseworker_cannot_take_a_case_assigned_to_someone_else(
    cast: Cast, rosa: Case, lead: User, colleague: User
) -> None:
    with schema_context("zh"):
        assign(lead, rosa, cast.polly)
        with pytest.raises(PermissionDenied):
            assign(colleague, rosa, colleague)


def test_the_assignee_hands_the_case_back_and_a_colleague_cannot(
    cast: Cast, rosa: Case, lead: User, colleague: User
) -> None:
    with schema_context("zh"):
        assign(lead, rosa, cast.polly)
        with pytest.raises(PermissionDenied):
            unassign(colleague, rosa)
        assert unassign(cast.polly, rosa) is not None
        assert not CaseAssignment.objects.filter(case=rosa, ended_at__isnull=True).exists()


def test_leaving_the_case_ends_the_organisations_assignment(cast: Cast, rosa: Case, lead: User) -> None:
    with schema_context("zh"):
        aid_worker = cast.vera
        do_assign_case(acting_user=None, case=rosa, organisation=cast.aid, assignee=aid_worker)
        do_remove_party(acting_user=None, case=rosa, organisation=cast.aid)
        assert not CaseAssignment.objects.filter(case=rosa, organisation=cast.aid, ended_at__isnull=True).exists()


def test_deadlines_follow_the_assignment(cast: Cast, rosa: Case, lead: User, colleague: User) -> None:
    with schema_context("zh"):
        before = do_open_deadline(
            rule=RuleKey.THREE_MONTH_THRESHOLD, anchor=date(2026, 3, 2), subject=rosa, case=rosa,
            responsible_organisation=cast.police, acting_user=None,
        )  # fmt: skip
        assign(lead, rosa, colleague)
        before.refresh_from_db()
        assert before.responsible_user_id == colleague.pk
        # A deadline opened later on the assigned case answers to the assignee from the start.
        after = do_open_deadline(
            rule=RuleKey.PERMIT_EXPIRY, anchor=date(2026, 9, 30), subject=rosa, case=rosa,
            responsible_organisation=cast.police, acting_user=None,
        )  # fmt: skip
        assert after.responsible_user_id == colleague.pk
        # Another organisation's deadline on the case is not the police's assignee's.
        theirs = do_open_deadline(
            rule=RuleKey.REFLECTION_END, anchor=date(2026, 3, 2), subject=rosa, case=rosa,
            responsible_organisation=cast.migration, acting_user=None,
        )  # fmt: skip
        assert theirs.responsible_user_id is None
        unassign(lead, rosa)
        assert set(Deadline.objects.filter(case=rosa).values_list("responsible_user_id", flat=True)) == {None}


class TestPeopleToTell:
    def test_the_assignee_alone_when_one_is_set(self, cast: Cast, rosa: Case, lead: User, colleague: User) -> None:
        with schema_context("zh"):
            assign(lead, rosa, colleague)
            assert people_to_tell(case_id=rosa.pk, organisation_ids=[cast.police.pk]) == {colleague.pk}

    def test_every_active_member_when_none_is_assigned(
        self, cast: Cast, rosa: Case, lead: User, colleague: User
    ) -> None:
        with schema_context("zh"):
            assert people_to_tell(case_id=rosa.pk, organisation_ids=[cast.police.pk]) == {
                cast.polly.pk,
                lead.pk,
                colleague.pk,
            }

    def test_per_organisation(self, cast: Cast, rosa: Case, lead: User, colleague: User) -> None:
        with schema_context("zh"):
            assign(lead, rosa, colleague)
            told = people_to_tell(case_id=rosa.pk, organisation_ids=[cast.police.pk, cast.aid.pk])
            assert told == {colleague.pk, cast.vera.pk}

    @pytest.mark.parametrize("leaves", ["membership", "user"])
    def test_the_organisation_when_the_assignee_is_no_longer_active(
        self, cast: Cast, rosa: Case, lead: User, colleague: User, leaves: str
    ) -> None:
        with schema_context("zh"):
            assign(lead, rosa, colleague)
            if leaves == "membership":
                Membership.objects.filter(user=colleague).update(is_active=False)
            else:
                User.objects.filter(pk=colleague.pk).update(is_active=False)
            assert people_to_tell(case_id=rosa.pk, organisation_ids=[cast.police.pk]) == {cast.polly.pk, lead.pk}

    def test_nobody_of_an_inactive_organisation(self, cast: Cast, rosa: Case, lead: User, colleague: User) -> None:
        with schema_context("zh"):
            assign(lead, rosa, colleague)
            type(cast.police).objects.filter(pk=cast.police.pk).update(is_active=False)
            assert people_to_tell(case_id=rosa.pk, organisation_ids=[cast.police.pk]) == set()

    def test_nobody_for_no_organisation(self, rosa: Case) -> None:
        with schema_context("zh"):
            assert people_to_tell(case_id=rosa.pk, organisation_ids=[]) == set()


def test_a_caseworker_takes_a_case_whose_assignee_left_the_organisation(
    cast: Cast, rosa: Case, lead: User, colleague: User
) -> None:
    with schema_context("zh"):
        assign(lead, rosa, colleague)
        Membership.objects.filter(user=colleague).update(is_active=False)
        assert assign(cast.polly, rosa, cast.polly).user_id == cast.polly.pk
        assert CaseAssignment.objects.get(case=rosa, user=colleague).ended_at is not None
