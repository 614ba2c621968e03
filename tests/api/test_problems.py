"""Errors are RFC 9457 problem documents, in the language of the request."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from tests.api.world import World
from tests.auth import sign_in
from tests.conftest import canton_client
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


def test_a_problem_that_echoes_a_lone_surrogate_can_still_be_sent() -> None:
    from ksmm.api.problems import ProblemJSONRenderer

    body = ProblemJSONRenderer().render({"errors": [{"detail": '"\ud800" is not a valid choice.'}]})
    assert b"\\ud800" in body


def test_options_on_a_case_checklist_describes_the_put_to_a_member(world: World) -> None:
    client = sign_in(canton_client("zh"), world.vicky)
    response = client.options(f"/api/v1/cases/{world.case.pk}/checklist/")
    assert response.status_code == 200
    assert "observations" in response.json()["actions"]["PUT"]


def test_a_json_body_nested_too_deeply_is_a_400_problem_in_the_callers_language(world: World) -> None:
    client = sign_in(canton_client("zh"), world.vicky)
    body = '{"text": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client.post(f"/api/v1/cases/{world.case.pk}/evidence-notes/", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == (
        "Le corps de la requête imbrique des tableaux et des objets sur plus de 32 niveaux."
    )
