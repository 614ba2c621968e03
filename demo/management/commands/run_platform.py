"""`make run`: migrate, provision, load the demo once, then web, worker and beat in the foreground."""

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.seed import DEMO_CANTONS, DEMO_PASSWORD, PEOPLE, demo_email, demo_loaded, demo_totp_secret, load_demo


class Command(BaseCommand):
    help = "Prepares the database and runs web, Celery worker and Celery beat until Ctrl-C."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--prepare-only", action="store_true", help="Set up the data, start nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        self.stdout.write("Migrating all schemas …")
        call_command("migrate_schemas", interactive=False, verbosity=0)
        # Every canton before the platform starts: each schema is a copy of the migrated template
        # (ksmm/cantons/template.py), a second or two apiece.
        self.stdout.write("Provisioning the federal level and the 26 cantons …")
        call_command("canton", "provision", "--all", stdout=open(os.devnull, "w"))
        if demo_loaded():
            self.stdout.write("Demo data already loaded; keeping the existing data.")
        else:
            load_demo()
            self.stdout.write("Demo data loaded.")
        self._print_welcome(port)
        if options["prepare_only"]:
            return
        sys.exit(self._run_processes(port))

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
            "",
            "Health: /health/ on any host. Ctrl-C stops web, worker and beat.",
            "",
        ]
        self.stdout.write("\n".join(lines))

    def _run_processes(self, port: int) -> int:
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
            "worker": [python, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
        }
        processes = {name: subprocess.Popen(command) for name, command in commands.items()}
        stopping = False

        def stop(_signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"{name} exited with status {process.returncode}; stopping the others.")
                    exit_code = process.returncode or 1
                    stopping = True
            time.sleep(0.5)
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
        return exit_code
