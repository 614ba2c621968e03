import pytest
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.api.actions import do_create_api_client
from ksmm.audit.actions import do_record
from ksmm.audit.attribution import Actor, attribute_request
from ksmm.audit.models import AuditEntry
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.factories import MembershipFactory, OrganisationFactory
from tests.personas import ALICE, member
from tests.queries import assert_count, statements_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol() -> User:
    """The canton administrator of ZH."""
    with schema_context("zh"):
        return MembershipFactory(role=Membership.Role.CANTON_ADMIN).user


@pytest.fixture
def alice() -> User:
    """A police officer in ZH, a plain member."""
    return member(ALICE)


def record_in_zh(count: int, action: AuditEntry.Action = AuditEntry.Action.READ, **fields: str) -> None:
    with schema_context("zh"):
        for number in range(count):
            do_record(actor=None, action=action, object_type="cases.case", object_id=str(number), **fields)


def listed(client: Client, query: str = "") -> list[AuditEntry]:
    response = client.get(f"/audit/{query}")
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_the_canton_admin_sees_the_entries_newest_first(zh_client: Client, carol: User) -> None:
    record_in_zh(3)
    entries = listed(sign_in(zh_client, carol))
    sequences = [entry.sequence for entry in entries]
    assert sequences == sorted(sequences, reverse=True)
    assert entries[0].object_type == "audit.log"
    assert sum(entry.object_type == "cases.case" for entry in entries) == 3


def test_viewing_the_audit_log_is_recorded(zh_client: Client, carol: User) -> None:
    sign_in(zh_client, carol).get("/audit/")
    with schema_context("zh"):
        entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    assert (entry.action, entry.object_type, entry.actor_user_id) == ("read", "audit.log", carol.pk)


def test_the_filters_narrow_the_list(zh_client: Client, carol: User, alice: User) -> None:
    record_in_zh(2, AuditEntry.Action.EXPORT, compartment="identity")
    record_in_zh(1, AuditEntry.Action.PRINT, compartment="counselling")
    with schema_context("zh"):
        do_record(actor=alice, action=AuditEntry.Action.UPDATE, object_type="partners.organisation")
    sign_in(zh_client, carol)
    assert {entry.action for entry in listed(zh_client, "?action=export")} == {"export"}
    assert len(listed(zh_client, "?action=export")) == 2
    assert [entry.action for entry in listed(zh_client, "?compartment=counselling")] == ["print"]
    assert [entry.actor_user_id for entry in listed(zh_client, f"?actor={alice.pk}")] == [alice.pk]
    assert [entry.action for entry in listed(zh_client, "?object_type=partners.organisation")] == ["update"]


def test_the_date_filters_include_today_and_exclude_the_future(zh_client: Client, carol: User) -> None:
    record_in_zh(1, AuditEntry.Action.EXPORT)
    sign_in(zh_client, carol)
    day = timezone.localdate().isoformat()
    assert len(listed(zh_client, f"?action=export&date_from={day}&date_to={day}")) == 1
    assert listed(zh_client, "?action=export&date_from=2999-01-01") == []
    assert listed(zh_client, "?action=export&date_to=2000-01-01") == []


def test_fifty_entries_fill_a_page(zh_client: Client, carol: User) -> None:
    record_in_zh(60)
    response = sign_in(zh_client, carol).get("/audit/")
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].has_next()


def test_a_plain_member_gets_403_and_the_denial_is_recorded(zh_client: Client, alice: User) -> None:
    assert sign_in(zh_client, alice).get("/audit/").status_code == 403
    with schema_context("zh"):
        [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS_DENIED)
    assert (entry.actor_user_id, entry.object_type) == (alice.pk, "audit.log")


def test_an_outsider_from_ge_gets_404(zh_client: Client) -> None:
    with schema_context("ge"):
        dave = MembershipFactory(role=Membership.Role.CANTON_ADMIN).user
    assert sign_in(zh_client, dave).get("/audit/").status_code == 404


def test_an_anonymous_visitor_is_redirected_to_sign_in(zh_client: Client) -> None:
    response = zh_client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_query_count_is_the_same_for_1_and_for_50_entries(zh_client: Client, carol: User) -> None:
    """Counted with tests/queries.py after a warm-up request: 1 entry and 50 more both run 14
    statements (13 besides SET search_path): the filter's people and clients, and one query per
    kind of object named (here the cases)."""
    sign_in(zh_client, carol)
    zh_client.get("/audit/")  # warm up: the session and the device are cached after this
    record_in_zh(1)
    one = statements_of(zh_client, "/audit/", warm_up=False)
    record_in_zh(50)
    fifty = statements_of(zh_client, "/audit/", warm_up=False)
    assert len(one) == len(fifty)
    assert_count(one, 14, without_search_path=13)
    assert_count(fifty, 14, without_search_path=13)


def test_the_log_names_the_client_its_organisation_and_the_person(zh_client: Client, carol: User) -> None:
    with schema_context("zh"):
        police = OrganisationFactory(name="Kantonspolizei Protokoll")
        api_client = do_create_api_client(organisation=police, name="Polizei-Fallsystem", scopes=["core"]).client
        request = HttpRequest()
        attribute_request(request, Actor(kind=AuditEntry.ActorKind.CLIENT, client_id=api_client.pk,
                                         organisation_id=police.pk))  # fmt: skip
        do_record(actor=None, action=AuditEntry.Action.READ, object_type="cases.case", object_id="1", request=request)
    sign_in(zh_client, carol)
    page = zh_client.get(f"/audit/?client={api_client.pk}").content.decode()
    assert "Polizei-Fallsystem (API-Client)" in page  # carol reads German
    assert "Kantonspolizei Protokoll" in page
    assert carol.full_name not in page.split("<tbody>")[1]  # the filter left her reading of the log out
    assert carol.full_name in zh_client.get("/audit/?object_type=audit.log").content.decode().split("<tbody>")[1]
