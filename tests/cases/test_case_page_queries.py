"""The case pages ask the gate once (DESIGN.md 3): their SQL statements, pinned as absolute numbers.

Counted after a warm-up request, so per-process caches (permission ids, host, caller) are full.
The second number counts the statements besides `SET search_path`, which django-tenants now
sends once per schema switch (TENANT_LIMIT_SET_CALLS). Before the gate returned its decision and
the caller was kept, the case page ran 158 statements (79 besides SET search_path) for the
police officer and 146 (73) for victim aid.
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
        ("", 53, 52),
        ("identity/", 13, 12),
        ("investigation/", 13, 12),
        ("grants/", 11, 10),
        ("refer/", 8, 7),
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
        ("", 50, 49),
        ("identity/", 12, 11),
        ("counselling/", 12, 11),
        ("consents/", 13, 12),
        ("grants/", 10, 9),
        ("refer/", 7, 6),
    ],
)
def test_victim_aids_case_pages_run_a_fixed_number_of_statements(
    cast: Cast, rosa: Case, page: str, statements: int, without_search_path: int
) -> None:
    client = sign_in(canton_client("zh"), cast.vera)
    assert_statements(client, f"/cases/{rosa.pk}/{page}", statements, without_search_path=without_search_path)
