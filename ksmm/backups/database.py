"""Running pg_dump and pg_restore against the database Django is connected to."""

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader

Progress = Callable[[str], None]
_QUOTED_VALUES = re.compile(r"\((?:[^()]|\([^()]*\))*\)=\((?:[^()]|\([^()]*\))*\)|\"[^\"]*\"(?= (?:violates|is))")


class ToolFailed(Exception):
    """pg_dump or pg_restore ended with an error; the message holds its last lines of stderr."""


def libpq_environment() -> dict[str, str]:
    """The connection settings as libpq variables: no password on a command line."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings.get(key):
            env[variable] = str(settings[key])
    env["PGDATABASE"] = str(settings["NAME"])
    return env


def run_tool(arguments: list[str | Path]) -> None:
    command = [str(a) for a in arguments]
    result = subprocess.run(command, env=libpq_environment(), capture_output=True, text=True, check=False)  # noqa: S603 - our own arguments, no shell
    if result.returncode != 0:
        raise ToolFailed(f"{Path(command[0]).name} failed: {without_values(result.stderr)}")


def without_values(stderr: str) -> str:
    """The last lines of a tool's errors without the values PostgreSQL quotes in them (a key that
    already exists, a row that failed a check, a line of COPY data): they may be personal data."""
    kept = [
        _QUOTED_VALUES.sub("(…)", line)
        for line in stderr.strip().splitlines()
        if not line.lstrip().startswith(("DETAIL:", "CONTEXT:"))
    ]
    return "\n".join(kept[-5:])


def code_migrations() -> set[str]:
    """Every migration of the code, as `app.name`: what a migrated schema has recorded."""
    loader = MigrationLoader(connection, ignore_no_migrations=True, load=True)
    return {f"{app}.{name}" for app, name in loader.graph.nodes}


def recorded_migrations(*, schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app || '.' || name FROM {connection.ops.quote_name(schema)}.django_migrations")  # noqa: S608 - names from the catalogue
        return sorted(row[0] for row in cursor.fetchall())


def schema_present(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = %s)", [schema])
        return bool(cursor.fetchone()[0])
