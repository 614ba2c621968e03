"""The OpenAPI schema is valid, and the API keeps to it without server errors."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from ksmm.accounts.models import User
from ksmm.wsgi import application
from tests.access_inventory import STEP_KEYS
from tests.api.conftest import bearer
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3(zh_client: Client, alice: User) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert set(schema["paths"]) == {
        "/api/v1/me",
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/cases/search/",
        "/api/v1/contacts/",
        "/api/v1/contacts/{id}/",
        "/api/v1/federal-partners/",
        "/api/v1/federal-partners/{id}/",
        "/api/v1/agreements/",
        "/api/v1/agreements/{id}/",
        "/api/v1/agreements/{id}/adopt/",
        "/api/v1/agreements/{id}/new-version/",
        "/api/v1/notices/",
        "/api/v1/notices/{id}/",
        "/api/v1/cases/{case_id}/notice-deliveries/",
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/identity/",
        "/api/v1/cases/{id}/counselling-notes/",
        "/api/v1/cases/{id}/evidence-notes/",
        "/api/v1/cases/{id}/consents/",
        "/api/v1/cases/{id}/consents/{consent_id}/revoke/",
        "/api/v1/cases/{id}/timeline/",
        "/api/v1/referrals/",
        "/api/v1/referrals/{id}/",
        "/api/v1/referrals/{id}/accept/",
        "/api/v1/referrals/{id}/decline/",
        "/api/v1/referrals/{id}/done/",
        "/api/v1/referrals/{id}/revoke/",
        *[
            path
            for name in (
                "agreement-sections",
                "agreement-duties",
                "agreement-signatories",
                "sharing-rules",
                "round-tables",
                "round-table-members",
                "meetings",
                "decisions",
                "action-items",
            )
            for path in (f"/api/v1/{name}/", f"/api/v1/{name}/{{id}}/")
        ],
        "/api/v1/meetings/{id}/approve/",
        "/api/v1/deadlines/",
        "/api/v1/inbox/",
        "/api/v1/reflection-periods/",
        "/api/v1/reflection-periods/{id}/",
        "/api/v1/reflection-periods/{id}/decide/",
        "/api/v1/reflection-periods/{id}/end/",
        "/api/v1/reflection-periods/{id}/presence-notice/",
        "/api/v1/permit-requests/",
        "/api/v1/permit-requests/{id}/",
        "/api/v1/permit-requests/{id}/decide/",
        "/api/v1/indicators/",
        "/api/v1/indicators/{id}/",
        "/api/v1/cases/{case_id}/checklist/",
        "/api/v1/cases/{case_id}/assessments/",
        *(f"/api/v1/cases/{{case_id}}/{key}/{suffix}" for key in STEP_KEYS for suffix in ("", "{id}/")),
    }
    assert schema["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["tokenUrl"] == (
        "/api/oauth/token/"
    )


def test_the_swagger_ui_loads_its_assets_from_this_host(zh_client: Client, alice: User) -> None:
    sign_in(zh_client, alice)
    page = zh_client.get("/api/docs/").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn" not in page


ZH_HOST = {"Host": "zh.localhost"}


@pytest.fixture
def _wsgi_keeps_the_test_connection() -> Iterator[None]:
    """As Django's test client does: the WSGI handler would close the connection (and the
    test's transaction with it) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def zh_api_schema(zh_token: str, _wsgi_keeps_the_test_connection: None) -> Any:
    headers = {**ZH_HOST, "Authorization": f"Bearer {zh_token}"}
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers)


def test_the_api_answers_generated_requests_without_server_errors(zh_api_schema: Any, zh_token: str) -> None:
    # schemathesis' own pytest integration predates this pytest; hypothesis drives each
    # operation here instead, with a bounded number of examples.
    headers = {**ZH_HOST, "Authorization": bearer(zh_token)["HTTP_AUTHORIZATION"]}
    operations = [result.ok() for result in zh_api_schema.get_all_operations()]
    # Every operation of the schema is called; the path set is pinned by the test above.
    assert len(operations) >= len(zh_api_schema.raw_schema["paths"])
    statuses: set[int] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def answers_without_server_error(case: Any) -> None:
            response = case.call(headers=headers)
            statuses.add(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])

        answers_without_server_error()
    assert 200 in statuses, "the generated requests never got past the gate"
