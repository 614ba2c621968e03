"""The person's connected systems (revocable at once), and the RFC 8414 metadata document."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from oauth2_provider.models import AccessToken, RefreshToken

from ksmm.api.actions import NewApiClient
from ksmm.audit.models import AuditAction, AuditEntry
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.api.conftest import bearer
from tests.api.delegation import delegated_token, delegating_client
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.personas import ALICE, BOB, VERA, member, membership, new_organisation
from tests.queries import assert_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def zh_aid(db: None) -> Organisation:
    return new_organisation("zh", Organisation.Type.VICTIM_AID, "Opferhilfe Zürich")


@pytest.fixture
def vera(zh_aid: Organisation) -> Membership:
    return membership(VERA, organisation=zh_aid, language="de")


@pytest.fixture
def aid_system(zh_aid: Organisation) -> NewApiClient:
    return delegating_client(zh_aid, scopes=["core", "intake"], name="Fallsystem Opferhilfe")


def test_the_page_lists_the_system_with_its_scopes_and_revoking_ends_its_tokens(
    vera: Membership, aid_system: NewApiClient
) -> None:
    token = delegated_token(vera.user, aid_system, scope="core intake")
    browser = sign_in(canton_client("zh"), vera.user)
    page = browser.get("/accounts/connected-systems/").content.decode()
    assert "Fallsystem Opferhilfe" in page and "Opferhilfe Zürich" in page and "core, intake" in page
    response = browser.post(f"/accounts/connected-systems/{aid_system.client.pk}/revoke/")
    assert response.status_code == 302
    assert canton_client("zh").get("/api/v1/me", **bearer(token)).status_code == 401
    with schema_context("zh"):
        assert not AccessToken.objects.filter(user=vera.user).exists()
        assert not RefreshToken.objects.filter(user=vera.user, revoked__isnull=True).exists()
        revoked = AuditEntry.objects.get(action=AuditAction.REVOKE, object_type="api.apiclient")
        assert revoked.actor_user_id == vera.user_id
    assert "Fallsystem Opferhilfe" not in browser.get("/accounts/connected-systems/").content.decode()


def test_a_person_cannot_revoke_a_system_that_holds_nothing_of_theirs(
    zh_aid: Organisation, vera: Membership, aid_system: NewApiClient
) -> None:
    colleague = member(VERA, organisation=zh_aid)
    token = delegated_token(colleague, aid_system, scope="core")
    browser = sign_in(canton_client("zh"), vera.user)
    assert browser.post(f"/accounts/connected-systems/{aid_system.client.pk}/revoke/").status_code == 404
    assert canton_client("zh").get("/api/v1/me", **bearer(token)).status_code == 200


def test_an_outsider_gets_404_on_the_page(db: None) -> None:
    bob = member(BOB)
    browser = sign_in(canton_client("zh"), bob)
    assert browser.get("/accounts/connected-systems/").status_code == 404
    assert browser.post("/accounts/connected-systems/1/revoke/").status_code == 404


def test_a_password_only_session_is_sent_to_sign_in(db: None) -> None:
    alice = member(ALICE)
    browser = sign_in(canton_client("zh"), alice, verified=False)
    assert browser.get("/accounts/connected-systems/")["Location"].startswith("/accounts/login/")


def test_the_page_runs_a_fixed_number_of_statements(vera: Membership, aid_system: NewApiClient) -> None:
    browser = sign_in(canton_client("zh"), vera.user)
    assert_statements(browser, "/accounts/connected-systems/", 6)
    delegated_token(vera.user, aid_system, scope="core intake")
    for number in range(3):
        other = delegating_client(vera.organisation, scopes=["core"], name=f"System {number}")
        delegated_token(vera.user, other, scope="core")
    assert_statements(browser, "/accounts/connected-systems/", 9)


def test_the_metadata_document_names_this_cantons_endpoints(zh_client: Client) -> None:
    response = zh_client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]
    document = response.json()
    origin = "http://zh.localhost"
    assert document["issuer"] == origin
    assert document["authorization_endpoint"] == f"{origin}/api/oauth/authorize/"
    assert document["token_endpoint"] == f"{origin}/api/oauth/token/"
    assert document["revocation_endpoint"] == f"{origin}/api/oauth/revoke_token/"
    assert document["response_types_supported"] == ["code"]
    assert document["grant_types_supported"] == ["authorization_code", "refresh_token", "client_credentials"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert {"intake", "steps", "decisions", "deliveries", "core"} <= set(document["scopes_supported"])
    assert "client_secret_basic" in document["token_endpoint_auth_methods_supported"]
    ge = canton_client("ge").get("/.well-known/oauth-authorization-server").json()
    assert ge["issuer"] == "http://ge.localhost"
