"""The API case detail's SQL statements, pinned as absolute numbers (STYLE.md rule 10).

Counted with tests/queries.py after a warm-up request, signed in (session): the numbers (all,
and besides SET search_path) are in the parameters below.
"""

import pytest

from cases.models import Case
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

from .conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "statements", "without_search_path"),
    [("polly", 8, 7), ("vera", 7, 6)],
)
def test_the_api_case_detail_runs_a_fixed_number_of_statements(
    cast: Cast, rosa: Case, persona: str, statements: int, without_search_path: int
) -> None:
    client = sign_in(canton_client("zh"), getattr(cast, persona))
    assert_statements(client, f"/api/v1/cases/{rosa.pk}/", statements, without_search_path=without_search_path)
