"""The authorisation-code flow as a cantonal system and a person's browser go through it.

`delegated_token` signs the person in (password and second factor are the session helper's;
tests/api/test_delegation.py also walks the real login), asks for consent with a PKCE challenge,
approves, and exchanges the code at the token endpoint.
"""

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.api.actions import NewApiClient, do_create_api_client
from ksmm.partners.models import Organisation
from tests.api.conftest import basic_credentials
from tests.auth import sign_in
from tests.conftest import canton_client

REDIRECT_URI = "https://fallsystem.example/callback"


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str


def pkce() -> Pkce:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return Pkce(verifier=verifier, challenge=base64.urlsafe_b64encode(digest).decode().rstrip("="))


def delegating_client(
    organisation: Organisation, *, scopes: list[str], schema: str = "zh", name: str = "Fallsystem"
) -> NewApiClient:
    with schema_context(schema):
        return do_create_api_client(organisation=organisation, name=name, scopes=scopes, redirect_uris=[REDIRECT_URI])


def authorize_query(api_client: NewApiClient, *, scope: str, challenge: str, **overrides: str) -> str:
    fields = {
        "response_type": "code",
        "client_id": api_client.client.application.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": scope,
        "state": "st-123",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **overrides,
    }
    return "/api/oauth/authorize/?" + urlencode(fields)


def approve(browser: Client, api_client: NewApiClient, *, scope: str, challenge: str) -> Any:
    """GET the consent screen, then POST its form with `allow`: the response redirects."""
    page = browser.get(authorize_query(api_client, scope=scope, challenge=challenge))
    assert page.status_code == 200, page.content[:500]
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    return browser.post("/api/oauth/authorize/", {**data, "allow": "on"})


def code_from(response: Any) -> str:
    assert response.status_code == 302, response.content[:500]
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return parse_qs(location.query)["code"][0]


def exchange(client: Client, api_client: NewApiClient, **fields: str) -> Any:
    return client.post(
        "/api/oauth/token/",
        urlencode({"redirect_uri": REDIRECT_URI, **fields}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic_credentials(api_client),
    )


def delegated_tokens(person: User, api_client: NewApiClient, *, scope: str, host: str = "zh") -> dict[str, Any]:
    """The token response after `person` approved `scope` for `api_client`."""
    browser = sign_in(canton_client(host), person)
    pair = pkce()
    code = code_from(approve(browser, api_client, scope=scope, challenge=pair.challenge))
    response = exchange(
        canton_client(host), api_client, grant_type="authorization_code", code=code, code_verifier=pair.verifier
    )
    assert response.status_code == 200, response.content
    return dict(response.json())


def delegated_token(person: User, api_client: NewApiClient, *, scope: str) -> str:
    return str(delegated_tokens(person, api_client, scope=scope)["access_token"])
