"""Errors are RFC 9457 problem documents, in the language of the request."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from tests.auth import sign_in
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_problem_has_type_title_status_and_detail(zh_client: Client) -> None:
    response = zh_client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "code"}
    assert body["type"] == "about:blank"
    assert body["status"] == 401
    assert body["code"] == "not_authenticated"


def test_a_problem_is_in_the_cantons_language(zh_client: Client, ge_client: Client) -> None:
    assert zh_client.get("/api/v1/me").json()["title"] == "Anmeldung erforderlich"
    assert ge_client.get("/api/v1/me").json()["title"] == "Authentification requise"


def test_a_problem_is_in_the_members_own_language(zh_client: Client) -> None:
    with schema_context("zh"):
        italian = MembershipFactory(user__language="it").user
    sign_in(zh_client, italian)
    body = zh_client.get("/api/v1/nowhere").json()
    assert body["status"] == 404
    assert body["title"] == "Non trovato"


def test_an_unknown_api_path_is_a_404_problem(zh_client: Client, alice: User) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get("/api/v2/everything")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_wrong_method_is_a_405_problem(zh_client: Client, alice: User) -> None:
    sign_in(zh_client, alice)
    response = zh_client.delete("/api/v1/me")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 405


def test_a_browser_asking_for_html_still_gets_a_problem(zh_client: Client) -> None:
    response = zh_client.get("/api/v1/organisations/", HTTP_ACCEPT="text/html")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_too_many_requests_is_a_429_problem(zh_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from ksmm.api.throttling import AnonymousRateThrottle

    monkeypatch.setattr(AnonymousRateThrottle, "THROTTLE_RATES", {"anonymous": "2/min"})
    statuses = [zh_client.get("/api/v1/me").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    response = zh_client.get("/api/v1/me")
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
