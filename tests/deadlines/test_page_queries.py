"""The deadline pages' SQL statements, pinned as absolute numbers (STYLE.md rule 10).

Counted with tests/queries.py after a warm-up request, with one open deadline on a case of the
police: the numbers (all, and besides SET search_path) are in the parameters below.
"""

import pytest
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

from .test_views import open_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "path", "statements", "without_search_path"),
    [
        ("alice", "/deadlines/", 5, 4),
        ("carla", "/deadlines/canton/", 5, 4),
        ("adam", "/deadlines/rules/", 5, 4),
    ],
)
def test_the_deadline_pages_run_a_fixed_number_of_statements(  # noqa: PLR0917 - parameters
    request: pytest.FixtureRequest,
    zh_case: Case,
    zh_police: Organisation,
    persona: str,
    path: str,
    statements: int,
    without_search_path: int,
) -> None:
    with schema_context("zh"):
        open_for(zh_case, zh_police)
    client = sign_in(canton_client("zh"), request.getfixturevalue(persona))
    assert_statements(client, path, statements, without_search_path=without_search_path)
