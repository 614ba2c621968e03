"""Host to canton, remembered per process: a change to the registry counts on the next request."""

import pytest
from django.core.cache import cache
from django.test import Client

from ksmm.cantons.actions import do_deactivate_canton
from ksmm.cantons.hosts import VERSION_KEY
from ksmm.cantons.models import Domain
from tests.queries import statements_of, touching

pytestmark = pytest.mark.django_db


def domain_queries(client: Client) -> int:
    """Statements on the domain table in one request as it comes, counted with tests/queries.py."""
    return len(touching(statements_of(client, "/accounts/login/", warm_up=False), "cantons_domain"))


def test_a_known_host_is_looked_up_once(zh_client: Client) -> None:
    forget_hosts_remembered_for_this_test()
    assert domain_queries(zh_client) == 1
    assert domain_queries(zh_client) == 0


def forget_hosts_remembered_for_this_test() -> None:
    cache.set(VERSION_KEY, "another version", timeout=None)


def test_deactivating_a_canton_makes_its_host_404_on_the_next_request(zh_client: Client) -> None:
    assert zh_client.get("/accounts/login/").status_code == 200
    assert domain_queries(zh_client) == 0  # served from memory
    do_deactivate_canton(code="ZH")
    assert zh_client.get("/accounts/login/").status_code == 404


def test_another_process_dropping_the_version_counts_as_a_change(zh_client: Client) -> None:
    """What a bump in another process looks like here: the shared version differs."""
    zh_client.get("/accounts/login/")
    Domain.objects.filter(domain="zh.localhost").update(domain="zh-old.localhost")
    cache.set(VERSION_KEY, "changed elsewhere", timeout=None)
    assert zh_client.get("/accounts/login/").status_code == 404


def test_a_flushed_cache_counts_as_a_change(zh_client: Client) -> None:
    zh_client.get("/accounts/login/")
    cache.delete(VERSION_KEY)
    assert domain_queries(zh_client) == 1


def test_a_new_domain_routes_at_once(zh_client: Client) -> None:
    assert Client(HTTP_HOST="zuerich.localhost").get("/accounts/login/").status_code == 404
    Domain.objects.create(domain="zuerich.localhost", tenant=Domain.objects.get(domain="zh.localhost").tenant)
    assert Client(HTTP_HOST="zuerich.localhost").get("/accounts/login/").status_code == 200
