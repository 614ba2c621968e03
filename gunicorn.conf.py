"""gunicorn reads this file from its working directory (the image's /app, the repository root).

With PROMETHEUS_MULTIPROC_DIR set, the workers' metrics are kept in files there and summed at
each scrape (ksmm/observability/metrics.py): the directory is emptied when the master starts,
so counts of an earlier run never add up, and a worker's live gauges go when it exits.
"""

import os
from pathlib import Path
from typing import Any


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if directory:
        path = Path(directory)
        if path.is_dir():
            for entry in path.glob("*.db"):
                entry.unlink()
        path.mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


__all__ = ["child_exit", "on_starting"]
