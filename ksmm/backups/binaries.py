"""pg_dump and pg_restore that can read and write the server DATABASE_URL points at.

pg_dump refuses a server newer than itself, so the tools come from the newest PostgreSQL install
on the machine whose major version is at least the server's (the embedded services' binaries,
/usr/lib/postgresql/*/bin, the PATH, the pgserver package), the server's own major first.
"""

import glob
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

TOOLS = ("pg_dump", "pg_restore")


class ToolsNotFound(Exception):
    """No pg_dump/pg_restore pair here can handle the server's version."""


@dataclass(frozen=True)
class PgTools:
    pg_dump: Path
    pg_restore: Path
    major: int


def candidate_bindirs() -> list[Path]:
    """Every directory that may hold PostgreSQL client tools, in no particular order."""
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")]
    on_path = shutil.which("pg_dump")
    if on_path:
        found.append(Path(on_path).resolve().parent)
    try:
        import pgserver

        found.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    return found


def tool_major(binary: Path) -> int:
    """The major version a tool reports (`pg_dump (PostgreSQL) 15.8` -> 15)."""
    output = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603 - our own arguments, no shell
    match = re.search(r"\)\s+(\d+)", output)
    if match is None:
        raise ToolsNotFound(f"Cannot read the version of {binary}.")
    return int(match.group(1))


def server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def find_pg_tools(*, server: int, bindirs: list[Path] | None = None) -> PgTools:
    """The tools for a server of major version `server`: the same major if present, else the
    lowest newer one (pg_dump of a newer major reads older servers; never the reverse)."""
    usable: list[PgTools] = []
    for bindir in bindirs if bindirs is not None else candidate_bindirs():
        if not all((bindir / tool).is_file() for tool in TOOLS):
            continue
        major = tool_major(bindir / "pg_dump")
        if major >= server:
            usable.append(PgTools(pg_dump=bindir / "pg_dump", pg_restore=bindir / "pg_restore", major=major))
    if not usable:
        raise ToolsNotFound(
            f"No pg_dump/pg_restore of PostgreSQL {server} or newer found; install the client tools "
            "(apt install postgresql-client) or the pip package pgserver."
        )
    return min(usable, key=lambda tools: tools.major)


def tools_for_current_server() -> PgTools:
    return find_pg_tools(server=server_major())
