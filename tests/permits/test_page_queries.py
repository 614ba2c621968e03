"""The residence pages' SQL statements, pinned as absolute numbers (STYLE.md rule 10).

Counted with tests/queries.py after a warm-up request, on the world of conftest.py (Rosa with
a granted reflection period and an L permit request; Lena with a period awaiting the decision).
The numbers (all, and besides SET search_path) are in the parameters below.
"""

import pytest
from django.urls import reverse

from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

from .conftest import Cast, World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "name", "subject", "statements", "without_search_path"),
    [
        ("vera", "permits:case", "rosa", 13, 12),
        ("mia", "permits:case", "rosa", 14, 13),
        ("mia", "permits:reflection_decide", "requested", 7, 6),
        ("mia", "permits:permit_decide", "permit", 8, 7),
        ("vera", "permits:permit", "permit", 7, 6),
        ("mia", "permits:permit", "permit", 8, 7),
        ("polly", "permits:presence_notice", "granted", 5, 4),
    ],
)
def test_the_residence_pages_run_a_fixed_number_of_statements(  # noqa: PLR0917 - parameters
    cast: Cast, world: World, persona: str, name: str, subject: str, statements: int, without_search_path: int
) -> None:
    client = sign_in(canton_client("zh"), getattr(cast, persona))
    path = reverse(name, args=[getattr(world, subject).pk])
    assert_statements(client, path, statements, without_search_path=without_search_path)
