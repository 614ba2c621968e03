"""Several gunicorn workers in prometheus_client's multiprocess mode: a scrape answered by any
worker counts the requests of all, and shows each worker's memory and CPU."""

import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.processes import start_web_server

pytestmark = pytest.mark.django_db

TOKEN = "scrape-token-for-gunicorn"
REQUESTS = 24


def fetch(url: str, *, host: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host, **headers})  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode()


def test_any_worker_answers_the_scrape_with_the_requests_of_every_worker(tmp_path: Path) -> None:
    directory = tmp_path / "prometheus"
    server = start_web_server(name="web-metrics", PROMETHEUS_MULTIPROC_DIR=str(directory), METRICS_TOKEN=TOKEN)
    try:
        for _ in range(REQUESTS):
            assert fetch(server.url("127.0.0.1", "/accounts/login/"), host="zh.localhost")[0] == 200
        scrapes = [
            fetch(server.url("127.0.0.1", "/metrics"), host="localhost", Authorization=f"Bearer {TOKEN}")[1]
            for _ in range(4)
        ]
    finally:
        server.stop()
    assert {path.name.split("_")[0] for path in directory.glob("*.db")} >= {"counter", "histogram"}
    for text in scrapes:
        login = [
            sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
            if sample.name == "ksmm_http_requests_total" and sample.labels.get("route") == "accounts:login"
        ]
        assert login == [REQUESTS], "every scrape sums every worker"
    memory = [
        sample
        for family in text_string_to_metric_families(scrapes[-1])
        for sample in family.samples
        if sample.name == "process_resident_memory_bytes"
    ]
    assert len({sample.labels["pid"] for sample in memory}) >= 1
    assert all(sample.value > 10_000_000 for sample in memory)
