"""`make run`: migrate, provision, load the demo once, with web, worker and beat in the foreground.

Web, worker and beat start as soon as the public schema is migrated, so that their start-up
overlaps the provisioning. Each canton's schema is a copy of the migrated template
(ksmm/cantons/template.py), a second or so apiece; they are cloned in forked processes, several at
once, the demo cantons first, and each canton goes live on its own host once its schema is there.
The demo is loaded as soon as its cantons are.
"""

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django_tenants.utils import schema_context

from demo.seed import (
    DEMO_CANTONS,
    DEMO_PASSWORD,
    FEDERAL_PEOPLE,
    PEOPLE,
    demo_email,
    demo_loaded,
    demo_totp_secret,
    load_demo,
    load_federal_people,
)
from demo.seed.history import count_demo_history, load_demo_history
from ksmm.cantons.actions import do_provision_canton
from ksmm.cantons.registry import CANTONS, FEDERAL_CODE
from ksmm.cantons.tasks import heartbeat

# Clones run inside PostgreSQL: two at once keep two cores busy; more only queue behind them.
PROVISIONING_PROCESSES = 2

Provisioning = AsyncResult[list[str]]


def _provision(code: str) -> str:
    canton = do_provision_canton(code=code)
    # /health/ counts a canton it never heard from as down: its first heartbeat need not wait for
    # beat's next round (up to a minute); the worker takes it once it is up.
    with schema_context(canton.schema_name):
        heartbeat.delay()
    return code


class Command(BaseCommand):
    help = "Prepares the database and runs web, Celery worker and Celery beat until Ctrl-C."
    _count_history = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--prepare-only", action="store_true", help="Set up the data, start nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        self.stdout.write("Migrating all schemas …")
        call_command("migrate_schemas", interactive=False, verbosity=0)
        processes = {} if options["prepare_only"] else self._start_processes(port)
        try:
            pool, others = self._provision_and_load_demo()
        except BaseException:
            self._stop(processes)
            raise
        self._print_welcome(port)
        if options["prepare_only"]:
            self._wait_for(pool, others)
            return
        sys.exit(self._supervise(processes, pool, others))

    def _provision_and_load_demo(self) -> tuple[Pool, Provisioning]:
        self.stdout.write("Provisioning the federal level and the 26 cantons, the demo cantons first …")
        do_provision_canton(code=FEDERAL_CODE)
        # Forked after Django's start-up, so each process provisions at once; none may share this
        # process's database connection.
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(PROVISIONING_PROCESSES, initializer=connections.close_all)
        demo = pool.map_async(_provision, DEMO_CANTONS, chunksize=1)
        others = pool.map_async(_provision, [c.code for c in CANTONS if c.code not in DEMO_CANTONS], chunksize=1)
        pool.close()
        demo.get()
        if demo_loaded():
            load_federal_people()  # idempotent: a demo loaded before the federal accounts existed gains them
            self.stdout.write("Demo data already loaded; keeping the existing data.")
        else:
            load_demo()
            started = time.monotonic()
            load_demo_history()
            self._count_history = True
            self.stdout.write(f"Demo data loaded (statistics history: {time.monotonic() - started:.1f} s).")
        return pool, others

    def _wait_for(self, pool: Pool, others: Provisioning) -> None:
        codes = others.get()
        pool.join()
        self.stdout.write(f"All 26 cantons active ({', '.join(DEMO_CANTONS)} and {len(codes)} others).")
        if self._count_history:
            # Counted once every canton is active, so the first dashboard release has all 26.
            count_demo_history()
            self._count_history = False

    def _print_welcome(self, port: int) -> None:
        base = settings.KSMM_BASE_DOMAIN
        lines = [
            "",
            "ksmm is starting. Open:",
            f"  federal level      http://{base}:{port}/",
            *(f"  canton {code}          http://{code.lower()}.{base}:{port}/" for code in DEMO_CANTONS),
            "",
            f"Demo logins (password for all: {DEMO_PASSWORD}); the address names the canton.",
            "Second factor: add the TOTP secret to an authenticator app, or print the current code with",
            "  .venv/bin/python manage.py demo_code police.zh@demo.ksmm.test",
            *(
                f"  {person.key:12} {demo_email(person, 'zh'):34} TOTP {demo_totp_secret(demo_email(person, 'zh'))}"
                for person in PEOPLE
            ),
            "  … and the same with .ge, .ti and .be (their secrets: manage.py demo_code --secret EMAIL).",
            "Federal level (the bare host):",
            *(
                f"  {person.key:12} {person.email:34} TOTP {demo_totp_secret(person.email)}"
                for person in FEDERAL_PEOPLE
            ),
            "",
            "Health: /health/ on any host. Ctrl-C stops web, worker and beat.",
            "",
        ]
        self.stdout.write("\n".join(lines))

    def _start_processes(self, port: int) -> dict[str, subprocess.Popen[bytes]]:
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
            "worker": [python, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
        }
        return {name: subprocess.Popen(command) for name, command in commands.items()}

    def _supervise(self, processes: dict[str, subprocess.Popen[bytes]], pool: Pool, others: Provisioning) -> int:
        stopping = False

        def stop(_signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        provisioning = True
        while not stopping:
            if provisioning and others.ready():
                provisioning = False
                try:
                    self._wait_for(pool, others)
                except Exception as exc:  # noqa: BLE001 - a canton that fails stops the platform, as before
                    self.stderr.write(f"Provisioning a canton failed ({exc!r}); stopping.")
                    exit_code, stopping = 1, True
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"{name} exited with status {process.returncode}; stopping the others.")
                    exit_code = process.returncode or 1
                    stopping = True
            time.sleep(0.5)
        if provisioning:
            pool.terminate()
        self._stop(processes)
        return exit_code

    def _stop(self, processes: dict[str, subprocess.Popen[bytes]]) -> None:
        everything = list(processes.values())
        for process in everything:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in everything:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
