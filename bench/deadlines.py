"""Benchmark: one beat pass of the reminder scan over 26 cantons (`make bench`).

Target from the issue: 10,000 open deadlines in each of the 26 cantons, one pass under 5 s in
total on this machine. Runs on its own database (`<name>_bench` next to DATABASE_URL's), with
every canton provisioned; deadlines are bulk-inserted afresh on each run, and the reminders
due up to yesterday count as sent.

The pass runs as in production: a real Celery worker on Redis (one process per CPU) gets one
scan task per canton, as beat sends them, each with the canton's schema in its header. The
pass is timed from the first message sent to the last scan's result. The scans hand today's
reminders to the e-mail tasks, which the same worker then sends over real SMTP on loopback
(an aiosmtpd process that discards the mail); the time until the last e-mail is out is
written beside the pass. A second pass the same day shows beat's every-15-minutes case.
Writes bench-results/deadlines.json.
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEADLINES_PER_CANTON = 10_000
ORGANISATIONS_PER_CANTON = 5
MEMBERS_PER_ORGANISATION = 2
# Due dates spread over five years from today: a realistic mix of short (reflection, notices)
# and long (permits, OHG claim windows) deadlines.
SPREAD_DAYS = 5 * 365
TARGET_SECONDS = 5.0
QUEUE = "ksmm-bench"
RESULTS = Path(__file__).resolve().parent.parent / "bench-results" / "deadlines.json"


def bench_database_url(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "ksmm"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_smtp_sink(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the SMTP sink did not start")


def provision_all() -> list[str]:
    from django.core.management import call_command

    from ksmm.cantons.actions import do_provision_canton
    from ksmm.cantons.registry import CANTONS

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    do_provision_canton(code="CH")
    schemas = [do_provision_canton(code=record.code).schema_name for record in CANTONS]
    # Schemas kept from an earlier run get the migrations added since.
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    return schemas


def seed_canton(schema_name: str, *, today: date) -> None:
    """Fresh deadlines and members in one canton; yesterday's reminders count as sent."""
    from django.db import connection
    from django.db.models import F
    from django_tenants.utils import schema_context

    from ksmm.accounts.models import User
    from ksmm.deadlines.models import Deadline, Rule
    from ksmm.memberships.models import Membership
    from ksmm.notifications.models import Reminder
    from ksmm.notifications.scan import insert_due_reminders
    from ksmm.partners.models import Organisation

    with schema_context(schema_name):
        Reminder.objects.all().delete()
        Deadline.objects.all().delete()
        organisations = []
        for index in range(ORGANISATIONS_PER_CANTON):
            organisation, _ = Organisation.objects.get_or_create(
                name=f"Bench organisation {index}", defaults={"type": Organisation.Type.CANTONAL_POLICE}
            )
            organisations.append(organisation)
            for member in range(MEMBERS_PER_ORGANISATION):
                email = f"bench-{schema_name}-{index}-{member}@bench.ksmm.test"
                user, _ = User.objects.get_or_create(email=email, defaults={"full_name": "Bench", "language": "de"})
                Membership.objects.get_or_create(user=user, defaults={"organisation": organisation})
        rules = list(Rule.objects.filter(valid_until__isnull=True))
        generator = random.Random(schema_name)  # noqa: S311 - reproducible test data, not a secret
        Deadline.objects.bulk_create(
            (
                Deadline(
                    rule=(rule := rules[index % len(rules)]),
                    rule_key=rule.key,
                    subject_type="bench.subject",
                    subject_id=index + 1,
                    responsible_organisation=organisations[index % len(organisations)],
                    anchor=today,
                    due_on=today + timedelta(days=generator.randrange(SPREAD_DAYS)),
                )
                for index in range(DEADLINES_PER_CANTON)
            ),
            batch_size=5000,
        )
        insert_due_reminders(today=today - timedelta(days=1))
        Reminder.objects.update(emailed_at=F("created_at"))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE deadlines_deadline; ANALYZE notifications_reminder")


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A Celery worker on the bench queue; `--concurrency` defaults to the number of CPUs."""
    RESULTS.parent.mkdir(exist_ok=True)
    log = (RESULTS.parent / "deadlines-worker.log").open("wb")
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--queues", QUEUE, "--loglevel", "INFO",
        "--without-gossip", "--without-mingle", "--hostname", f"bench-{os.getpid()}@%h",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    log_path = Path(log.name)
    while "ready." not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the bench worker did not start; see " + str(log_path))
        time.sleep(0.2)
    return process


def unsent(schemas: list[str]) -> int:
    """Reminders of open deadlines still waiting for their e-mail, over all cantons."""
    from django.db import connection

    counts = " UNION ALL ".join(
        f'SELECT count(*) AS n FROM "{schema}".notifications_reminder r '  # noqa: S608 - our own schema names
        f'JOIN "{schema}".deadlines_deadline d ON d.id = r.deadline_id '
        "WHERE r.emailed_at IS NULL AND d.status = 'open'"
        for schema in schemas
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sum(n) FROM ({counts}) AS counts")  # noqa: S608
        return int(cursor.fetchone()[0])


def beat_pass(schemas: list[str], *, today: date) -> dict[str, Any]:
    """One scan per canton through the worker; returns the totals and both timings."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from ksmm.notifications.tasks import scan_reminders

    started = time.perf_counter()
    results = []
    for schema_name in schemas:
        with schema_context(schema_name):
            results.append(scan_reminders.apply_async(kwargs={"today": today.isoformat()}, queue=QUEUE))
    connection.set_schema_to_public()
    totals = {"created": 0, "handed_over": 0}
    for result in results:
        outcome = result.get(timeout=120)
        totals["created"] += outcome["created"]
        totals["handed_over"] += int(outcome["handed_over"])
    pass_seconds = time.perf_counter() - started
    while unsent(schemas):
        if time.perf_counter() - started > 600:
            raise RuntimeError("the e-mails were not sent within ten minutes")
        time.sleep(0.05)
    return {**totals, "pass_seconds": pass_seconds, "emails_done_seconds": time.perf_counter() - started}


def emails_sent(schemas: list[str], *, since: Any) -> int:
    from django.db import connection

    counts = " UNION ALL ".join(
        f'SELECT count(*) AS n FROM "{schema}".notifications_reminder WHERE emailed_at >= %s'  # noqa: S608
        for schema in schemas
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sum(n) FROM ({counts}) AS counts", [since] * len(schemas))  # noqa: S608
        return int(cursor.fetchone()[0])


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    url = bench_database_url(os.environ.get("DATABASE_URL", "postgres://postgres@localhost/ksmm"))
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    port = free_port()
    os.environ.update({"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "LOG_LEVEL": "WARNING"})
    smtp = start_smtp_sink(port)
    try:
        import django

        django.setup()
        from django.utils import timezone

        today = timezone.localdate()
        setup_started = time.perf_counter()
        schemas = provision_all()
        for schema_name in schemas:
            seed_canton(schema_name, today=today)
        setup_seconds = time.perf_counter() - setup_started

        worker = start_worker({**os.environ, "KSMM_TEST_QUEUE": QUEUE})
        try:
            first_started = timezone.now()
            first = beat_pass(schemas, today=today)
            sent = emails_sent(schemas, since=first_started)
            second = beat_pass(schemas, today=today)
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
    finally:
        smtp.terminate()
        smtp.wait()
    results = {
        "cantons": len(schemas),
        "open_deadlines_per_canton": DEADLINES_PER_CANTON,
        "worker_processes": os.cpu_count(),
        "reminders_created": first["created"],
        "cantons_handing_over_emails": first["handed_over"],
        "emails_sent": sent,
        # The day's first pass: 26 scan tasks through the worker, from the first message sent
        # to the last result; the scans insert today's reminders and queue their e-mails.
        "pass_seconds": round(first["pass_seconds"], 3),
        # From the same start until the last of those e-mails was out over SMTP.
        "emails_done_seconds": round(first["emails_done_seconds"], 3),
        # Every further pass that day (beat runs every 15 minutes): scans, finds nothing new.
        "second_pass_seconds": round(second["pass_seconds"], 3),
        "second_pass_created": second["created"],
        "second_pass_handed_over": second["handed_over"],
        "setup_seconds": round(setup_seconds, 1),
        "target_seconds": TARGET_SECONDS,
        "within_target": first["pass_seconds"] < TARGET_SECONDS,
        "second_pass_within_target": second["pass_seconds"] < TARGET_SECONDS,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
