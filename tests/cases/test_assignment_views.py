"""The assignment form on the case page, "my cases" on the case list, and the workload page."""

from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.assignments import do_assign_case
from cases.models import Case, CaseAssignment
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import open_test_case
from tests.personas import ALICE, CARLA, PAUL, membership
from tests.queries import assert_statements, statements_of

from .conftest import Cast

pytestmark = pytest.mark.django_db
Role = Membership.Role


def client_of(user: User) -> Client:
    return sign_in(canton_client("zh"), user)


@pytest.fixture
def lead(cast: Cast) -> User:
    return membership(ALICE, organisation=cast.police, role=Role.LEAD, language="en").user  # type: ignore[return-value]


@pytest.fixture
def paul(cast: Cast) -> User:
    return membership(PAUL, organisation=cast.police, language="en").user  # type: ignore[return-value]


@pytest.fixture
def carla(cast: Cast) -> User:
    return membership(CARLA, organisation=cast.ngo, language="en").user  # type: ignore[return-value]


def current(case: Case, organisation_id: int) -> int | None:
    with schema_context("zh"):
        return (
            CaseAssignment.objects.filter(case=case, organisation_id=organisation_id, ended_at__isnull=True)
            .values_list("user_id", flat=True)
            .first()
        )


class TestAssignmentForm:
    def test_a_lead_sees_the_form_and_assigns_a_caseworker(
        self, cast: Cast, rosa: Case, lead: User, paul: User
    ) -> None:
        client = client_of(lead)
        page = client.get(f"/cases/{rosa.pk}/").content.decode()
        assert 'name="assignee"' in page and paul.full_name in page
        response = client.post(f"/cases/{rosa.pk}/assignment/", {"action": "assign", "assignee": paul.pk})
        assert response.status_code == 302
        assert current(rosa, cast.police.pk) == paul.pk

    def test_other_parties_see_whether_someone_is_assigned_but_not_who(
        self, cast: Cast, rosa: Case, lead: User, paul: User
    ) -> None:
        with schema_context("zh"):
            do_assign_case(acting_user=None, case=rosa, organisation=cast.police, assignee=paul)
        page = client_of(cast.vera).get(f"/cases/{rosa.pk}/").content.decode()
        assert "A caseworker is assigned" in page
        assert paul.full_name not in page

    def test_a_caseworker_takes_the_case_and_hands_it_back(self, cast: Cast, rosa: Case) -> None:
        client = client_of(cast.polly)
        page = client.get(f"/cases/{rosa.pk}/").content.decode()
        assert "Take this case" in page and 'name="assignee"' not in page
        client.post(f"/cases/{rosa.pk}/assignment/", {"action": "assign"})
        assert current(rosa, cast.police.pk) == cast.polly.pk
        client.post(f"/cases/{rosa.pk}/assignment/", {"action": "release"})
        assert current(rosa, cast.police.pk) is None

    def test_a_caseworker_may_not_assign_a_colleague(self, cast: Cast, rosa: Case, paul: User) -> None:
        response = client_of(cast.polly).post(
            f"/cases/{rosa.pk}/assignment/", {"action": "assign", "assignee": paul.pk}
        )
        assert response.status_code == 403
        assert current(rosa, cast.police.pk) is None

    @pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CANTON_ADMIN])
    def test_round_table_roles_may_not_take_a_case(self, cast: Cast, rosa: Case, role: Role) -> None:
        other = membership(PAUL, organisation=cast.police, role=role).user
        response = client_of(other).post(f"/cases/{rosa.pk}/assignment/", {"action": "assign"})  # type: ignore[arg-type]
        assert response.status_code == 403

    def test_a_lead_cannot_assign_someone_of_another_organisation(self, cast: Cast, rosa: Case, lead: User) -> None:
        response = client_of(lead).post(
            f"/cases/{rosa.pk}/assignment/", {"action": "assign", "assignee": cast.vera.pk}, follow=True
        )
        assert "Only an active caseworker" in response.content.decode()
        assert current(rosa, cast.police.pk) is None

    def test_a_non_party_gets_404(self, cast: Cast, rosa: Case) -> None:
        response = client_of(cast.nora).post(f"/cases/{rosa.pk}/assignment/", {"action": "assign"})
        assert response.status_code == 404

    def test_an_outsider_from_another_canton_gets_404(self, rosa: Case, gabi: User) -> None:
        client = sign_in(canton_client("zh"), gabi)
        assert client.post(f"/cases/{rosa.pk}/assignment/", {"action": "assign"}).status_code == 404

    def test_a_get_is_refused(self, rosa: Case, cast: Cast) -> None:
        assert client_of(cast.polly).get(f"/cases/{rosa.pk}/assignment/").status_code == 405


def open_cases(cast: Cast, count: int, *, assign_to: User | None = None) -> list[Case]:
    with schema_context("zh"):
        cases = [open_test_case(organisation=cast.police, pseudonym=f"Zora {n}") for n in range(count)]
        if assign_to is not None:
            for case in cases:
                do_assign_case(acting_user=None, case=case, organisation=cast.police, assignee=assign_to)
        return cases


class TestMyCases:
    def test_my_cases_lists_only_the_cases_assigned_to_me(self, cast: Cast, paul: User) -> None:
        mine = open_cases(cast, 2, assign_to=paul)
        others = open_cases(cast, 1, assign_to=cast.polly)
        page = client_of(paul).get("/cases/?mine=1").content.decode()
        for case in mine:
            assert case.case_number in page
        assert others[0].case_number not in page
        everything = client_of(paul).get("/cases/").content.decode()
        assert others[0].case_number in everything

    @pytest.mark.parametrize("rows", [1, 50])
    def test_my_cases_runs_the_same_statements_for_1_and_50_rows(self, cast: Cast, paul: User, rows: int) -> None:
        open_cases(cast, rows, assign_to=paul)
        client = client_of(paul)
        assert_statements(client, "/cases/?mine=1", 5, without_search_path=4)


class TestWorkload:
    def test_a_lead_sees_open_cases_and_overdue_deadlines_per_caseworker(
        self, cast: Cast, lead: User, paul: User
    ) -> None:
        assigned = open_cases(cast, 2, assign_to=paul)
        unassigned = open_cases(cast, 1)
        with schema_context("zh"):
            do_open_deadline(
                rule=RuleKey.THREE_MONTH_THRESHOLD, anchor=date(2020, 1, 1), subject=assigned[0], case=assigned[0],
                responsible_organisation=cast.police, acting_user=None,
            )  # fmt: skip
        response = client_of(lead).get("/cases/workload/")
        assert response.status_code == 200
        own = response.context["own"]
        loads = {load.name: (len(load.cases), load.overdue) for load in own.caseworkers}
        # The threshold, and the notice-delivery deadlines of both cases (opened in March 2026).
        assert loads[paul.full_name] == (2, 3)
        assert loads[cast.polly.full_name] == (0, 0)
        assert [number for _pk, number in own.unassigned_cases] == [unassigned[0].case_number]
        page = response.content.decode()
        assert assigned[0].case_number in page and "Rosa" not in page and "Zora" not in page

    def test_a_coordinator_sees_counts_per_organisation_and_no_names(self, cast: Cast, carla: User, paul: User) -> None:
        open_cases(cast, 2, assign_to=paul)
        open_cases(cast, 1)
        response = client_of(carla).get("/cases/workload/")
        assert response.status_code == 200
        rows = {row.organisation.pk: row for row in response.context["canton"]}
        police = rows[cast.police.pk]
        assert (police.open_cases, police.assigned_cases, police.unassigned_cases) == (3, 2, 1)
        assert police.caseworkers_with_cases == 1
        page = response.content.decode()
        assert paul.full_name not in page and "Zora" not in page

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.CANTON_ADMIN])
    def test_other_roles_get_403(self, cast: Cast, role: Role) -> None:
        other = membership(PAUL, organisation=cast.police, role=role).user
        assert client_of(other).get("/cases/workload/").status_code == 403  # type: ignore[arg-type]

    def test_an_outsider_from_another_canton_gets_404(self, gabi: User) -> None:
        assert sign_in(canton_client("zh"), gabi).get("/cases/workload/").status_code == 404

    @pytest.mark.parametrize("who", ["lead", "carla"])
    def test_the_workload_runs_the_same_statements_for_1_and_50_cases(
        self, cast: Cast, lead: User, carla: User, paul: User, who: str
    ) -> None:
        client = client_of(lead if who == "lead" else carla)
        open_cases(cast, 1, assign_to=paul)
        one = len(statements_of(client, "/cases/workload/"))
        open_cases(cast, 49, assign_to=paul)
        open_cases(cast, 50)
        expected = 8  # session, user, 4 (lead: membership and 3 reads; coordinator: 4 reads), inbox badge
        assert_statements(client, "/cases/workload/", expected)
        assert one == expected


@pytest.mark.parametrize("parties", [1, 5])
def test_a_leads_case_page_adds_two_statements_for_the_assignments_whatever_the_parties(
    cast: Cast, lead: User, parties: int
) -> None:
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police, pseudonym="Zora")
        for organisation in (cast.aid, cast.migration, cast.prosecution, cast.ngo)[: parties - 1]:
            do_add_party(acting_user=None, case=case, organisation=organisation)
    # A caseworker's page costs 24 (tests/cases/test_case_page_queries.py); a lead's also reads
    # the caseworkers to choose from.
    assert_statements(client_of(lead), f"/cases/{case.pk}/", 24, without_search_path=23)


def test_the_api_case_detail_names_the_assigned_parties_but_not_the_people(cast: Cast, rosa: Case, paul: User) -> None:
    with schema_context("zh"):
        do_assign_case(acting_user=None, case=rosa, organisation=cast.police, assignee=paul)
    answer = client_of(cast.vera).get(f"/api/v1/cases/{rosa.pk}/").json()
    assert answer["assigned_parties"] == [cast.police.pk]
    assert paul.full_name not in str(answer)
