"""Running pg_dump and pg_restore against the database Django is connected to."""

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader

Progress = Callable[[str], None]


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
        # pg_restore names objects and SQL, never row contents (data goes through COPY).
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise ToolFailed(f"{Path(str(arguments[0])).name} failed: {tail}")


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
