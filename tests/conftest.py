"""Test set-up: one test database per run with its canton schemas built once, real servers.

Cantons provisioned for the whole run: ZH, GE, TI, BE active; JU provisioned, then deactivated.
The other 21 cantons are registry rows without a schema, as on a fresh installation.
"""

import os
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from psycopg.pq import TransactionStatus

from ksmm.accounts.lockout import clear_sign_in_failures
from ksmm.cantons.actions import do_deactivate_canton, do_provision_canton
from ksmm.cantons.hosts import remember_all_hosts
from tests.processes import ServerProcess, start_celery_worker, start_web_server

# Playwright's sync API runs an event loop in the test thread; Django would refuse the ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ACTIVE_TEST_CANTONS = ("ZH", "GE", "TI", "BE")
INACTIVE_TEST_CANTON = "JU"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        do_provision_canton(code="CH")
        for code in (*ACTIVE_TEST_CANTONS, INACTIVE_TEST_CANTON):
            do_provision_canton(code=code)
        do_deactivate_canton(code=INACTIVE_TEST_CANTON)
        connection.set_schema_to_public()
    yield
    # Server processes of the run may still hold a connection while they exit; the test
    # database can only be dropped without them.
    with django_db_blocker.unblock(), connection.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _back_to_public_schema() -> Iterator[None]:
    """A test that switched schema must not leave the next test inside that canton."""
    yield
    connection.set_schema_to_public()


def pytest_runtest_call(item: pytest.Item) -> None:
    """Every test starts with the registry's hosts in memory, after its fixtures ran: its first
    request costs what the next ones cost, and a change an earlier test rolled back is gone."""
    uses_db = {"db", "transactional_db"} & set(getattr(item, "fixturenames", ())) or item.get_closest_marker(
        "django_db"
    )
    if uses_db:
        remember_all_hosts()


@pytest.fixture(autouse=True)
def _no_sign_in_failures_of_earlier_tests() -> None:
    """Failed sign-ins are counted in Redis for 15 minutes (ksmm/accounts/lockout.py): without
    this, the failures of earlier tests from 127.0.0.1 would throttle the next sign-in."""
    clear_sign_in_failures()


# An entry that names neither a person nor a client, and is neither the system's work outside a
# request nor a failed attempt to get in (what `AuditEntry.actor_is_named` allows).
ANONYMOUS_ENTRIES = """
    SELECT %s AS schema_name, sequence, action FROM {schema}.audit_auditentry
    WHERE actor_user_id IS NULL AND actor_client_id IS NULL
      AND NOT (actor_kind = 'system' AND request_id = '')
      AND NOT (actor_kind = 'unidentified' AND action IN ('login_failed', 'access_denied'))
"""


@pytest.fixture(autouse=True)
def _every_audit_entry_names_its_actor(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fails the test after which any schema's trail holds an entry with neither a person nor a
    client (the database constraint refuses them too; this check does not rely on it)."""
    yield
    uses_db = {"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker("django_db")
    if not uses_db or _transaction_failed():
        return
    anonymous = anonymous_audit_entries()
    assert not anonymous, f"audit entries with neither a person nor a client: {anonymous}"


def anonymous_audit_entries() -> list[tuple[str, int, str]]:
    """(schema, sequence, action) of every anonymous entry in any schema's trail."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_schema FROM information_schema.tables WHERE table_name = 'audit_auditentry'")
        schemas = [row[0] for row in cursor.fetchall()]
        if not schemas:
            return []
        union = " UNION ALL ".join(ANONYMOUS_ENTRIES.format(schema=connection.ops.quote_name(s)) for s in schemas)
        cursor.execute(union, schemas)
        return [(str(schema), int(sequence), str(action)) for schema, sequence, action in cursor.fetchall()]


def _transaction_failed() -> bool:
    """A test that ended on a refused statement (and expected it) leaves nothing to query."""
    raw = connection.connection
    return raw is not None and raw.info.transaction_status == TransactionStatus.INERROR


def canton_client(code: str) -> Client:
    return Client(HTTP_HOST=f"{code.lower()}.localhost")


@pytest.fixture
def zh_client() -> Client:
    return canton_client("ZH")


@pytest.fixture
def ge_client() -> Client:
    return canton_client("GE")


@pytest.fixture
def federal_client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture(scope="session")
def celery_worker(django_db_setup: None) -> Iterator[ServerProcess]:
    """A real Celery worker process on the test database and the run's Redis."""
    worker = start_celery_worker()
    yield worker
    worker.stop()


@pytest.fixture(scope="session")
def live_platform(django_db_setup: None) -> Iterator[ServerProcess]:
    """The platform served by gunicorn on committed data of the test database."""
    server = start_web_server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _smtp_server() -> Iterator[tuple[object, object]]:
    from tests.mailbox import start_smtp_server

    controller, mailbox = start_smtp_server()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(_smtp_server, settings):  # type: ignore[no-untyped-def]
    """Mail goes to a real SMTP server on loopback; the fixture holds what arrived."""
    controller, box = _smtp_server
    box.messages.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    return box


@pytest.fixture(scope="session")
def demo_data(django_db_setup: None, django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    """The `make run` demo, committed, for browser tests that sign in as a newcomer would."""
    from demo.seed import load_demo

    with django_db_blocker.unblock():
        load_demo()
        connection.set_schema_to_public()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on the committed demo run last: once it is loaded, its organisations and people stay
    in the test database, and fixtures of other tests would collide with their names."""
    items.sort(key=lambda item: "demo_data" in getattr(item, "fixturenames", ()))
