"""pg_dump and pg_restore are found next to a server at least as new as the database's."""

from pathlib import Path

import pytest

from ksmm.backups.binaries import ToolsNotFound, candidate_bindirs, find_pg_tools, server_major, tool_major
from ksmm.backups.database import without_values


@pytest.mark.django_db
def test_the_tools_for_the_running_server_are_of_its_major_version_or_newer() -> None:
    tools = find_pg_tools(server=server_major())
    assert tools.major >= server_major()
    assert tool_major(tools.pg_restore) == tools.major


def test_the_server_s_own_major_is_preferred_over_a_newer_one() -> None:
    majors = sorted({tool_major(d / "pg_dump") for d in candidate_bindirs() if (d / "pg_dump").is_file()})
    for major in majors:
        assert find_pg_tools(server=major).major == major
    assert find_pg_tools(server=majors[0] - 1).major == majors[0]  # none older: the oldest newer one


def test_no_tools_new_enough_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ToolsNotFound, match="PostgreSQL 99 or newer"):
        find_pg_tools(server=99)
    with pytest.raises(ToolsNotFound):
        find_pg_tools(server=15, bindirs=[tmp_path])


def test_a_tool_s_error_keeps_no_quoted_value() -> None:
    stderr = (
        'pg_restore: error: COPY failed for table "accounts_user": ERROR:  duplicate key value violates'
        ' unique constraint "accounts_user_email_key"\nDETAIL:  Key (email)=(ana@example.test) already exists.\n'
        'CONTEXT:  COPY accounts_user, line 1: "1\tana@example.test"\n'
        "pg_restore: error: Key (lower(email))=(ana@example.test) is duplicated.\n"
    )
    cleaned = without_values(stderr)
    assert "ana@example.test" not in cleaned
    assert "accounts_user_email_key" in cleaned
