"""Benchmark: counting the federal statistics over 26 cantons x 10,000 cases (`make bench`).

Target from the issue: aggregating 26 cantons with 10,000 cases each in at most 60 s in all.
Runs on its own database (`<name>_bench` next to DATABASE_URL's, shared with bench/deadlines.py),
every canton provisioned and filled by counting/synthetic.py (kept between runs: seeding takes a
few minutes, counting seconds).

The run is timed as in production: `do_start_counting_run` sends one task per canton by name to
a real Celery worker on Redis (one process per CPU), each counts inside its schema and writes its
aggregates into `public`; timed from the start to the run marked done by the last canton. Beside
it, in the same process and on the same data: the same 26 counts one after another without
Celery, and a bare baseline, one GROUP BY per canton over its cases (cases opened per month and
form): the least any count must pay to read each canton once. Writes bench-results/statistics.json.
"""

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from bench.deadlines import bench_database_url, ensure_database, provision_all, start_worker

CASES_PER_CANTON = 10_000
TARGET_SECONDS = 60.0
QUEUE = "ksmm-bench"
RESULTS = Path(__file__).resolve().parent.parent / "bench-results" / "statistics.json"


def seed(schemas: list[str]) -> float:
    from django_tenants.utils import schema_context

    from cases.models import Case
    from counting.synthetic import PREFIX, add_synthetic_cases, delete_synthetic_cases

    started = time.perf_counter()
    for schema_name in schemas:
        with schema_context(schema_name):
            if Case.objects.filter(case_number__contains=f"-{PREFIX}-").count() != CASES_PER_CANTON:
                delete_synthetic_cases()
                add_synthetic_cases(count=CASES_PER_CANTON)
    return time.perf_counter() - started


def bare_baseline(schemas: list[str]) -> float:
    from django.db import connection
    from django_tenants.utils import schema_context

    started = time.perf_counter()
    for schema_name in schemas:
        with schema_context(schema_name), connection.cursor() as cursor:
            cursor.execute(
                "SELECT date_trunc('month', opened_on), exploitation_type, count(*) FROM cases_case GROUP BY 1, 2"
            )
            cursor.fetchall()
    return time.perf_counter() - started


def serial_counts(schemas: list[str]) -> tuple[float, int]:
    from django_tenants.utils import schema_context

    from counting.actions import do_count_canton

    started, rows = time.perf_counter(), 0
    for schema_name in schemas:
        with schema_context(schema_name):
            rows += do_count_canton(run_id=None).aggregates
    return time.perf_counter() - started, rows


def run_through_worker() -> dict[str, Any]:
    from django.db import connection

    from ksmm.statistics.models import Aggregate, CountingRun
    from ksmm.statistics.runs import do_start_counting_run

    connection.set_schema_to_public()
    started = time.perf_counter()
    run = do_start_counting_run(trigger=CountingRun.Trigger.ON_DEMAND)
    while CountingRun.objects.filter(pk=run.pk, status=CountingRun.Status.RUNNING).exists():
        if time.perf_counter() - started > 600:
            raise RuntimeError("the counting run did not end within ten minutes")
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    return {
        "seconds": seconds,
        "status": run.status,
        "cantons_done": len(run.cantons_done),
        "aggregates": Aggregate.objects.filter(run=run).count(),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    url = bench_database_url(os.environ.get("DATABASE_URL", "postgres://postgres@localhost/ksmm"))
    ensure_database(url)
    os.environ.update({"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "KSMM_TEST_QUEUE": QUEUE})
    import django

    django.setup()
    schemas = provision_all()
    seed_seconds = seed(schemas)
    baseline = bare_baseline(schemas)
    serial_seconds, serial_rows = serial_counts(schemas)
    worker = start_worker(dict(os.environ))
    try:
        run = run_through_worker()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    results = {
        "cantons": len(schemas),
        "cases_per_canton": CASES_PER_CANTON,
        "worker_processes": os.cpu_count(),
        # The run: 26 tasks through the worker, from the start to the run marked done.
        "run_seconds": round(run["seconds"], 3),
        "run_status": run["status"],
        "run_cantons_done": run["cantons_done"],
        "aggregates_written": run["aggregates"],
        # The same counts in one process, one canton after the other, without Celery.
        "serial_count_seconds": round(serial_seconds, 3),
        "serial_aggregates": serial_rows,
        # One GROUP BY per canton over its cases: reading each canton once, nothing more.
        "bare_baseline_seconds": round(baseline, 3),
        "run_to_baseline_ratio": round(run["seconds"] / baseline, 1),
        "serial_to_baseline_ratio": round(serial_seconds / baseline, 1),
        "seed_seconds": round(seed_seconds, 1),
        "target_seconds": TARGET_SECONDS,
        "within_target": run["seconds"] <= TARGET_SECONDS,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
