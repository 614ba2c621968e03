"""The one helper that counts SQL statements in the tests, pinned as absolute numbers (STYLE.md rule 10).

- `assert_statements(client, path, expected)`: a page or endpoint (GET) runs exactly `expected`
  statements; `without_search_path=` pins the others besides django-tenants' SET search_path too.
- `statements_of(client, path)`: the statements of one GET, to compare 1 row with 50 rows.
- `captured()`: the statements of any block, for what is not one GET (a POST, a task, a function,
  a request whose response the test reads).
- `assert_count(statements, expected)`: the same check on statements already captured.
- `besides_search_path(statements)` and `touching(statements, table)` narrow them down.

Requests take the client's keyword arguments (`HTTP_ACCEPT=`, a bearer token's `HTTP_AUTHORIZATION=`).
By default a warm-up GET runs first, so that per-process caches (hosts, the session's membership
and device) do not count; `warm_up=False` counts the first request as it comes.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SET_SEARCH_PATH = "SET search_path"


@contextmanager
def captured() -> Iterator[list[str]]:
    """The SQL statements the block runs, in the list it yields (filled when the block ends)."""
    statements: list[str] = []
    with CaptureQueriesContext(connection) as queries:
        yield statements
    statements.extend(query["sql"] for query in queries.captured_queries)


def statements_of(client: Client, path: str, *, warm_up: bool = True, **extra: str) -> list[str]:
    """The SQL statements one GET of `path` runs (after a warm-up GET for per-process caches)."""
    if warm_up:
        assert client.get(path, **extra).status_code == 200  # type: ignore[arg-type]
    with captured() as statements:
        response = client.get(path, **extra)  # type: ignore[arg-type]
    assert response.status_code == 200
    return statements


def besides_search_path(statements: list[str]) -> list[str]:
    """The statements other than django-tenants' SET search_path before each query."""
    return [sql for sql in statements if not sql.startswith(SET_SEARCH_PATH)]


def touching(statements: list[str], table: str) -> list[str]:
    """The statements that name `table` (e.g. "otp_totp_totpdevice")."""
    return [sql for sql in statements if table in sql]


def grouped(statements: list[str]) -> str:
    """The statements grouped by their text, most frequent first, for a failure message."""
    counts = Counter(" ".join(sql.split())[:160] for sql in statements)
    return "\n".join(f"{count:3} {sql}" for sql, count in counts.most_common())


def assert_count(statements: list[str], expected: int, *, without_search_path: int | None = None) -> None:
    """Exactly `expected` statements (and `without_search_path` besides SET search_path)."""
    assert len(statements) == expected, f"{len(statements)} statements, not {expected}:\n{grouped(statements)}"
    if without_search_path is not None:
        others = besides_search_path(statements)
        assert len(others) == without_search_path, (
            f"{len(others)} besides search_path, not {without_search_path}:\n{grouped(others)}"
        )


def assert_statements(
    client: Client,
    path: str,
    expected: int,
    *,
    without_search_path: int | None = None,
    warm_up: bool = True,
    **extra: str,
) -> None:
    """GET `path` runs exactly `expected` statements (and `without_search_path` besides SET search_path)."""
    statements = statements_of(client, path, warm_up=warm_up, **extra)
    try:
        assert_count(statements, expected, without_search_path=without_search_path)
    except AssertionError as error:
        raise AssertionError(f"{path}: {error}") from None
