"""The case page asks the gate once (DESIGN.md 3): its SQL statements, pinned as absolute numbers.

Counted after a warm-up request, so per-process caches (permission ids) are full. About half of
the statements are `SET search_path`, one before each query (django-tenants without
TENANT_LIMIT_SET_CALLS); the second number counts the others.
"""

import pytest

from cases.models import Case
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

from .conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_case_page_of_a_police_officer_runs_a_fixed_number_of_statements(cast: Cast, rosa: Case) -> None:
    client = sign_in(canton_client("zh"), cast.polly)
    assert_statements(client, f"/cases/{rosa.pk}/", 114, without_search_path=57)


def test_the_case_page_of_victim_aid_runs_a_fixed_number_of_statements(cast: Cast, rosa: Case) -> None:
    client = sign_in(canton_client("zh"), cast.vera)
    assert_statements(client, f"/cases/{rosa.pk}/", 108, without_search_path=54)
