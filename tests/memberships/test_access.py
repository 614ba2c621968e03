"""The membership a session remembers: used while it holds, dropped on the next request after a change."""

import pytest
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.memberships.access import MEMBERSHIP_KEY
from ksmm.memberships.actions import do_set_membership_active, do_update_membership
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import OrganisationFactory
from tests.personas import ALICE, CARLA, membership
from tests.queries import statements_of, touching

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> Membership:
    return membership(ALICE, organisation_name="Kantonspolizei Gedächtnis")


@pytest.fixture
def carla() -> Membership:
    return membership(CARLA, role=Membership.Role.CANTON_ADMIN)


def me(client: Client) -> tuple[int, dict[str, object]]:
    response = client.get("/api/v1/me", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def membership_queries(client: Client, path: str) -> int:
    """Statements on the membership table in one request as it comes, counted with tests/queries.py."""
    statements = statements_of(client, path, warm_up=False, HTTP_ACCEPT="application/json")
    return len(touching(statements, "memberships_membership"))


def test_the_second_request_takes_the_membership_from_the_session(alice: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    session = client.session
    del session[MEMBERSHIP_KEY]
    session.save()
    assert membership_queries(client, "/api/v1/me") == 1
    assert membership_queries(client, "/api/v1/me") == 0
    assert membership_queries(client, "/partners/") == 0


def test_a_revoked_membership_answers_404_on_the_next_request(alice: Membership, carla: Membership) -> None:
    api, page = sign_in(canton_client("zh"), alice.user), sign_in(canton_client("zh"), alice.user)
    assert me(api)[0] == 200
    assert page.get("/partners/").status_code == 200
    with schema_context("zh"):
        do_set_membership_active(acting_user=carla.user, membership=alice, active=False)
    assert me(api)[0] == 404
    assert page.get("/partners/").status_code == 404


def test_a_changed_role_counts_on_the_next_request(alice: Membership, carla: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    assert me(client)[1]["person"]["role"] == "member"  # type: ignore[index]
    with schema_context("zh"):
        do_update_membership(acting_user=carla.user, membership=alice, organisation=alice.organisation, role="lead")
    assert me(client)[1]["person"]["role"] == "lead"  # type: ignore[index]


def test_a_move_to_another_organisation_counts_on_the_next_request(alice: Membership, carla: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    assert me(client)[1]["organisation"]["name"] == "Kantonspolizei Gedächtnis"  # type: ignore[index]
    with schema_context("zh"):
        moved_to = OrganisationFactory(name="Staatsanwaltschaft Gedächtnis")
        do_update_membership(acting_user=carla.user, membership=alice, organisation=moved_to, role="member")
    assert me(client)[1]["organisation"]["name"] == "Staatsanwaltschaft Gedächtnis"  # type: ignore[index]


def test_a_deactivated_organisation_answers_404_on_the_next_request(alice: Membership) -> None:
    api, page = sign_in(canton_client("zh"), alice.user), sign_in(canton_client("zh"), alice.user)
    assert me(api)[0] == 200
    assert page.get("/partners/").status_code == 200
    with schema_context("zh"):
        alice.organisation.is_active = False
        alice.organisation.save()
    assert me(api)[0] == 404
    assert page.get("/partners/").status_code == 404


def test_a_deactivated_user_is_signed_out_on_the_next_request(alice: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    assert me(client)[0] == 200
    alice.user.is_active = False
    alice.user.save()
    assert me(client)[0] in {401, 403}


def test_a_flushed_cache_makes_the_session_load_the_membership_again(alice: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    me(client)
    cache.clear()
    assert membership_queries(client, "/api/v1/me") == 1


def test_a_membership_remembered_in_zh_is_not_used_in_ge(alice: Membership) -> None:
    """The session cookie is host-only; even a session carried over finds nothing in GE."""
    client = sign_in(canton_client("zh"), alice.user)
    me(client)
    client.defaults["HTTP_HOST"] = "ge.localhost"
    session = client.session
    session["ksmm_schema"] = "ge"
    session.save()
    assert me(client)[0] == 404
