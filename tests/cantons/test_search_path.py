"""Every statement runs under the search path of the schema selected when it runs.

TENANT_LIMIT_SET_CALLS sets the path once per switch instead of once per cursor; these tests
watch each kind of switch: requests to two cantons, tasks in a worker, commands over cantons.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.cantons.models import Canton
from ksmm.cantons.tasks import heartbeat
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory
from tests.processes import ServerProcess

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


def member_client(code: str) -> Client:
    with schema_context(code.lower()):
        user = MembershipFactory().user
    return sign_in(canton_client(code), user)


def test_requests_to_zh_then_ge_run_in_their_own_schemas() -> None:
    zh, ge = member_client("ZH"), member_client("GE")
    with search_path_watched() as seen:
        for client in (zh, ge, zh, ge):
            assert client.get("/api/v1/me", HTTP_ACCEPT="application/json").status_code == 200
    assert {"zh, public", "ge, public"} <= set(seen)


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


@pytest.mark.celery
def test_a_worker_switching_cantons_runs_each_task_under_its_path(celery_worker: ServerProcess) -> None:
    for schema in ("zh", "ge", "zh", "ti", "ge"):
        with schema_context(schema):
            assert heartbeat.delay().get(timeout=30) == schema
