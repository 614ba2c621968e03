"""Benchmark: the federal statistics dashboard over real HTTP (issue 16: ≤ 300 ms p95).

A realistic dashboard release (26 cantons and Switzerland, five years by quarter and year, every
measure of the catalogue by every form of exploitation, small cells suppressed: the fixture of
tests/statistics/releases.py), a federal analyst past the second factor, gunicorn as in
production (2 sync workers) and wrk with 16 connections: the dashboard with its default filters
and with a quarter, a canton and a form chosen, beside the bare hello view of the same stack
(bench/hello.py). Also in process: the page's SQL statements and its time, the annual report.

Builds its own database (ksmm_bench_dashboard, dropped at the end). Writes
bench-results/dashboard.json. Other benchmarks may call `run()` and keep its result.
"""

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS = PROJECT_DIR / "bench-results" / "dashboard.json"
YEARS = (2021, 2022, 2023, 2024, 2025)
TARGET_P95_MS = 300
FILTERED = "/statistics/?year=2024&quarter=3&canton=ge&form=labour"


def run() -> dict[str, Any]:
    """Everything measured, on the database the caller set up (public schema, ZH provisioned)."""
    from django.conf import settings
    from django.test import Client

    from bench.http import measure_page, start_gunicorn, wrk
    from ksmm.statistics.models import ReleasedCell
    from tests.auth import sign_in
    from tests.factories import UserFactory
    from tests.processes import free_port
    from tests.statistics.releases import make_dashboard_release

    start = time.perf_counter()
    release = make_dashboard_release(years=YEARS)
    built = time.perf_counter() - start
    analyst = UserFactory(federal_role="analyst", language="de")
    client = sign_in(Client(HTTP_HOST="localhost"), analyst)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    page = measure_page(client, "/statistics/")
    filtered_page = measure_page(client, FILTERED)
    start = time.perf_counter()
    report = client.get(f"/statistics/report/{YEARS[-1]}/de/")
    report_seconds = time.perf_counter() - start
    assert report.status_code == 200  # noqa: S101
    port = free_port()
    gunicorn = start_gunicorn(port)
    try:
        base = f"http://127.0.0.1:{port}"
        hello = wrk(f"{base}/bench/hello/", "Host: zh.localhost")
        dashboard = wrk(f"{base}/statistics/", "Host: localhost", f"Cookie: {cookie}")
        filtered = wrk(f"{base}{FILTERED}", "Host: localhost", f"Cookie: {cookie}")
        # One connection per worker: the page's own latency, without waiting behind 15 others.
        one_each = wrk_with(2, f"{base}/statistics/", "Host: localhost", f"Cookie: {cookie}")
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=20)
    for result in (dashboard, filtered, one_each):
        assert result["non_2xx"] == 0, result  # noqa: S101 - a redirect to sign-in would measure nothing
    return {
        "release_cells": ReleasedCell.objects.filter(release=release).count(),
        "release_suppressed": release.cells_suppressed,
        "release_build_seconds": round(built, 1),
        "gunicorn": "2 sync workers",
        "hello_view": hello,
        "dashboard": dashboard,
        "dashboard_filtered": filtered,
        "dashboard_one_connection_per_worker": one_each,
        "dashboard_to_hello_rps_ratio": round(dashboard["rps"] / hello["rps"], 3),
        "target_p95_ms": TARGET_P95_MS,
        "meets_target_16_connections": max(dashboard["p95_ms"], filtered["p95_ms"]) <= TARGET_P95_MS,
        "meets_target_one_connection_per_worker": one_each["p95_ms"] <= TARGET_P95_MS,
        "page_in_process": page,
        "filtered_page_in_process": filtered_page,
        "annual_report_seconds": round(report_seconds, 2),
    }


def wrk_with(connections: int, url: str, *headers: str) -> dict[str, Any]:
    """bench.http.wrk with another number of connections."""
    import bench.http

    kept = bench.http.CONNECTIONS
    bench.http.CONNECTIONS = connections
    try:
        return bench.http.wrk(url, *headers)
    finally:
        bench.http.CONNECTIONS = kept


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed (Debian: apt install wrk)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.conf import settings

    settings.DATABASES["default"]["TEST"] = {"NAME": "ksmm_bench_dashboard"}
    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from ksmm.cantons.actions import do_provision_canton

    databases = setup_databases(verbosity=0, interactive=False)
    try:
        do_provision_canton(code="CH")  # the federal level on the bare host
        do_provision_canton(code="ZH")  # the baseline's host
        connection.set_schema_to_public()
        results = run()
    finally:
        connection.set_schema_to_public()
        teardown_databases(databases, verbosity=0)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
