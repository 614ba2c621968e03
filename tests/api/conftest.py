"""Personas (tests/personas.py) and OAuth2 clients for the API tests.

alice: police officer of the Kantonspolizei Zürich. bob: counsellor of the Centre LAVI Genève.
"""

import base64
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.api.actions import NewApiClient, do_create_api_client
from ksmm.api.throttling import CallerRateThrottle
from ksmm.partners.models import Organisation
from tests.api.world import World, build_zh_world
from tests.personas import ALICE, BOB, GE_VICTIM_AID, member, new_organisation


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Throttle counters live in the shared Redis cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def zh_police(db: None) -> Organisation:
    return new_organisation("zh", Organisation.Type.CANTONAL_POLICE, "Kantonspolizei Zürich")


@pytest.fixture
def alice(zh_police: Organisation) -> User:
    return member(ALICE, organisation=zh_police)


@pytest.fixture
def bob(db: None) -> User:
    return member(BOB, organisation_name=GE_VICTIM_AID)


# Every scope: the police read every kind of data the API serves to clients.
POLICE_SCOPES = ("core", "directory", "identity", "investigation", "notices", "residence")


@pytest.fixture
def zh_api_client(zh_police: Organisation) -> NewApiClient:
    with schema_context("zh"):
        return do_create_api_client(organisation=zh_police, name="Polizei-Fallsystem", scopes=list(POLICE_SCOPES))


def obtain_token(client: Client, api_client: NewApiClient, **fields: str) -> Client:
    """Asks the token endpoint for a client-credentials token, as a cantonal system would."""
    return client.post(
        "/api/oauth/token/",
        urlencode({"grant_type": "client_credentials", **fields}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic_credentials(api_client),
    )


def basic_credentials(api_client: NewApiClient) -> str:
    pair = f"{api_client.client.application.client_id}:{api_client.client_secret}"
    return "Basic " + base64.b64encode(pair.encode()).decode()


@pytest.fixture
def zh_token(zh_client: Client, zh_api_client: NewApiClient) -> str:
    response = obtain_token(zh_client, zh_api_client)
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def world(db: None, monkeypatch: pytest.MonkeyPatch) -> World:
    """ZH with an object behind every endpoint and vicky, who reaches all of them (world.py)."""
    # Hundreds of requests by one person in a few seconds: above the real rate limit.
    monkeypatch.setattr(CallerRateThrottle, "THROTTLE_RATES", {"caller": "100000/min"})
    return build_zh_world()
