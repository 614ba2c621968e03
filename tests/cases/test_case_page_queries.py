"""The case pages ask the gate once (DESIGN.md 3): their SQL statements, pinned as absolute numbers.

Counted after a warm-up request, so per-process caches (permission ids) are full. About half of
the statements are `SET search_path`, one before each query (django-tenants without
TENANT_LIMIT_SET_CALLS); the second number counts the others. Before the gate returned its
decision, the case page ran 158 statements (79 besides SET search_path) for the police officer
and 146 (73) for victim aid.
"""

import pytest

from cases.models import Case
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

from .conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "statements", "without_search_path"),
    [
        ("", 114, 57),
        ("identity/", 34, 17),
        ("investigation/", 34, 17),
        ("grants/", 30, 15),
        ("refer/", 23, 12),
    ],
)
def test_a_police_officers_case_pages_run_a_fixed_number_of_statements(
    cast: Cast, rosa: Case, page: str, statements: int, without_search_path: int
) -> None:
    client = sign_in(canton_client("zh"), cast.polly)
    assert_statements(client, f"/cases/{rosa.pk}/{page}", statements, without_search_path=without_search_path)


@pytest.mark.parametrize(
    ("page", "statements", "without_search_path"),
    [
        ("", 108, 54),
        ("identity/", 32, 16),
        ("counselling/", 32, 16),
        ("consents/", 33, 17),
        ("grants/", 28, 14),
        ("refer/", 21, 11),
    ],
)
def test_victim_aids_case_pages_run_a_fixed_number_of_statements(
    cast: Cast, rosa: Case, page: str, statements: int, without_search_path: int
) -> None:
    client = sign_in(canton_client("zh"), cast.vera)
    assert_statements(client, f"/cases/{rosa.pk}/{page}", statements, without_search_path=without_search_path)
