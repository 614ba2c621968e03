"""What it costs to learn who is calling: statements for one signed-in API request and one page."""

import pytest
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import open_test_case
from tests.personas import POLLY, member
from tests.queries import assert_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def polly() -> User:
    return member(POLLY, organisation_name="Kantonspolizei Kosten", language="en")


def test_the_case_list_api_costs_a_fixed_number_of_statements(polly: User) -> None:
    with schema_context("zh"):
        open_test_case(organisation=polly_organisation(polly), pseudonym="Eins")
    client = sign_in(canton_client("zh"), polly)
    assert_statements(client, "/api/v1/cases/", 4)


def test_the_case_page_costs_a_fixed_number_of_statements(polly: User) -> None:
    with schema_context("zh"):
        case = open_test_case(organisation=polly_organisation(polly), pseudonym="Eins")
    client = sign_in(canton_client("zh"), polly)
    assert_statements(client, f"/cases/{case.pk}/", 23)  # 22, the assignments; empty sections asked once


def polly_organisation(user: User) -> Organisation:
    from ksmm.memberships.models import Membership

    return Membership.objects.select_related("organisation").get(user=user).organisation
