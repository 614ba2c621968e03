"""Benchmark: the platform over real HTTP, as ratios against baselines of the same run.

- gunicorn as in production (2 sync workers) and wrk with 16 connections for 10 s each: the
  authenticated case-list API (50 rows of 10,000 cases, session past the second factor) beside a
  bare DRF hello view on the same stack (`bench/hello.py`). Ratio of requests per second, with
  p50/p95/p99.
- The case page: its SQL statements (and how many switch the search path) and its time.
- Provisioning a canton (a clone of the template) beside migrating a fresh schema.

Builds its own database (ksmm_bench_http, dropped at the end). Writes bench-results/http.json.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS = PROJECT_DIR / "bench-results" / "http.json"
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
CONNECTIONS = 16
PAGE_RUNS = 30


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    host = quote(str(db.get("HOST") or ""), safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{quote(str(db['USER']), safe='')}{password}@{host}{port}/{db['NAME']}"


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url()}
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603 - our own command line
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/bench/hello/", headers={"Host": "zh.localhost"})
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - loopback only
                return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def wrk(url: str, *headers: str) -> dict[str, Any]:
    """One wrk run; its Lua script prints the summary as JSON on the last line."""
    script = Path(__file__).resolve().parent / "wrk_report.lua"
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{WRK_SECONDS}s", "--latency", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return dict(json.loads(output.strip().splitlines()[-1]))


def measure_page(client: Any, path: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    timings, statements, search_path = [], 0, 0
    for _ in range(PAGE_RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)  # noqa: S101
        statements = len(captured)
        search_path = sum("search_path" in query["sql"].lower() for query in captured.captured_queries)
    timings.sort()
    return {
        "statements": statements,
        "set_search_path": search_path,
        "p50_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1] * 1000, 1),
    }


def provisioning() -> dict[str, float]:
    """A canton as the platform creates it beside a fresh schema migrated from scratch."""
    from django.core.management import call_command
    from django.db import connection

    from ksmm.cantons.actions import do_provision_canton

    connection.set_schema_to_public()
    start = time.perf_counter()
    do_provision_canton(code="UR")
    cloned = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "bench_migrated"')
    start = time.perf_counter()
    call_command("migrate_schemas", tenant=True, schema_name="bench_migrated", interactive=False, verbosity=0)
    migrated = time.perf_counter() - start
    connection.set_schema_to_public()
    return {
        "provision_seconds": round(cloned, 2),
        "migrate_fresh_schema_seconds": round(migrated, 2),
        "ratio": round(cloned / migrated, 3),
    }


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed (Debian: apt install wrk)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.conf import settings

    settings.DATABASES["default"]["TEST"] = {"NAME": "ksmm_bench_http"}
    django.setup()
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    from bench.cases import CASES, seed
    from cases.models import Case
    from ksmm.cantons.actions import do_provision_canton
    from tests.auth import sign_in
    from tests.processes import free_port

    databases = setup_databases(verbosity=0, interactive=False)
    gunicorn = None
    try:
        do_provision_canton(code="ZH")
        user = seed("ZH")
        client = sign_in(Client(HTTP_HOST="zh.localhost"), user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        from django_tenants.utils import schema_context

        with schema_context("zh"):
            case_id = Case.objects.order_by("pk").values_list("pk", flat=True).first()
        case_page = measure_page(client, f"/cases/{case_id}/")
        port = free_port()
        gunicorn = start_gunicorn(port)
        base = f"http://127.0.0.1:{port}"
        host = "Host: zh.localhost"
        hello = wrk(f"{base}/bench/hello/", host)
        case_list = wrk(f"{base}/api/v1/cases/", host, f"Cookie: {cookie}", "Accept: application/json")
        assert case_list["non_2xx"] == 0, case_list  # noqa: S101 - a 401 or 429 would measure nothing
        results = {
            "cases": CASES,
            "connections": CONNECTIONS,
            "seconds_per_run": WRK_SECONDS,
            "gunicorn": "2 sync workers",
            "hello_view": hello,
            "case_list_api": case_list,
            "case_list_api_to_hello_rps_ratio": round(case_list["rps"] / hello["rps"], 3),
            "case_page": case_page,
            "provisioning": provisioning(),
        }
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
        from django.db import connection

        connection.set_schema_to_public()
        teardown_databases(databases, verbosity=0)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
