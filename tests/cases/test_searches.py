"""Searches by name are kept on the server under a token: short-lived, per person and canton."""

import pytest
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from cases.queries import CaseSearch
from cases.searches import SEARCH_LIFETIME, recall_case_search, remember_case_search
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_search_is_recalled_by_its_owner_in_its_canton_only() -> None:
    with schema_context("zh"):
        alice, bob = MembershipFactory().user, MembershipFactory().user
        token = remember_case_search(user=alice, search=CaseSearch(name="Anna Muster", status="open"))
        assert recall_case_search(user=alice, token=token) == CaseSearch(name="Anna Muster", status="open")
        assert recall_case_search(user=bob, token=token) is None
        assert recall_case_search(user=alice, token=token + "x") is None
    with schema_context("ge"):
        assert recall_case_search(user=alice, token=token) is None


def test_a_search_is_forgotten_after_fifteen_minutes() -> None:
    with schema_context("zh"):
        alice = MembershipFactory().user
        token = remember_case_search(user=alice, search=CaseSearch(name="Anna Muster"))
        key = cache.make_key(f"case-search:{connection.schema_name}:{alice.pk}:{token}")
    # The cache is Redis: its clock cannot be moved, its expiry can be read.
    ttl = cache._cache.get_client(key).ttl(key)  # type: ignore[attr-defined]
    assert SEARCH_LIFETIME.total_seconds() - 5 <= ttl <= SEARCH_LIFETIME.total_seconds()
    assert SEARCH_LIFETIME.total_seconds() == 15 * 60
