"""Who gets in: verified members and this canton's clients; everyone else learns nothing."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from oauth2_provider.models import AccessToken

from ksmm.accounts.models import User
from ksmm.api.actions import NewApiClient
from ksmm.partners.models import Organisation
from tests.api.conftest import POLICE_SCOPES, bearer, obtain_token
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/me", "/api/v1/organisations/", "/api/schema/", "/api/docs/"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_an_anonymous_caller_gets_a_401_problem(zh_client: Client, path: str) -> None:
    response = zh_client.get(path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/organisations/"])
def test_a_password_only_session_gets_no_data(zh_client: Client, alice: User, path: str) -> None:
    zh_client.force_login(alice)
    response = zh_client.get(path)
    assert response.status_code == 401
    assert "Alice" not in response.content.decode()
    assert "Kantonspolizei" not in response.content.decode()


@pytest.mark.parametrize("path", [*ENDPOINTS, "/api/v1/organisations/1/"])
def test_a_ge_member_signed_in_on_the_zh_host_gets_404_everywhere(zh_client: Client, bob: User, path: str) -> None:
    sign_in(zh_client, bob)
    response = zh_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_client_obtains_a_token_with_client_credentials(zh_client: Client, zh_api_client: NewApiClient) -> None:
    response = obtain_token(zh_client, zh_api_client)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert sorted(body["scope"].split()) == list(POLICE_SCOPES)


def test_a_wrong_secret_gets_no_token(zh_client: Client, zh_api_client: NewApiClient) -> None:
    wrong = NewApiClient(client=zh_api_client.client, client_secret="not-the-secret")
    assert obtain_token(zh_client, wrong).status_code == 401


def test_ten_wrong_secrets_lock_the_client_out_even_with_the_right_one(
    zh_client: Client, zh_api_client: NewApiClient
) -> None:
    from ksmm.api.token import FAILURE_LIMIT

    wrong = NewApiClient(client=zh_api_client.client, client_secret="not-the-secret")
    assert [obtain_token(zh_client, wrong).status_code for _ in range(FAILURE_LIMIT)] == [401] * FAILURE_LIMIT
    locked = obtain_token(zh_client, zh_api_client)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0


def test_a_client_cannot_ask_for_a_scope_it_was_not_granted(zh_client: Client, zh_api_client: NewApiClient) -> None:
    response = obtain_token(zh_client, zh_api_client, scope="core intake")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_zh_token_is_unknown_on_the_ge_host(ge_client: Client, zh_token: str) -> None:
    for path in ["/api/v1/me", "/api/v1/organisations/"]:
        response = ge_client.get(path, **bearer(zh_token))
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"


def test_a_zh_client_cannot_get_a_token_on_the_ge_host(ge_client: Client, zh_api_client: NewApiClient) -> None:
    assert obtain_token(ge_client, zh_api_client).status_code == 401


def test_a_token_without_the_directory_scope_gets_403_on_the_directory(zh_client: Client, zh_token: str) -> None:
    with schema_context("zh"):
        AccessToken.objects.all().update(scope="core")
    response = zh_client.get("/api/v1/organisations/", **bearer(zh_token))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_a_client_of_a_deactivated_organisation_is_nobody(
    zh_client: Client, zh_token: str, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        Organisation.objects.filter(pk=zh_police.pk).update(is_active=False)
    assert zh_client.get("/api/v1/me", **bearer(zh_token)).status_code == 404


def test_a_session_member_must_send_the_csrf_token_for_writes(alice: User) -> None:
    client = Client(HTTP_HOST="zh.localhost", enforce_csrf_checks=True)
    sign_in(client, alice)
    response = client.post("/api/v1/me", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
