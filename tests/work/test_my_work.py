"""My work: the start page after sign-in, its sections per role, its cost, who reaches it."""

from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.assignments import do_assign_case
from cases.models import Case, Referral
from ksmm.accounts.models import User
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.memberships.models import Membership
from ksmm.notifications.models import OVERDUE, Reminder
from permits.actions import check_request_reflection_period
from tests.auth import sign_in
from tests.cases.conftest import Cast
from tests.conftest import canton_client
from tests.factories import open_test_case
from tests.personas import CARLA, PAUL, membership
from tests.queries import assert_statements

pytestmark = pytest.mark.django_db
Role = Membership.Role

ALL_SECTIONS = {"referrals", "decisions", "deadlines", "canton_overdue", "notices", "changes", "inbox"}
CASEWORKER = {"referrals", "deadlines", "notices", "changes", "inbox"}


def client_of(user: User) -> Client:
    return sign_in(canton_client("zh"), user)


def sections_of(user: User) -> dict[str, list[str]]:
    response = client_of(user).get("/work/")
    assert response.status_code == 200
    return {section.key: [row.title for row in section.rows] for section in response.context["sections"]}


@pytest.fixture
def carla(cast: Cast) -> User:
    return membership(CARLA, organisation=cast.ngo, language="en").user  # type: ignore[return-value]


def work_for_everybody(cast: Cast, rosa: Case) -> None:
    """A referral to the victim aid, a reflection period asked of the migration office, the
    police's overdue notice delivery (the case opened in March 2026), a change on polly's case
    and an unread reminder for polly."""
    with schema_context("zh"):
        ngo_case = open_test_case(organisation=cast.ngo, pseudonym="Zora")
        Referral.objects.create(
            case=ngo_case, from_organisation=cast.ngo, to_organisation=cast.aid, compartments=["core"]
        )
        check_request_reflection_period(
            acting_user=None, organisation=cast.aid, case=rosa, addressed_to=cast.migration,
            requested_on=date(2026, 3, 5), grounds="Aussagen zur Ausbeutung",
        )  # fmt: skip
        do_assign_case(acting_user=None, case=rosa, organisation=cast.police, assignee=cast.polly)
        do_add_party(acting_user=cast.piet, case=rosa, organisation=cast.ngo)
        delivery = Deadline.objects.get(case=rosa, rule_key=RuleKey.NOTICE_DELIVERY)
        Reminder.objects.create(deadline=delivery, offset_days=OVERDUE, recipient=cast.polly)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # Police and victim aid also have the coming operations (cases/operations/panels.py);
        # carla coordinates from a police corps, so she has them as her corps does.
        ("polly", CASEWORKER | {"operations"}),
        ("vera", CASEWORKER | {"operations"}),
        ("mia", CASEWORKER | {"decisions"}),
        ("carla", {"deadlines", "canton_overdue", "inbox", "operations", "notice-phones"}),
    ],
)
def test_each_role_sees_the_sections_it_has(cast: Cast, rosa: Case, carla: User, who: str, expected: set[str]) -> None:
    work_for_everybody(cast, rosa)
    user = carla if who == "carla" else getattr(cast, who)
    assert set(sections_of(user)) == expected


def test_the_rows_name_case_numbers_and_never_the_victim(cast: Cast, rosa: Case) -> None:
    work_for_everybody(cast, rosa)
    police = sections_of(cast.polly)
    assert police["notices"] == [rosa.case_number]
    assert any(title.startswith(rosa.case_number) for title in police["deadlines"])
    assert police["changes"] and all(title.startswith(rosa.case_number) for title in police["changes"])
    assert police["inbox"] and police["referrals"] == []
    assert sections_of(cast.vera)["referrals"]
    assert [title.split(":")[0] for title in sections_of(cast.mia)["decisions"]] == [rosa.case_number]
    page = client_of(cast.polly).get("/work/").content.decode()
    assert "Rosa" not in page and "Zora" not in page
    assert cast.piet.full_name not in page  # who changed the case: only the organisation


def test_the_coordinator_sees_the_cantons_overdue_deadlines(cast: Cast, rosa: Case, carla: User) -> None:
    work_for_everybody(cast, rosa)
    assert sections_of(carla)["canton_overdue"]


def test_the_start_page_of_a_verified_member_is_my_work(cast: Cast) -> None:
    response = client_of(cast.polly).get("/")
    assert response.status_code == 302 and response["Location"] == "/work/"


def test_the_start_page_of_an_outsider_stays_the_landing_page(gabi: User) -> None:
    assert sign_in(canton_client("zh"), gabi).get("/").status_code == 200


def test_the_header_shows_who_is_signed_in(cast: Cast) -> None:
    page = client_of(cast.polly).get("/work/").content.decode()
    assert cast.polly.full_name in page
    assert "Kantonspolizei Fallakte" in page
    assert "signed-in-role" in page


def test_an_outsider_from_another_canton_gets_404(gabi: User) -> None:
    assert sign_in(canton_client("zh"), gabi).get("/work/").status_code == 404


def test_anonymous_goes_to_the_sign_in_page() -> None:
    response = canton_client("zh").get("/work/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def make_rows(cast: Cast, count: int) -> None:
    """`count` rows in every section of the police officer and of the migration office."""
    with schema_context("zh"):
        for number in range(count):
            case = open_test_case(organisation=cast.aid, pseudonym=f"Zora {number}")
            do_add_party(acting_user=None, case=case, organisation=cast.police)
            Referral.objects.create(
                case=case, from_organisation=cast.aid, to_organisation=cast.police, compartments=["core"]
            )
            own = open_test_case(organisation=cast.police, pseudonym=f"Yara {number}")
            do_assign_case(acting_user=None, case=own, organisation=cast.police, assignee=cast.polly)
            do_add_party(acting_user=cast.vera, case=own, organisation=cast.aid)
            check_request_reflection_period(
                acting_user=None, organisation=cast.police, case=own, addressed_to=cast.migration,
                requested_on=date(2026, 3, 5), grounds="Aussagen",
            )  # fmt: skip
            delivery = Deadline.objects.get(case=own, rule_key=RuleKey.NOTICE_DELIVERY)
            Reminder.objects.create(deadline=delivery, offset_days=OVERDUE, recipient=cast.polly)


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(("who", "statements"), [("polly", 12), ("mia", 11), ("carla", 9)])
def test_my_work_runs_the_same_statements_for_1_and_50_rows(
    cast: Cast, carla: User, rows: int, who: str, statements: int
) -> None:
    make_rows(cast, rows)
    user = carla if who == "carla" else getattr(cast, who)
    assert_statements(client_of(user), "/work/", statements)


def test_deadlines_due_show_mine_and_those_answering_to_nobody_but_not_a_colleagues(cast: Cast, rosa: Case) -> None:
    paul = membership(PAUL, organisation=cast.police, language="en").user
    with schema_context("zh"):
        other = open_test_case(organisation=cast.police, pseudonym="Zora")
        do_assign_case(acting_user=None, case=rosa, organisation=cast.police, assignee=paul)  # type: ignore[arg-type]
        do_assign_case(acting_user=None, case=other, organisation=cast.police, assignee=cast.polly)
    assert sections_of(cast.polly)["deadlines"] == [f"{other.case_number}: Victims' rights notice not yet delivered"]
    with schema_context("zh"):
        Membership.objects.filter(user=paul).update(is_active=False)
    assert len(sections_of(cast.polly)["deadlines"]) == 2
