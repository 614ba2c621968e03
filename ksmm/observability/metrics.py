"""The metrics the web processes count themselves, and the registry a scrape reads.

Under gunicorn with several workers each process counts on its own; with PROMETHEUS_MULTIPROC_DIR
set (before any process starts) prometheus_client keeps the counts in files there and a scrape
of any worker sums them all (gunicorn.conf.py empties the directory at start and drops a dead
worker's gauges). Without it, a scrape sees the one process that answered: right for `make run`
and the tests, wrong for several workers.

Labels are bounded: the route name (never the path, which carries ids), the method, the status
class, and the canton on the request counter only (27 schemas at most; a histogram per canton
would multiply its buckets by 27 for little use).
"""

import os
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.multiprocess import MultiProcessCollector

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds; pages and API answers mostly take 10-300 ms, PDFs and exports up to seconds.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def multiprocess_directory() -> Path | None:
    """The directory of the multiprocess mode, created if missing; None in single-process mode."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if not directory:
        return None
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    return path


multiprocess_directory()

HTTP_REQUESTS = Counter(
    "ksmm_http_requests",
    "HTTP requests answered, by route name, method, status class and canton schema.",
    ["route", "method", "status", "canton"],
)
HTTP_LATENCY = Histogram(
    "ksmm_http_request_duration_seconds",
    "Time from the first middleware to the response, by route name, method and status class.",
    ["route", "method", "status"],
    buckets=LATENCY_BUCKETS,
)


def observe_request(*, route: str, method: str, status: int, canton: str, seconds: float) -> None:
    method = method if method in METHODS else "OTHER"
    status_class = f"{status // 100}xx"
    HTTP_REQUESTS.labels(route=route, method=method, status=status_class, canton=canton).inc()
    HTTP_LATENCY.labels(route=route, method=method, status=status_class).observe(seconds)


def process_registry() -> CollectorRegistry:
    """What this process (or, in multiprocess mode, every process of the directory) counted."""
    directory = multiprocess_directory()
    if directory is None:
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]  # untyped in the client
    return registry
