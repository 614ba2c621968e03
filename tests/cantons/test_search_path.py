"""Every statement runs under the search path of the schema selected when it runs.

TENANT_LIMIT_SET_CALLS sets the path once per switch instead of once per cursor; these tests
watch each kind of switch: requests to two cantons on one connection, tasks of two cantons in
one worker process, and commands run for one canton after another (tenant_command,
all_tenants_command, a command of ours over every canton). Each reads what a stale path would
get wrong: the path the database reports before every statement, the schema the database
resolves names in, or an organisation that exists in one canton's table only.
"""

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.management.commands import all_tenants_command
from django_tenants.utils import schema_context

from ksmm.cantons.models import Canton
from ksmm.cantons.tasks import heartbeat
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import ACTIVE_TEST_CANTONS, INACTIVE_TEST_CANTON, canton_client
from tests.personas import ALICE, BOB, member, new_organisation
from tests.processes import ServerProcess, start_celery_worker

pytestmark = pytest.mark.django_db


def expected_search_path() -> str:
    return ", ".join(connection._get_cursor_search_paths())  # type: ignore[attr-defined]


@contextmanager
def search_path_watched() -> Iterator[list[str]]:
    """Before each statement, asks the database for its search path and compares."""
    seen: list[str] = []

    def check(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if not sql.startswith("SET search_path"):
            actual = context["connection"].connection.execute("SHOW search_path").fetchone()[0]
            assert actual == expected_search_path(), sql
            seen.append(actual)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(check):
        yield seen


def test_limit_set_calls_is_on(settings: Any) -> None:
    assert settings.TENANT_LIMIT_SET_CALLS is True


# One organisation in each canton's table, under a name no other canton has.
ONLY_IN = {"zh": "Nur in Zürich (Suchpfad)", "ge": "Seulement à Genève (chemin de recherche)"}


@pytest.fixture
def organisations_of_one_canton() -> None:
    for schema_name, name in ONLY_IN.items():
        new_organisation(schema_name, Organisation.Type.NGO, name)


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_requests_to_zh_then_ge_run_in_their_own_schemas() -> None:
    zh = sign_in(canton_client("ZH"), member(ALICE))
    ge = sign_in(canton_client("GE"), member(BOB))
    with search_path_watched() as seen:
        for client in (zh, ge, zh, ge):
            assert client.get("/api/v1/me", HTTP_ACCEPT="application/json").status_code == 200
    assert {"zh, public", "ge, public"} <= set(seen)


def directory_names(client: Client) -> set[str]:
    response = client.get("/api/v1/organisations/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return {organisation["name"] for organisation in response.json()["results"]}


def test_requests_to_zh_then_ge_on_one_connection_read_each_cantons_table(organisations_of_one_canton: None) -> None:
    zh = sign_in(canton_client("ZH"), member(ALICE))
    ge = sign_in(canton_client("GE"), member(BOB))
    pid = backend_pid()
    with search_path_watched():
        for _ in range(2):
            zh_names, ge_names = directory_names(zh), directory_names(ge)
            assert ONLY_IN["zh"] in zh_names and ONLY_IN["ge"] not in zh_names
            assert ONLY_IN["ge"] in ge_names and ONLY_IN["zh"] not in ge_names
    assert backend_pid() == pid, "the requests were meant to share one database connection"


def test_the_search_path_follows_nested_schema_contexts() -> None:
    with search_path_watched() as seen:
        with schema_context("zh"):
            Membership.objects.count()
            with schema_context("ge"):
                Membership.objects.count()
            Membership.objects.count()
        Canton.objects.count()
    assert seen == ["zh, public", "ge, public", "zh, public", "public"]


def test_a_command_over_every_canton_reads_each_schema_under_its_path() -> None:
    with search_path_watched() as seen:
        call_command("audit_verify", "--all", stdout=StringIO())
    assert {"public", "zh, public", "ge, public", "ti, public"} <= set(seen)


def dumped_names(output: str) -> set[str]:
    return {row["fields"]["name"] for row in json.loads(output)}


def test_tenant_command_for_zh_then_ge_reads_each_cantons_table(
    organisations_of_one_canton: None, capsys: pytest.CaptureFixture[str]
) -> None:
    dumped = {}
    with search_path_watched():
        for schema_name in ("zh", "ge", "zh"):
            call_command("tenant_command", "dumpdata", "partners.organisation", schema_name=schema_name)
            dumped[schema_name] = dumped_names(capsys.readouterr().out)
    assert ONLY_IN["zh"] in dumped["zh"] and ONLY_IN["ge"] not in dumped["zh"]
    assert ONLY_IN["ge"] in dumped["ge"] and ONLY_IN["zh"] not in dumped["ge"]


@pytest.fixture
def only_cantons_with_a_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """all_tenants_command visits every registry row; 21 cantons have no schema in the tests."""
    with_schema = [*(code.lower() for code in ACTIVE_TEST_CANTONS), INACTIVE_TEST_CANTON.lower()]
    monkeypatch.setattr(
        all_tenants_command.Command,
        "get_tenants",
        lambda self, no_public: Canton.objects.filter(schema_name__in=with_schema).order_by("schema_name"),
    )


def test_all_tenants_command_reads_each_cantons_table_in_turn(
    organisations_of_one_canton: None, only_cantons_with_a_schema: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with search_path_watched() as seen:
        call_command("all_tenants_command", "dumpdata", "partners.organisation", no_public=True)
    _, *sections = re.split(r"Applying command to: (\w+)\n", capsys.readouterr().out)
    dumped = {schema: dumped_names(output) for schema, output in zip(sections[::2], sections[1::2], strict=True)}
    assert list(dumped) == ["be", "ge", "ju", "ti", "zh"]
    assert [schema for schema, names in dumped.items() if ONLY_IN["zh"] in names] == ["zh"]
    assert [schema for schema, names in dumped.items() if ONLY_IN["ge"] in names] == ["ge"]
    assert {f"{schema}, public" for schema in dumped} <= set(seen)


@pytest.mark.celery
def test_a_worker_switching_cantons_runs_each_task_under_its_path(celery_worker: ServerProcess) -> None:
    for schema in ("zh", "ge", "zh", "ti", "ge"):
        with schema_context(schema):
            assert heartbeat.delay().get(timeout=30) == schema


ONE_PROCESS_QUEUE = "ksmm-test-search-path"


@pytest.fixture(scope="module")
def one_process_worker(django_db_setup: None) -> Iterator[ServerProcess]:
    """A real worker with a pool of one process: every task it runs shares that process's
    database connection, so a task for GE follows one for ZH on the same connection."""
    worker = start_celery_worker(queue=ONE_PROCESS_QUEUE, name="celery-search-path", concurrency=1)
    yield worker
    worker.stop()


@pytest.mark.celery
def test_one_worker_process_runs_a_zh_task_then_a_ge_task_each_in_its_canton(
    one_process_worker: ServerProcess,
) -> None:
    # heartbeat answers the database's current_schema(): the first schema of the search path
    # that exists, so a path left over from the previous task would answer the wrong canton.
    answered = []
    for schema in ("zh", "ge", "zh", "ge", "ti"):
        with schema_context(schema):
            answered.append(heartbeat.apply_async(queue=ONE_PROCESS_QUEUE).get(timeout=30))
    assert answered == ["zh", "ge", "zh", "ge", "ti"]
    assert "ForkPoolWorker-1" in one_process_worker.log()
    assert "ForkPoolWorker-2" not in one_process_worker.log()
