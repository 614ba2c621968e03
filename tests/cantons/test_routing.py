import pytest
from django.test import Client

from tests.queries import assert_count, statements_of

pytestmark = pytest.mark.django_db


def test_a_canton_host_shows_that_canton(zh_client: Client) -> None:
    response = zh_client.get("/")
    assert response.status_code == 200
    assert response.context["canton"].code == "ZH"
    assert "Zürich" in response.content.decode()


def test_the_bare_host_is_the_federal_level_and_lists_active_cantons(federal_client: Client) -> None:
    response = federal_client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["canton"] is None
    for code in ("ZH", "GE", "TI", "BE"):
        assert f"http://{code.lower()}.localhost/" in body
    assert "ju.localhost" not in body, "inactive cantons are not listed"


@pytest.mark.parametrize("host", ["xx.localhost", "lu.localhost", "ju.localhost", "zh.zh.localhost"])
def test_unknown_unprovisioned_and_inactive_hosts_get_the_404_page(host: str) -> None:
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode() or "Page not found" in response.content.decode()


def test_an_unknown_host_gets_404_on_any_path() -> None:
    assert Client(HTTP_HOST="xx.localhost").get("/partners/").status_code == 404


def test_health_is_reachable_on_canton_and_federal_hosts(zh_client: Client, federal_client: Client) -> None:
    assert zh_client.get("/health/")["Content-Type"] == "application/json"
    assert federal_client.get("/health/")["Content-Type"] == "application/json"


def test_the_federal_page_costs_the_same_queries_for_any_number_of_cantons(federal_client: Client) -> None:
    """Counted with tests/queries.py: the first request, and one more canton later, both run 3
    statements (2 besides SET search_path: the cantons, their domains)."""
    from django.core.management import call_command

    before = statements_of(federal_client, "/", warm_up=False)
    call_command("canton", "provision", "UR")
    federal_client.get("/")  # the new canton changed the registry: the host is looked up again once
    after = statements_of(federal_client, "/", warm_up=False)
    assert len(after) == len(before)
    assert_count(before, 3, without_search_path=2)
    assert_count(after, 3, without_search_path=2)
