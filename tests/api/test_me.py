import pytest
from django.test import Client

from ksmm.accounts.models import User
from ksmm.api.actions import NewApiClient
from ksmm.partners.models import Organisation
from tests.api.conftest import POLICE_SCOPES, bearer
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def test_a_verified_member_sees_herself_her_organisation_and_role(
    zh_client: Client, alice: User, zh_police: Organisation
) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get("/api/v1/me", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "kind": "person",
        "canton": "ZH",
        "organisation": {"id": zh_police.pk, "name": "Kantonspolizei Zürich", "type": "cantonal_police"},
        "person": {
            "id": alice.pk,
            "email": alice.email,
            "full_name": "Alice Ammann",
            "language": "de",
            "role": "member",
        },
        "client": None,
    }


def test_a_client_sees_its_organisation_client_id_and_scopes(
    zh_client: Client, zh_token: str, zh_api_client: NewApiClient, zh_police: Organisation
) -> None:
    response = zh_client.get("/api/v1/me", **bearer(zh_token))
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "client"
    assert body["person"] is None
    assert body["organisation"]["id"] == zh_police.pk
    assert body["client"] == {
        "client_id": zh_api_client.client.application.client_id,
        "name": "Polizei-Fallsystem",
        "scopes": list(POLICE_SCOPES),
    }
