"""Canton administration: invite, change the role, end access."""

import re

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.factories import MembershipFactory, OrganisationFactory
from tests.queries import assert_count, statements_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def zh_admin() -> Membership:
    with schema_context("zh"):
        return MembershipFactory(role=Membership.Role.CANTON_ADMIN)


def test_a_canton_admin_invites_a_person_who_sets_a_password_once(
    zh_client: Client,
    zh_admin: Membership,
    mailbox,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    sign_in(zh_client, zh_admin.user)
    with schema_context("zh"):
        aid = OrganisationFactory(name="Opferhilfe Test")
    with django_capture_on_commit_callbacks(execute=True):
        response = zh_client.post(
            "/manage/people/invite/",
            {"email": "Carla@Aid.test", "full_name": "Carla Test", "organisation": aid.pk, "role": "member"},
        )
    assert response.status_code == 302
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == "carla@aid.test"
    assert "Carla" not in message["Subject"] and "Einladung" in message["Subject"]
    link = re.search(r"http://zh\.localhost(/manage/invitation/\S+/)", mailbox.body()).group(1)

    invitee = Client(HTTP_HOST="zh.localhost")
    password = "a long and new passphrase"
    assert invitee.post(link, {"password1": password, "password2": password}).status_code == 302
    assert User.objects.get(email="carla@aid.test").check_password(password)
    assert invitee.get(link).status_code == 404, "the link works once"
    login = invitee.post("/accounts/login/", {"username": "carla@aid.test", "password": password})
    assert login["Location"].startswith("/accounts/enrol/")


def test_inviting_an_existing_member_again_is_refused_with_a_clear_message(
    zh_client: Client, zh_admin: Membership
) -> None:
    sign_in(zh_client, zh_admin.user)
    with schema_context("zh"):
        existing = MembershipFactory()
    response = zh_client.post(
        "/manage/people/invite/",
        {"email": existing.user.email, "full_name": "X", "organisation": existing.organisation_id, "role": "member"},
    )
    assert response.status_code == 200
    assert "Diese Person ist in diesem Kanton bereits Mitglied." in response.content.decode()


def test_a_canton_admin_changes_a_role_and_ends_access(zh_client: Client, zh_admin: Membership) -> None:
    sign_in(zh_client, zh_admin.user)
    with schema_context("zh"):
        target = MembershipFactory()
    zh_client.post(f"/manage/people/{target.pk}/", {"organisation": target.organisation_id, "role": "lead"})
    zh_client.post(f"/manage/people/{target.pk}/active/", {"active": "0"})
    with schema_context("zh"):
        target.refresh_from_db()
    assert (target.role, target.is_active) == ("lead", False)
    with schema_context("zh"):
        recorded = list(
            AuditEntry.objects.filter(object_id=str(target.pk), actor_user_id=zh_admin.user_id)
            .order_by("sequence")
            .values_list("action", flat=True)
        )
    assert recorded == ["update", "revoke"]
    ended = sign_in(Client(HTTP_HOST="zh.localhost"), target.user)
    assert ended.get("/partners/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/manage/people/", "/manage/people/invite/", "/manage/people/1/", "/manage/people/1/active/"]
)
def test_a_plain_member_gets_403_on_people_pages(zh_client: Client, path: str) -> None:
    with schema_context("zh"):
        member = MembershipFactory(role=Membership.Role.LEAD).user
    sign_in(zh_client, member)
    method = zh_client.post if path.endswith("active/") else zh_client.get
    assert method(path).status_code == 403


@pytest.mark.parametrize("path", ["/manage/people/", "/manage/people/invite/"])
def test_an_admin_of_another_canton_gets_404_on_people_pages(zh_client: Client, path: str) -> None:
    with schema_context("ge"):
        ge_admin = MembershipFactory(role=Membership.Role.CANTON_ADMIN).user
    sign_in(zh_client, ge_admin)
    assert zh_client.get(path).status_code == 404


def test_people_page_runs_the_same_number_of_queries_for_1_and_50_members(
    zh_client: Client, zh_admin: Membership
) -> None:
    """Counted with tests/queries.py, the first request after sign-in, and after 49 more members
    the second: both run 5 statements (4 besides SET search_path)."""
    sign_in(zh_client, zh_admin.user)
    one = statements_of(zh_client, "/manage/people/", warm_up=False)
    with schema_context("zh"):
        MembershipFactory.create_batch(49)
    # Their new organisations replace the canton's stamp: the session reloads the membership once.
    fifty = statements_of(zh_client, "/manage/people/")
    assert len(one) == len(fifty)
    assert_count(one, 5, without_search_path=4)
    assert_count(fifty, 5, without_search_path=4)
