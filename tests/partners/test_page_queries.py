"""The organisation page's SQL statements, pinned as an absolute number (STYLE.md rule 10).

Counted with tests/queries.py after a warm-up request. An organisation with one contact:
6 (5 besides SET search_path) statements.
"""

import pytest
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import ContactPersonFactory
from tests.queries import assert_statements

ORG, ORG_WITHOUT = 6, 5

pytestmark = pytest.mark.django_db


def test_the_organisation_page_runs_a_fixed_number_of_statements(alice: User, zh_police: Organisation) -> None:
    with schema_context("zh"):
        ContactPersonFactory(organisation=zh_police)
    client = sign_in(canton_client("zh"), alice)
    assert_statements(client, f"/partners/{zh_police.pk}/", ORG, without_search_path=ORG_WITHOUT)


def test_the_federal_partner_page_runs_a_fixed_number_of_statements(alice: User) -> None:
    """The SEM, a federal partner from the public schema, read in Zurich: 6 statements (5 besides
    SET search_path)."""
    from ksmm.federal.models import FederalPartner

    sem = FederalPartner.objects.get(short_name="SEM")
    client = sign_in(canton_client("zh"), alice)
    assert_statements(client, f"/partners/federal/{sem.pk}/", 6, without_search_path=5)
