"""The register over the API: the same rules as the pages, the police part by scope."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.operations.models import PlannedOperation
from ksmm.accounts.models import User
from ksmm.api.actions import do_create_api_client
from ksmm.audit.models import AuditEntry
from tests.api.conftest import bearer, obtain_token
from tests.queries import assert_statements

from .conftest import ADDRESS, MUNICIPALITY, Cast, client_for, plan
from .test_queries import more_operations

pytestmark = pytest.mark.django_db

LIST = "/api/v1/operations/"


def detail(operation: PlannedOperation) -> str:
    return f"/api/v1/operations/{operation.pk}/"


def test_police_read_the_police_part_in_the_detail_only_and_each_read_is_audited(
    cast: Cast, raid: PlannedOperation
) -> None:
    client = client_for(cast.piet)
    listed = {row["reference"]: row for row in client.get(LIST).json()["results"]}
    assert listed[raid.reference]["municipality"] == MUNICIPALITY
    assert all(row["police"] is None for row in listed.values())
    body = client.get(detail(raid)).json()
    assert body["police"]["address"] == ADDRESS
    with schema_context("zh"):
        assert AuditEntry.objects.filter(
            actor_user_id=cast.piet.pk, action="read", object_id=str(raid.pk), compartment="investigation"
        ).exists()


def test_victim_aid_reads_the_announced_part_of_what_it_was_told_and_nothing_else(
    cast: Cast, raid: PlannedOperation
) -> None:
    with schema_context("zh"):
        quiet = plan(cast)
    client = client_for(cast.vera)
    assert [row["id"] for row in client.get(LIST).json()["results"]] == [raid.pk]
    body = client.get(detail(raid)).json()
    assert body["police"] is None and ADDRESS not in str(body)
    assert client.get(detail(quiet)).status_code == 404
    assert client_for(cast.vicky).get(detail(raid)).status_code == 404


@pytest.mark.parametrize("who", ["mia", "karl", "gabi"])
def test_other_organisations_and_outsiders_get_404(cast: Cast, raid: PlannedOperation, gabi: User, who: str) -> None:
    client = client_for(gabi if who == "gabi" else getattr(cast, who))
    for path in (LIST, detail(raid)):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", path


def test_a_police_system_reads_the_police_part_only_with_the_investigation_scope(
    cast: Cast, raid: PlannedOperation
) -> None:
    for scopes, sees in ((["core", "investigation"], True), (["core"], False)):
        with schema_context("zh"):
            system = do_create_api_client(organisation=cast.police, name=f"Fallsystem {len(scopes)}", scopes=scopes)
        zh = Client(HTTP_HOST="zh.localhost")
        token = obtain_token(zh, system).json()["access_token"]
        body = zh.get(detail(raid), **bearer(token)).json()
        assert (body["police"] is not None) is sees


def test_the_list_and_detail_run_a_fixed_number_of_statements(cast: Cast, raid: PlannedOperation) -> None:
    client = client_for(cast.polly)
    assert_statements(client, LIST, 4)
    more_operations(cast, 49)
    assert_statements(client, LIST, 4)
    assert_statements(client, detail(raid), 7)
