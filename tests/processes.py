"""Real server processes for the tests: a Celery worker and gunicorn, on the test database."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
TEST_QUEUE = "ksmm-test"


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    log_path: Path
    port: int | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def base_port_suffix(self) -> str:
        return f":{self.port}" if self.port else ""

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def test_database_url() -> str:
    """The URL of the database pytest-django created, for processes started by the tests.

    Refuses anything but a test database: a server process must never write into the
    development data.
    """
    db = connection.settings_dict
    if not str(db["NAME"]).startswith("test_"):
        raise RuntimeError("No test database was set up; mark the test with django_db.")
    host = quote(str(db.get("HOST") or ""), safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{quote(str(db['USER']), safe='')}{password}@{host}{port}/{db['NAME']}"


def process_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": test_database_url(),
        "KSMM_TEST_QUEUE": TEST_QUEUE,
        **extra,
    }


def _log_file(name: str) -> Path:
    """One log per server and pytest-xdist process: two processes never share a file, so one
    never reads the other's "ready"."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return ARTIFACTS_DIR / (f"{name}-{worker}.log" if worker else f"{name}.log")


def start_celery_worker(
    *, queue: str = TEST_QUEUE, name: str = "celery-worker", concurrency: int = 2, **env: str
) -> ServerProcess:
    """A worker on `queue`; in a session of its own, so a test can kill it with its pool."""
    log_path = _log_file(name)
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--queues", queue, "--concurrency", str(concurrency), "--loglevel", "INFO",
        "--without-gossip", "--without-mingle", "--hostname", f"{name}-{os.getpid()}@%h",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=process_env(**env), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    worker = ServerProcess(process=process, log_path=log_path)
    deadline = time.monotonic() + 60
    while "ready." not in worker.log():
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            raise RuntimeError(f"Celery worker did not start:\n{worker.log()[-3000:]}")
        time.sleep(0.2)
    return worker


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_web_server(*, name: str = "web-server", **env: str) -> ServerProcess:
    """gunicorn on a free port; links in its e-mails name that port."""
    port = free_port()
    log_path = _log_file(name)
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4", "--access-logfile", "-",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=process_env(KSMM_PUBLIC_PORT=str(port), **env), stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = ServerProcess(process=process, log_path=log_path, port=port)
    deadline = time.monotonic() + 60
    while True:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": "localhost"})
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - loopback only
                return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"Web server did not start:\n{server.log()[-3000:]}") from None
            time.sleep(0.2)
