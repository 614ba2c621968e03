"""Pinned statement counts of the register's pages (tests/queries.py), for 1 and for 50 rows."""

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.operations.actions import check_announce
from cases.operations.models import PlannedOperation
from tests.queries import assert_count, assert_statements, statements_of

from .conftest import Cast, client_for, plan

pytestmark = pytest.mark.django_db

LIST = 5
DETAIL_POLICE = 10
DETAIL_AID = 8
INTAKE_POLICE = 5
MY_WORK_AID = 10


def more_operations(cast: Cast, count: int) -> None:
    with schema_context("zh"):
        for _ in range(count):
            operation = plan(cast)
            check_announce(acting_user=cast.polly, operation=operation, organisations=[cast.aid])


@pytest.mark.parametrize("reader", ["polly", "vera"])
def test_the_list_costs_the_same_for_one_and_fifty_operations(cast: Cast, raid: PlannedOperation, reader: str) -> None:
    client = client_for(getattr(cast, reader))
    url = reverse("operations:list")
    one = statements_of(client, url)
    more_operations(cast, 49)
    fifty = statements_of(client, url)
    assert_count(one, LIST)
    assert_count(fifty, LIST)


def test_the_detail_page_of_the_police(cast: Cast, raid: PlannedOperation) -> None:
    assert_statements(client_for(cast.polly), reverse("operations:detail", args=[raid.pk]), DETAIL_POLICE)


def test_the_detail_page_of_victim_aid(cast: Cast, raid: PlannedOperation) -> None:
    assert_statements(client_for(cast.vera), reverse("operations:detail", args=[raid.pk]), DETAIL_AID)


def test_the_intake_page_with_operations_to_pick(cast: Cast, raid: PlannedOperation) -> None:
    more_operations(cast, 9)
    assert_statements(client_for(cast.polly), reverse("cases:intake"), INTAKE_POLICE)


def test_my_work_of_victim_aid_with_announced_operations(cast: Cast, raid: PlannedOperation) -> None:
    client = client_for(cast.vera)
    one = statements_of(client, reverse("work:mine"))
    more_operations(cast, 19)
    assert_count(one, MY_WORK_AID)
    assert_statements(client, reverse("work:mine"), MY_WORK_AID)
