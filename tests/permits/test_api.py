from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.api.actions import do_create_api_client
from permits import actions, permit_actions
from permits.models import PermitKind, ReflectionPeriod
from tests.api.conftest import bearer, obtain_token
from tests.auth import sign_in
from tests.factories import open_test_case
from tests.permits.conftest import DAY0, Cast
from tests.queries import assert_count, captured

pytestmark = pytest.mark.django_db

JSON = "application/json"
GROUNDS = "Hinweise aus der Beratung"


def _client(user: User, host: str = "zh.localhost") -> Client:
    return sign_in(Client(HTTP_HOST=host), user)


def _request(cast: Cast, case: Case) -> ReflectionPeriod:
    with schema_context("zh"):
        return actions.check_request_reflection_period(
            acting_user=cast.vera, organisation=cast.aid, case=case, addressed_to=cast.migration,
            requested_on=DAY0, grounds=GROUNDS,
        )  # fmt: skip


def test_victim_aid_requests_and_the_migration_office_grants_over_the_api(cast: Cast, rosa: Case) -> None:
    created = _client(cast.vera).post(
        "/api/v1/reflection-periods/",
        {"case": rosa.pk, "addressed_to": cast.migration.pk, "grounds": GROUNDS},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    period_id = created.json()["id"]
    decided = _client(cast.mia).post(
        f"/api/v1/reflection-periods/{period_id}/decide/", {"grant": True, "length_days": 30}, content_type=JSON
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert body["status"] == "granted" and body["length_days"] == 30
    assert body["ends_on"] is not None


@pytest.mark.parametrize(
    ("language", "message"),
    [("de", "mindestens 30 Tage"), ("fr", "au moins 30 jours")],
)
def test_a_period_under_30_days_is_refused_over_the_api_in_the_users_language(
    cast: Cast, rosa: Case, language: str, message: str
) -> None:
    period = _request(cast, rosa)
    User.objects.filter(pk=cast.mia.pk).update(language=language)
    response = _client(User.objects.get(pk=cast.mia.pk)).post(
        f"/api/v1/reflection-periods/{period.pk}/decide/", {"grant": True, "length_days": 29}, content_type=JSON
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert message in response.content.decode()


def test_the_police_read_status_and_dates_but_not_the_grounds(cast: Cast, rosa: Case) -> None:
    _request(cast, rosa)
    police = _client(cast.polly).get("/api/v1/reflection-periods/").json()["results"]
    aid = _client(cast.vera).get("/api/v1/reflection-periods/").json()["results"]
    assert police[0]["status"] == "requested" and police[0]["grounds"] is None
    assert aid[0]["grounds"] == GROUNDS


def test_an_outsider_gets_404_on_every_endpoint(cast: Cast, rosa: Case, gabi: User) -> None:
    period = _request(cast, rosa)
    client = _client(gabi)
    assert client.get("/api/v1/reflection-periods/").status_code == 404
    assert client.get(f"/api/v1/reflection-periods/{period.pk}/").status_code == 404
    for action in ("decide", "end", "presence-notice"):
        assert (
            client.post(f"/api/v1/reflection-periods/{period.pk}/{action}/", {}, content_type=JSON).status_code == 404
        )
    assert client.get("/api/v1/permit-requests/").status_code == 404
    assert client.post("/api/v1/permit-requests/", {}, content_type=JSON).status_code == 404
    assert client.post("/api/v1/permit-requests/1/decide/", {}, content_type=JSON).status_code == 404


def test_a_wrong_role_gets_403_on_every_write(cast: Cast, rosa: Case) -> None:
    period = _request(cast, rosa)
    grant = {"grant": True, "length_days": 30}
    assert (
        _client(cast.vera).post(f"/api/v1/reflection-periods/{period.pk}/decide/", grant, content_type=JSON).status_code
        == 403
    )
    assert (
        _client(cast.max).post(f"/api/v1/reflection-periods/{period.pk}/decide/", grant, content_type=JSON).status_code
        == 403
    )
    assert _client(cast.vera).post(
        f"/api/v1/reflection-periods/{period.pk}/end/", {"reason": "expired", "ended_on": "2026-04-01"},
        content_type=JSON,
    ).status_code == 403  # fmt: skip
    assert (
        _client(cast.mia)
        .post("/api/v1/reflection-periods/", {"case": rosa.pk, "addressed_to": cast.migration.pk}, content_type=JSON)
        .status_code
        == 403
    )
    assert (
        _client(cast.vera)
        .post(f"/api/v1/reflection-periods/{period.pk}/presence-notice/", {"presence_needed": False}, content_type=JSON)
        .status_code
        == 403
    )
    assert (
        _client(cast.mia)
        .post(
            "/api/v1/permit-requests/",
            {"case": rosa.pk, "kind": "L", "addressed_to": cast.migration.pk, "expected_until": "2026-12-31"},
            content_type=JSON,
        )
        .status_code
        == 403
    )
    with schema_context("zh"):
        permit = permit_actions.check_request_permit(
            acting_user=cast.vera, organisation=cast.aid, case=rosa, kind=PermitKind.L, addressed_to=cast.migration,
            requested_on=DAY0, expected_until=date(2026, 12, 31),
        )  # fmt: skip
    assert (
        _client(cast.piet)
        .post(f"/api/v1/permit-requests/{permit.pk}/decide/", {"approve": True}, content_type=JSON)
        .status_code
        == 403
    )


def test_the_migration_office_grants_an_l_permit_over_the_api(cast: Cast, rosa: Case) -> None:
    created = _client(cast.vera).post(
        "/api/v1/permit-requests/",
        {"case": rosa.pk, "kind": "L", "addressed_to": cast.migration.pk, "expected_until": "2026-12-31"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    decided = _client(cast.mia).post(
        f"/api/v1/permit-requests/{created.json()['id']}/decide/",
        {"approve": True, "valid_from": "2026-03-10", "valid_until": "2026-12-31"},
        content_type=JSON,
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "granted"
    assert decided.json()["ech0006_code"] == "070202"


def test_a_system_reads_with_its_token_but_cannot_write(cast: Cast, rosa: Case) -> None:
    _request(cast, rosa)
    with schema_context("zh"):
        api_client = do_create_api_client(organisation=cast.police, name="Polizei-System", scopes=["core", "residence"])
    client = Client(HTTP_HOST="zh.localhost")
    token = obtain_token(client, api_client).json()["access_token"]
    listed = client.get("/api/v1/reflection-periods/", **bearer(token)).json()["results"]
    assert listed[0]["grounds"] is None
    response = client.post(
        "/api/v1/reflection-periods/", {"case": rosa.pk, "addressed_to": cast.migration.pk}, content_type=JSON,
        **bearer(token),
    )  # fmt: skip
    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 50])
def test_the_period_list_pins_its_query_count(count: int, cast: Cast) -> None:
    with schema_context("zh"):
        for number in range(count):
            case = open_test_case(organisation=cast.aid, pseudonym=f"P{number}", opened_on=DAY0)
            actions.check_request_reflection_period(
                acting_user=None, organisation=cast.aid, case=case, addressed_to=cast.migration, requested_on=DAY0
            )
    client = _client(cast.polly)
    client.get("/api/v1/reflection-periods/")
    client = _client(cast.mia)
    client.get("/api/v1/reflection-periods/")
    with captured() as statements:
        response = client.get("/api/v1/reflection-periods/")
    assert len(response.json()["results"]) == count
    assert_count(statements, LIST_QUERIES, without_search_path=4)


LIST_QUERIES = 5
