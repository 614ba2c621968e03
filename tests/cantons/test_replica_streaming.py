"""The same reads against a real streaming replica of the test cluster (pg_basebackup -R).

tests/cantons/test_replica.py points the `replica` alias at the primary through read-only
sessions; here it points at a hot standby cloned from the embedded cluster and streaming from it,
as in docker-compose.yml: the lag query sees a server in recovery, committed rows arrive by WAL,
and a write is refused by the standby itself.
"""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.cantons.replica import REPLICA, reads_from_replica, replica_lag_seconds
from ksmm.embedded_services import PG_DIR, _as_pg_user, find_pg_bindir
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.personas import ALICE, membership, new_organisation

pytestmark = pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA])

STREAMED = "Gestreamte Fachstelle Zürich"


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=120, **_as_pg_user())


@pytest.fixture(scope="module")
def standby(django_db_setup: None, django_db_blocker) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """A hot standby of the test cluster on the next free socket port, for this module only."""
    bindir = find_pg_bindir()
    if not (bindir / "pg_basebackup").exists():
        pytest.skip("no pg_basebackup among the PostgreSQL binaries")
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    sockets = str(primary["HOST"])
    port = str(5500 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0))
    data = PG_DIR / f"standby-{port}"
    shutil.rmtree(data, ignore_errors=True)
    _run(str(bindir / "pg_basebackup"), "--host", sockets, "--port", str(primary["PORT"] or 5432),
         "--username", str(primary["USER"]), "--pgdata", str(data), "--wal-method", "stream",
         "--write-recovery-conf", "--checkpoint", "fast")  # fmt: skip
    options = f"-c listen_addresses='' -c unix_socket_directories='{sockets}' -c port={port} -c hot_standby=on"
    # As many connections as the primary allows (a standby may not have fewer); fsync off: a throw-away copy.
    options += " -c max_connections=200 -c fsync=off"
    _run(str(bindir / "pg_ctl"), "start", "-w", "-t", "60", "-D", str(data), "-l", str(data / "server.log"),
         "-o", options)  # fmt: skip
    replica = connections[REPLICA]
    saved_port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = port
    try:
        yield {"data": data, "port": port}
    finally:
        replica.close()
        replica.settings_dict["PORT"] = saved_port
        subprocess.run([str(bindir / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate", "-w"],
                       check=False, capture_output=True, timeout=60, **_as_pg_user())  # fmt: skip
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def streamed_organisation(standby: dict[str, Any], django_db_blocker) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """An organisation committed on the primary after the clone: it reaches the standby by WAL."""
    with django_db_blocker.unblock():
        pk = new_organisation("zh", Organisation.Type.NGO, STREAMED).pk
        connection.set_schema_to_public()
    yield pk
    with django_db_blocker.unblock(), schema_context("zh"):
        Organisation.objects.filter(pk=pk).delete()
    with django_db_blocker.unblock():
        connection.set_schema_to_public()


def _until_replayed(pk: int) -> None:
    deadline = time.monotonic() + 30
    with schema_context("zh"):
        while not Organisation.objects.using(REPLICA).filter(pk=pk).exists():
            assert time.monotonic() < deadline, "the standby never replayed the committed row"
            time.sleep(0.1)


def test_the_standby_is_in_recovery_and_refuses_writes(standby: dict[str, Any]) -> None:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    assert replica_lag_seconds() >= 0
    with schema_context("zh"), pytest.raises(DatabaseError, match="read-only transaction"):
        Organisation.objects.using(REPLICA).create(name="Nie geschrieben", type=Organisation.Type.NGO)


def test_an_api_list_reads_a_streamed_row_from_the_standby(
    zh_client: Client, settings: Any, streamed_organisation: int
) -> None:
    settings.KSMM_REPLICA_READS = True
    settings.KSMM_REPLICA_MAX_LAG_SECONDS = 60.0
    _until_replayed(streamed_organisation)
    alice = membership(ALICE)
    sign_in(zh_client, alice.user)  # type: ignore[arg-type]
    response = zh_client.get("/api/v1/organisations/?page_size=200")
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert STREAMED in names
    # Alice's organisation exists only in the test's transaction on the primary.
    assert alice.organisation.name not in names


def test_a_standby_behind_the_bound_is_passed_over(settings: Any, standby: dict[str, Any]) -> None:
    settings.KSMM_REPLICA_READS = True
    settings.KSMM_REPLICA_MAX_LAG_SECONDS = -1.0
    with reads_from_replica() as scope:
        assert not scope.usable
