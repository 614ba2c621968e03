"""The case pages ask the gate once (DESIGN.md 3): their SQL statements, pinned as absolute numbers.

Counted after a warm-up request, so per-process caches (permission ids, host, caller) are full.
The second number counts the statements besides `SET search_path`, which django-tenants now
sends once per schema switch (TENANT_LIMIT_SET_CALLS). Before the gate returned its decision and
the caller was kept, the case page ran 158 statements (79 besides SET search_path) for the
police officer and 146 (73) for victim aid; before its audit entries were written together and
the view, panels and timeline shared their reads, 54 (53) and 51 (50); then 22 (21). Now 23 (22)
for both: the kinds of step and the sections most cases leave empty (attachments, criminal
proceedings and claims, the operation a case came from) are asked about in one statement
(cases/facts.py), and each reads its table only where the case holds something there.
The steps page ran 18 (17) for the police and 14 (13) for victim aid before its kinds without a
step cost no read. The register's operations offered on the police's operation form add one to
the steps page.
"""

import pytest
from django_tenants.utils import schema_context

from cases.models import Case, Referral
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

from .conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "statements", "without_search_path"),
    [
        ("", 23, 22),
        ("identity/", 12, 11),  # the signal of a match in another canton: one query
        ("investigation/", 11, 10),
        ("grants/", 11, 10),
        ("refer/", 8, 7),
        ("steps/", 13, 12),
        ("identification/", 16, 15),
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
        ("", 23, 22),
        ("identity/", 11, 10),  # the signal of a match in another canton: one query
        ("counselling/", 10, 9),
        ("consents/", 11, 10),
        ("grants/", 10, 9),
        ("refer/", 7, 6),
        ("steps/", 10, 9),
        ("identification/", 15, 14),
    ],
)
def test_victim_aids_case_pages_run_a_fixed_number_of_statements(
    cast: Cast, rosa: Case, page: str, statements: int, without_search_path: int
) -> None:
    client = sign_in(canton_client("zh"), cast.vera)
    assert_statements(client, f"/cases/{rosa.pk}/{page}", statements, without_search_path=without_search_path)


def test_the_referral_page_runs_a_fixed_number_of_statements_for_its_recipient(cast: Cast, rosa: Case) -> None:
    """A referral from the police to the NGO, its page seen by the NGO before accepting:
    5 statements (4 besides SET search_path)."""
    sender = sign_in(canton_client("zh"), cast.polly)
    refer = {"recipient": cast.ngo.pk, "compartments": [], "message": "Bitte übernehmen"}
    assert sender.post(f"/cases/{rosa.pk}/refer/", refer).status_code == 302
    with schema_context("zh"):
        referral = Referral.objects.get(case=rosa)
    client = sign_in(canton_client("zh"), cast.nora)
    assert_statements(client, f"/cases/referrals/{referral.pk}/", 5, without_search_path=4)
