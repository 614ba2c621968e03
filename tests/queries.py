"""One helper to pin the SQL statements of a page as an absolute number (STYLE.md rule 10)."""

from collections import Counter

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SET_SEARCH_PATH = "SET search_path"


def statements_of(client: Client, path: str) -> list[str]:
    """The SQL statements one GET of `path` runs (after a warm-up GET for per-process caches)."""
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def grouped(statements: list[str]) -> str:
    """The statements grouped by their text, most frequent first, for a failure message."""
    counts = Counter(" ".join(sql.split())[:160] for sql in statements)
    return "\n".join(f"{count:3} {sql}" for sql, count in counts.most_common())


def assert_statements(client: Client, path: str, expected: int, *, without_search_path: int | None = None) -> None:
    """GET `path` runs exactly `expected` statements (and `without_search_path` besides SET search_path)."""
    statements = statements_of(client, path)
    assert len(statements) == expected, f"{len(statements)} statements for {path}:\n{grouped(statements)}"
    if without_search_path is not None:
        others = [sql for sql in statements if not sql.startswith(SET_SEARCH_PATH)]
        assert len(others) == without_search_path, f"{len(others)} besides search_path:\n{grouped(others)}"
