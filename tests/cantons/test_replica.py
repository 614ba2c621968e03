"""Reads from the streaming replica where asked, writes never there (ksmm/cantons/replica.py).

The `replica` alias of the test settings is a second connection to the test database whose
sessions refuse every write (default_transaction_read_only), so a write routed there fails
loudly. It cannot see what a test wrote in its own (uncommitted) transaction: a row a test
created is missing from a read that went to the replica, which is how these tests tell where a
read went, besides the statements captured on each connection.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

import config.settings.base as base_settings
from cases.models import Case
from cases.steps.actions import do_save_step
from cases.steps.models import Interview
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction, AuditEntry
from ksmm.cantons.replica import REPLICA, ReplicaRouter, follow_tenant, reads_from_replica
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.factories import open_test_case
from tests.personas import ALICE, BOB, CARLA, member, membership, new_organisation

pytestmark = pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA])

ZH_COMMITTED = "Replikat-Prüfstelle Zürich"
GE_COMMITTED = "Service réplique Genève"
WRITES = ("INSERT", "UPDATE", "DELETE")
NEW_ORGANISATION = {"name": "Fachstelle Replik", "type": "ngo", "town": "Winterthur", "postal_code": "8400"}


@pytest.fixture(scope="module")
def committed_organisations(django_db_setup: None, django_db_blocker) -> Iterator[dict[str, int]]:  # type: ignore[no-untyped-def]
    """One organisation committed in ZH and one in GE, which the replica connection can see."""
    with django_db_blocker.unblock():
        ids = {
            "zh": new_organisation("zh", Organisation.Type.NGO, ZH_COMMITTED).pk,
            "ge": new_organisation("ge", Organisation.Type.NGO, GE_COMMITTED).pk,
        }
        connection.set_schema_to_public()
    yield ids
    with django_db_blocker.unblock():
        for canton, pk in ids.items():
            with schema_context(canton):
                Organisation.objects.filter(pk=pk).delete()
        connection.set_schema_to_public()


@pytest.fixture
def replica_on(settings: Any) -> None:
    settings.KSMM_REPLICA_READS = True


@pytest.fixture
def alice_membership(db: None) -> Membership:
    return membership(ALICE)


@pytest.fixture
def alice(alice_membership: Membership) -> User:
    return alice_membership.user  # type: ignore[return-value]


def _captured(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def _sql(context: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in context.captured_queries]


def _names(response_json: dict[str, object]) -> set[str]:
    return {str(row["name"]) for row in response_json["results"]}  # type: ignore[attr-defined]


def test_a_write_on_the_replica_connection_fails(committed_organisations: dict[str, int]) -> None:
    with schema_context("zh"), pytest.raises(DatabaseError, match="read-only transaction"):
        Organisation.objects.using(REPLICA).create(name="Nie geschrieben", type=Organisation.Type.NGO)


@pytest.mark.usefixtures("replica_on")
def test_the_api_list_of_zh_reads_its_page_from_the_replica_in_zh_schema(
    zh_client: Client, alice_membership: Membership, committed_organisations: dict[str, int]
) -> None:
    sign_in(zh_client, alice_membership.user)  # type: ignore[arg-type]
    with _captured(DEFAULT_DB_ALIAS) as primary, _captured(REPLICA) as replica:
        response = zh_client.get("/api/v1/organisations/?page_size=200")
    assert response.status_code == 200
    names = _names(response.json())
    # The committed ZH row, not GE's, and not Alice's own organisation: that one exists only in
    # the test's transaction on the primary, so the page came from the replica.
    assert ZH_COMMITTED in names
    assert GE_COMMITTED not in names
    assert alice_membership.organisation.name not in names
    assert any("partners_organisation" in sql for sql in _sql(replica))
    assert not any("partners_organisation" in sql for sql in _sql(primary))
    assert not any(sql.lstrip().upper().startswith(WRITES) for sql in _sql(replica))
    # The session and the user were read on the primary, before the page.
    assert any("django_session" in sql for sql in _sql(primary))
    assert any("accounts_user" in sql for sql in _sql(primary))


@pytest.mark.usefixtures("replica_on")
def test_the_api_list_of_ge_sees_ge_rows_only(ge_client: Client, committed_organisations: dict[str, int]) -> None:
    sign_in(ge_client, member(BOB))
    response = ge_client.get("/api/v1/organisations/?page_size=200")
    assert response.status_code == 200
    names = _names(response.json())
    assert GE_COMMITTED in names
    assert ZH_COMMITTED not in names


@pytest.mark.usefixtures("replica_on")
def test_the_api_list_pins_its_statements_on_each_connection(
    zh_client: Client, alice: User, committed_organisations: dict[str, int]
) -> None:
    sign_in(zh_client, alice)
    assert zh_client.get("/api/v1/organisations/").status_code == 200
    with _captured(DEFAULT_DB_ALIAS) as primary, _captured(REPLICA) as replica:
        assert zh_client.get("/api/v1/organisations/").status_code == 200
    # Replica: the search path, the lag check, the page.
    assert len(replica.captured_queries) == 3, _sql(replica)
    # Primary: the search path, the session, the user (the membership is remembered per session).
    assert len(primary.captured_queries) == 3, _sql(primary)


def test_the_replica_connection_follows_every_schema_switch_of_the_primary() -> None:
    with schema_context("zh"):
        assert connections[REPLICA].schema_name == "zh"  # type: ignore[attr-defined]
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SHOW search_path")
            assert cursor.fetchone()[0].split(",")[0].strip('" ') == "zh"
        with schema_context("ge"), connections[REPLICA].cursor() as cursor:
            cursor.execute("SHOW search_path")
            assert cursor.fetchone()[0].split(",")[0].strip('" ') == "ge"
    assert connections[REPLICA].schema_name == "public"  # type: ignore[attr-defined]


def test_only_the_primary_connection_is_followed() -> None:
    """The hook runs for every connection's set_tenant; the replica's own must not recurse."""
    with schema_context("zh"):
        follow_tenant(connections[REPLICA], connection.tenant)
        assert connections[REPLICA].schema_name == "zh"  # type: ignore[attr-defined]


@pytest.mark.usefixtures("replica_on")
def test_the_main_writes_inside_a_replica_block_all_go_to_the_primary(alice_membership: Membership) -> None:
    """Intake, a step, a read's audit entry: each would fail on the read-only replica."""
    alice, organisation = alice_membership.user, alice_membership.organisation
    assert isinstance(alice, User)
    with schema_context("zh"), reads_from_replica() as scope, _captured(REPLICA) as replica:
        assert scope.usable
        case = open_test_case(organisation=organisation, pseudonym="Replika")
        do_save_step(acting_user=alice, organisation=organisation, step=Interview(case=case, held_on=date(2026, 3, 3)))
        do_record(actor=alice, action=AuditAction.READ, obj=case, compartment=Compartment.IDENTITY)
        assert Case.objects.filter(pk=case.pk).exists()
        assert AuditEntry.objects.filter(object_id=str(case.pk)).count() >= 3
    assert not any(sql.lstrip().upper().startswith(WRITES) for sql in _sql(replica)), _sql(replica)


@pytest.mark.usefixtures("replica_on")
def test_an_api_post_with_the_router_active_never_touches_the_replica(zh_client: Client) -> None:
    sign_in(zh_client, member(CARLA))
    with _captured(REPLICA) as replica:
        created = zh_client.post("/api/v1/organisations/", NEW_ORGANISATION, content_type="application/json")
    assert created.status_code == 201, created.content
    assert replica.captured_queries == []


@pytest.mark.usefixtures("replica_on")
def test_a_model_written_in_the_block_is_read_back_from_the_primary(
    committed_organisations: dict[str, int],
) -> None:
    with schema_context("zh"), reads_from_replica():
        assert Organisation.objects.filter(name=ZH_COMMITTED).exists()
        assert ReplicaRouter().db_for_read(Organisation) == REPLICA
        Organisation.objects.create(name="Gerade geschrieben", type=Organisation.Type.NGO)
        assert ReplicaRouter().db_for_read(Organisation) == DEFAULT_DB_ALIAS
        assert Organisation.objects.filter(name="Gerade geschrieben").exists()
        assert ReplicaRouter().db_for_read(Case) == REPLICA


@pytest.mark.usefixtures("replica_on")
def test_an_object_read_from_the_replica_is_saved_on_the_primary(committed_organisations: dict[str, int]) -> None:
    with schema_context("zh"):
        with reads_from_replica():
            organisation = Organisation.objects.get(pk=committed_organisations["zh"])
        assert organisation._state.db == REPLICA
        organisation.phone = "044 000 00 00"
        organisation.save()  # the test's transaction rolls it back
        assert Organisation.objects.get(pk=organisation.pk).phone == "044 000 00 00"


@pytest.mark.usefixtures("replica_on")
def test_reads_inside_a_transaction_of_the_code_go_to_the_primary(committed_organisations: dict[str, int]) -> None:
    from django.db import transaction

    with schema_context("zh"), reads_from_replica():
        assert ReplicaRouter().db_for_read(Organisation) == REPLICA
        with transaction.atomic():
            assert ReplicaRouter().db_for_read(Organisation) == DEFAULT_DB_ALIAS
        assert ReplicaRouter().db_for_read(Organisation) == REPLICA


def test_outside_a_block_or_with_replica_reads_off_everything_reads_the_primary() -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Organisation) == DEFAULT_DB_ALIAS
    with reads_from_replica() as scope:  # KSMM_REPLICA_READS is off in the test settings
        assert not scope.usable
        assert router.db_for_read(Organisation) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Organisation) == DEFAULT_DB_ALIAS


@pytest.mark.usefixtures("replica_on")
def test_a_replica_lagging_past_the_bound_is_not_used(settings: Any) -> None:
    settings.KSMM_REPLICA_MAX_LAG_SECONDS = -1.0  # the test replica lags 0 s: past this bound
    with reads_from_replica() as scope, _captured(REPLICA) as replica:
        assert not scope.usable
        assert ReplicaRouter().db_for_read(Organisation) == DEFAULT_DB_ALIAS
    assert len(replica.captured_queries) == 0


@pytest.mark.usefixtures("replica_on")
def test_a_replica_that_cannot_be_reached_sends_the_reads_to_the_primary(
    zh_client: Client, alice_membership: Membership
) -> None:
    replica = connections[REPLICA]
    replica.close()
    port = replica.settings_dict["PORT"]
    replica.settings_dict["PORT"] = "1"
    try:
        sign_in(zh_client, alice_membership.user)  # type: ignore[arg-type]
        response = zh_client.get("/api/v1/organisations/?page_size=200")
        assert response.status_code == 200
        assert alice_membership.organisation.name in _names(response.json())
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port


def test_without_a_replica_url_there_is_no_replica_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    configured = base_settings.databases("postgres://ksmm@db/ksmm", conn_max_age=0)
    assert list(configured) == ["default"]


def test_a_replica_url_adds_a_read_only_alias_mirrored_in_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://ksmm@db-replica:5432/ksmm")
    configured = base_settings.databases("postgres://ksmm@pgbouncer:6432/ksmm", conn_max_age=60)
    replica = configured["replica"]
    assert replica["HOST"] == "db-replica"
    assert replica["ENGINE"] == "django_tenants.postgresql_backend"
    assert "default_transaction_read_only=on" in replica["OPTIONS"]["options"]  # type: ignore[index]
    assert replica["TEST"] == {"MIRROR": "default"}


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_without_a_replica_alias_the_router_and_the_hook_do_nothing(settings: Any) -> None:
    settings.KSMM_REPLICA_READS = True
    settings.DATABASES = {DEFAULT_DB_ALIAS: settings.DATABASES[DEFAULT_DB_ALIAS]}
    with reads_from_replica() as scope:
        assert not scope.usable
        assert ReplicaRouter().db_for_read(Organisation) == DEFAULT_DB_ALIAS
    before = connections[REPLICA].schema_name  # type: ignore[attr-defined]
    with schema_context("zh"):
        assert connections[REPLICA].schema_name == before  # type: ignore[attr-defined]
