"""Notices over the API: the catalogue, and a case's deliveries listed and recorded."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.api.actions import do_create_api_client
from ksmm.partners.models import Organisation
from notices.models import NoticeDelivery, NoticeText
from tests.api.conftest import bearer, obtain_token
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_count, captured

from .conftest import yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _text(language: str = "ro") -> NoticeText:
    return NoticeText.objects.get(version__status="published", version__notice__kind="assistance", language=language)


def _payload(text: NoticeText, **changes: object) -> dict[str, object]:
    return {
        "text": text.pk,
        "delivered_on": yesterday().isoformat(),
        "method": "interpreter",
        "interpreter": "Ioana Popescu",
        "acknowledged": True,
        "unreviewed_reason": "Review pending",
        **changes,
    }


def test_a_member_reads_the_catalogue_with_every_shipped_language(vera: User) -> None:
    client = sign_in(canton_client("zh"), vera)
    listing = client.get("/api/v1/notices/")
    assert listing.status_code == 200
    notices = listing.json()
    assert [notice["kind"] for notice in notices] == ["assistance", "victims_rights", "reflection_period", "minors"]
    assert len(notices[0]["texts"]) == 14
    assert {text["review"] for text in notices[0]["texts"]} == {"awaiting"}
    assert client.get(f"/api/v1/notices/{notices[0]['id']}/").json()["version"] == 1


def test_an_aid_worker_records_and_lists_a_delivery(vera: User, zh_case: Case) -> None:
    client = sign_in(canton_client("zh"), vera)
    with schema_context("zh"):
        text = _text()
    created = client.post(
        f"/api/v1/cases/{zh_case.pk}/notice-deliveries/", _payload(text), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["language"] == "ro"
    listing = client.get(f"/api/v1/cases/{zh_case.pk}/notice-deliveries/").json()
    assert [(row["notice"], row["version"], row["interpreter"]) for row in listing["results"]] == [
        ("assistance", 1, "Ioana Popescu")
    ]


def test_a_delivery_without_interpreter_name_is_a_problem_and_nothing_is_saved(vera: User, zh_case: Case) -> None:
    client = sign_in(canton_client("zh"), vera)
    with schema_context("zh"):
        text = _text()
    response = client.post(
        f"/api/v1/cases/{zh_case.pk}/notice-deliveries/",
        _payload(text, interpreter=""),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "interpreter" in response.content.decode()
    with schema_context("zh"):
        assert not NoticeDelivery.objects.filter(case=zh_case).exists()


def test_a_party_without_identity_reads_deliveries_without_language(vera: User, kesb_karl: User, zh_case: Case) -> None:
    with schema_context("zh"):
        text = _text()
    sign_in(canton_client("zh"), vera).post(
        f"/api/v1/cases/{zh_case.pk}/notice-deliveries/", _payload(text), content_type="application/json"
    )
    rows = sign_in(canton_client("zh"), kesb_karl).get(f"/api/v1/cases/{zh_case.pk}/notice-deliveries/").json()
    assert [(row["language"], row["interpreter"]) for row in rows["results"]] == [(None, None)]


def test_outsiders_and_non_parties_find_nothing(paul: User, bob: User, zh_case: Case) -> None:
    with schema_context("zh"):
        text = _text()
    for user in (paul, bob):
        client = sign_in(canton_client("zh"), user)
        url = f"/api/v1/cases/{zh_case.pk}/notice-deliveries/"
        assert client.get(url).status_code == 404
        assert client.post(url, _payload(text), content_type="application/json").status_code == 404
    assert sign_in(canton_client("zh"), bob).get("/api/v1/notices/").status_code == 404


def test_a_cantonal_system_reads_but_never_records(zh_client: Client, zh_aid: Organisation, zh_case: Case) -> None:
    with schema_context("zh"):
        api_client = do_create_api_client(organisation=zh_aid, name="Opferhilfe-Fallsystem", scopes=["core", "notices"])
        text = _text()
    token = obtain_token(zh_client, api_client).json()["access_token"]
    url = f"/api/v1/cases/{zh_case.pk}/notice-deliveries/"
    assert zh_client.get("/api/v1/notices/", **bearer(token)).status_code == 200
    assert zh_client.get(url, **bearer(token)).status_code == 200
    assert zh_client.post(url, _payload(text), content_type="application/json", **bearer(token)).status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_the_delivery_endpoint_costs_the_same_queries_for_1_and_50_rows(rows: int, vera: User, zh_case: Case) -> None:
    with schema_context("zh"):
        text = _text()
        NoticeDelivery.objects.bulk_create(
            NoticeDelivery(
                case=zh_case, text=text, delivered_on=yesterday(), delivered_by=vera,
                organisation=zh_case.intake_organisation, method="handed_over", acknowledged=True,
            )
            for _ in range(rows)
        )  # fmt: skip
    client = sign_in(canton_client("zh"), vera)
    client.get(f"/api/v1/cases/{zh_case.pk}/notice-deliveries/")
    with captured() as statements:
        response = client.get(f"/api/v1/cases/{zh_case.pk}/notice-deliveries/")
    assert_count(statements, 6, without_search_path=5)
    assert len(response.json()["results"]) == rows
