from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.notifications.scan import insert_due_reminders
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.queries import assert_count, captured

from .conftest import make_case

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/deadlines/", "/api/v1/deadlines/?scope=canton", "/api/v1/inbox/"]


def open_for(case: Case, organisation: Organisation) -> None:
    do_open_deadline(
        rule=RuleKey.REFLECTION_END, anchor=date(2026, 3, 2), subject=case, case=case,
        responsible_organisation=organisation, acting_user=None,
    )  # fmt: skip


def test_a_member_lists_her_deadlines_and_her_inbox(
    zh_client: Client, alice: User, zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        open_for(zh_case, zh_police)
        insert_due_reminders(today=date(2026, 3, 30))
    sign_in(zh_client, alice)
    deadlines = zh_client.get("/api/v1/deadlines/").json()["results"]
    assert [(d["case_number"], d["due_on"], d["rule_key"]) for d in deadlines] == [
        ("ZH-2026-0001", "2026-04-01", "reflection_end")
    ]
    inbox = zh_client.get("/api/v1/inbox/").json()["results"]
    assert [(r["deadline"]["case_number"], r["offset_days"]) for r in inbox] == [("ZH-2026-0001", 3)]


def test_a_coordinator_lists_the_canton(zh_client: Client, carla: User, zh_case: Case, zh_police: Organisation) -> None:
    with schema_context("zh"):
        open_for(zh_case, zh_police)
    sign_in(zh_client, carla)
    assert zh_client.get("/api/v1/deadlines/").json()["results"] == []
    canton = zh_client.get("/api/v1/deadlines/?scope=canton").json()["results"]
    assert [d["case_number"] for d in canton] == ["ZH-2026-0001"]


def test_a_member_may_not_list_the_canton(zh_client: Client, alice: User) -> None:
    response = sign_in(zh_client, alice).get("/api/v1/deadlines/?scope=canton")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_an_outsider_from_ge_gets_404(zh_client: Client, bob: User, path: str) -> None:
    assert sign_in(zh_client, bob).get(path).status_code == 404


@pytest.mark.parametrize("path", ENDPOINTS)
def test_without_credentials_the_api_answers_401(zh_client: Client, path: str) -> None:
    assert zh_client.get(path).status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/deadlines/", "/api/v1/inbox/"])
def test_the_lists_run_the_same_queries_for_1_and_50_rows(
    zh_client: Client, alice: User, zh_police: Organisation, path: str
) -> None:
    """Counted with tests/queries.py, the first request after sign-in and the next: 1 row and 50
    rows both run 4 statements (3 besides SET search_path)."""
    sign_in(zh_client, alice)
    with schema_context("zh"):
        open_for(make_case(number="ZH-2026-3000", organisation=zh_police), zh_police)
        insert_due_reminders(today=date(2026, 4, 20))
    with captured() as one:
        assert len(zh_client.get(path).json()["results"]) == 1
    with schema_context("zh"):
        for index in range(1, 50):
            open_for(make_case(number=f"ZH-2026-{3000 + index}", organisation=zh_police), zh_police)
        insert_due_reminders(today=date(2026, 4, 20))
    with captured() as fifty:
        assert len(zh_client.get(path).json()["results"]) == 50
    assert len(one) == len(fifty)
    assert_count(one, 4, without_search_path=3)
    assert_count(fifty, 4, without_search_path=3)


def client_token(client: Client, organisation: Organisation) -> dict[str, str]:
    from ksmm.api.actions import do_create_api_client
    from tests.api.conftest import bearer, obtain_token

    with schema_context("zh"):
        api_client = do_create_api_client(organisation=organisation, name="Polizei-Fallsystem", scopes=["core"])
    response = obtain_token(client, api_client)
    assert response.status_code == 200, response.content
    return bearer(str(response.json()["access_token"]))


def test_a_cantonal_system_reads_its_organisations_deadlines_but_no_inbox_or_canton(
    zh_client: Client, zh_case: Case, zh_police: Organisation
) -> None:
    from django.core.cache import cache

    cache.clear()
    with schema_context("zh"):
        open_for(zh_case, zh_police)
    headers = client_token(zh_client, zh_police)
    deadlines = zh_client.get("/api/v1/deadlines/", **headers)  # type: ignore[arg-type]
    assert [d["case_number"] for d in deadlines.json()["results"]] == ["ZH-2026-0001"]
    assert zh_client.get("/api/v1/deadlines/?scope=canton", **headers).status_code == 403  # type: ignore[arg-type]
    assert zh_client.get("/api/v1/inbox/", **headers).status_code == 403  # type: ignore[arg-type]
