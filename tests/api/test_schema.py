"""The OpenAPI schema is valid, and the API keeps to it without server errors."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import Client
from django.utils.crypto import get_random_string
from django_tenants.utils import schema_context
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from ksmm.accounts.models import User
from ksmm.api.actions import do_create_api_client
from ksmm.api.scopes import WRITE_SCOPES
from tests.access_inventory import STEP_KEYS
from tests.api.conftest import bearer, obtain_token
from tests.api.world import World
from tests.auth import sign_in
from tests.conftest import canton_client

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
        "/api/v1/changes/",
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
        "/api/v1/operations/",
        "/api/v1/operations/{id}/",
        "/api/v1/referrals/",
        "/api/v1/referrals/{id}/",
        "/api/v1/referrals/{id}/accept/",
        "/api/v1/referrals/{id}/decline/",
        "/api/v1/referrals/{id}/done/",
        "/api/v1/referrals/{id}/revoke/",
        "/api/v1/transfers/",
        "/api/v1/transfers/{id}/",
        "/api/v1/transfers/{id}/accept/",
        "/api/v1/transfers/{id}/decline/",
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
        "/api/v1/reflection-periods/{id}/extend/",
        "/api/v1/reflection-periods/{id}/decide-extension/",
        "/api/v1/permit-requests/",
        "/api/v1/permit-requests/{id}/",
        "/api/v1/permit-requests/{id}/decide/",
        "/api/v1/indicators/",
        "/api/v1/indicators/{id}/",
        "/api/v1/cases/{case_id}/checklist/",
        "/api/v1/cases/{case_id}/assessments/",
        "/api/v1/cases/{case_id}/attachments/",
        "/api/v1/cases/{case_id}/attachments/{id}/download/",
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
# Examples per operation and caller: every operation of the schema (about 150) is called
# with a session and with a token within the suite's time budget.
EXAMPLES = 5


@contextmanager
def _wsgi_keeps_the_test_connection() -> Iterator[None]:
    """As Django's test client does: the WSGI handler would close the connection (and the
    test's transaction with it) at the end of each request. (The test client connects the
    handler again after each of its own requests: use it before, not inside.)"""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def every_scope_token(world: World) -> str:
    """A client of vicky's organisation holding every read scope there is (names may change);
    write scopes are for delegated tokens only (tests/api/test_delegated_fuzz.py)."""
    scopes = sorted(set(django_settings.OAUTH2_PROVIDER["SCOPES"]) - WRITE_SCOPES)
    with schema_context("zh"):
        api_client = do_create_api_client(organisation=world.aid, name="Fallsystem Opferhilfe", scopes=scopes)
    response = obtain_token(canton_client("zh"), api_client, scope=" ".join(scopes))
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])


def _session_headers(world: World) -> dict[str, str]:
    """Vicky's verified session, with a CSRF token for writes. (Sent as a Cookie header by
    _with_cookie: the WSGI client schemathesis uses drops that header.)"""
    client = sign_in(canton_client("zh"), world.vicky)
    csrf = get_random_string(32)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    cookies = f"{django_settings.SESSION_COOKIE_NAME}={session}; {django_settings.CSRF_COOKIE_NAME}={csrf}"
    return {**ZH_HOST, "Cookie": cookies, "X-CSRFToken": csrf, "Referer": "http://zh.localhost/"}


def _with_cookie(cookie: str | None) -> Any:
    if cookie is None:
        return application

    def with_cookie(environ: dict[str, Any], start_response: Any) -> Any:
        return application({**environ, "HTTP_COOKIE": cookie}, start_response)

    return with_cookie


def _with_world_ids(case: Any, world: World) -> None:
    """Points the path parameters at objects that exist, so bodies get past the gates."""
    if case.path_parameters:
        case.path_parameters = {name: world.parameter(case.operation.path, name) for name in case.path_parameters}


def _call_every_operation(world: World, headers: dict[str, str]) -> tuple[int, int, list[str]]:
    """Calls every operation with generated requests; returns operations, cases, failures."""
    raw_schema = sign_in(canton_client("zh"), world.vicky).get("/api/schema/?format=json").json()
    api_schema = schemathesis.openapi.from_dict(raw_schema)
    api_schema.app = _with_cookie(headers.get("Cookie"))
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= len(api_schema.raw_schema["paths"])
    failures: list[str] = []
    counter = [0, 0]  # calls, successes
    with _wsgi_keeps_the_test_connection():
        for operation in operations:
            _call(operation, world, headers, failures, counter)
    # A credential that stopped working would leave nothing but 401s to check.
    assert counter[1] >= 50, f"only {counter[1]} of {counter[0]} requests got past the gate"
    return len(operations), counter[0], failures


def _call(
    operation: Any,
    world: World,
    headers: dict[str, str],
    failures: list[str],
    counter: list[int],
) -> None:
    """Sends EXAMPLES generated requests to one operation, half of them about real objects."""
    name = f"{operation.method.upper()} {operation.path}"

    @given(case=operation.as_strategy(), real_ids=st.booleans())
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def answers_by_its_schema(case: Any, real_ids: bool) -> None:
        if real_ids:
            _with_world_ids(case, world)
        with transaction.atomic():  # rolled back: the next request finds the world as it was
            response = case.call(headers=headers)
            counter[0] += 1
            counter[1] += 200 <= response.status_code < 300
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collected: one run shows all
            failures.append(f"{name}: {response.status_code} {str(error)[:400]}")

    answers_by_its_schema()


def test_every_operation_keeps_to_its_schema_for_a_person(world: World) -> None:
    operations, calls, failures = _call_every_operation(world, _session_headers(world))
    print(f"schemathesis, session: {operations} operations, {calls} cases, {len(failures)} failing")
    assert failures == [], "\n".join(sorted(set(failures)))


def test_every_operation_keeps_to_its_schema_for_a_client(world: World, every_scope_token: str) -> None:
    operations, calls, failures = _call_every_operation(world, {**ZH_HOST, **_bearer(every_scope_token)})
    print(f"schemathesis, token: {operations} operations, {calls} cases, {len(failures)} failing")
    assert failures == [], "\n".join(sorted(set(failures)))


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": bearer(token)["HTTP_AUTHORIZATION"]}
