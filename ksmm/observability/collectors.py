"""Metrics read at scrape time: from Redis (queues, the workers' counters), from the public
schema (heartbeats, audit-chain checks) and from /proc (the processes of the multiprocess mode).

Each scrape costs one pipeline to Redis and two small queries in public, whatever the traffic.
"""

import math
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from ksmm.cantons.models import AuditChainCheck, Canton, Heartbeat

from .counters import REMINDERS_KEY, TASKS_KEY, metrics_redis, read_counts

# kombu's Redis transport keeps a queue's priorities 3, 6 and 9 in lists of their own.
KOMBU_PRIORITY_SEPARATOR = "\x06\x16"
KOMBU_PRIORITY_STEPS = (3, 6, 9)
KOMBU_UNACKED_KEY = "unacked"


def watched_queues() -> list[str]:
    """The Celery queues whose length is reported: KSMM_METRICS_QUEUES, else the default queue."""
    configured = list(getattr(settings, "KSMM_METRICS_QUEUES", []))
    return configured or [getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")]


class CeleryCollector(Collector):
    """Queue lengths (LLEN at scrape time), messages taken but not yet acknowledged, and the
    task and reminder counters the workers keep in Redis (counters.py)."""

    def collect(self) -> Iterator[Metric]:
        queues = watched_queues()
        client = metrics_redis()
        with client.pipeline(transaction=False) as pipe:
            for queue in queues:
                pipe.llen(queue)
                for step in KOMBU_PRIORITY_STEPS:
                    pipe.llen(f"{queue}{KOMBU_PRIORITY_SEPARATOR}{step}")
            pipe.hlen(KOMBU_UNACKED_KEY)
            lengths = pipe.execute()
        depth = GaugeMetricFamily(
            "ksmm_celery_queue_length", "Messages waiting in a Celery queue (all priorities).", labels=["queue"]
        )
        per_queue = 1 + len(KOMBU_PRIORITY_STEPS)
        for index, queue in enumerate(queues):
            depth.add_metric([queue], sum(lengths[index * per_queue : (index + 1) * per_queue]))
        yield depth
        yield GaugeMetricFamily(
            "ksmm_celery_unacked_messages", "Messages a worker has taken and not yet acknowledged.", value=lengths[-1]
        )
        tasks = CounterMetricFamily(
            "ksmm_celery_tasks", "Celery tasks ended, by task name, canton schema and outcome.",
            labels=["task", "canton", "outcome"],
        )  # fmt: skip
        for labels, count in sorted(read_counts(TASKS_KEY).items()):
            if len(labels) == 3:
                tasks.add_metric(list(labels), count)
        yield tasks
        reminders = CounterMetricFamily(
            "ksmm_reminders_sent", "Inbox e-mails sent (deadline reminders and events), by canton and kind.",
            labels=["canton", "kind"],
        )  # fmt: skip
        for labels, count in sorted(read_counts(REMINDERS_KEY).items()):
            if len(labels) == 2:
                reminders.add_metric(list(labels), count)
        yield reminders


class PlatformCollector(Collector):
    """Beat lag per active canton (age of its last heartbeat, +Inf when it never beat) and the
    age of each schema's last intact audit-chain verification (+Inf when never verified)."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        beats = dict(Heartbeat.objects.filter(canton__is_active=True).values_list("canton_id", "beat_at"))
        lag = GaugeMetricFamily(
            "ksmm_beat_lag_seconds",
            "Seconds since the periodic heartbeat task last ran in an active canton's schema.",
            labels=["canton"],
        )
        active = list(Canton.objects.cantons().active().order_by("code").values_list("id", "schema_name"))
        for canton_id, schema_name in active:
            beat_at = beats.get(canton_id)
            lag.add_metric([schema_name], math.inf if beat_at is None else (now - beat_at).total_seconds())
        yield lag
        checks = {check.schema_name: check for check in AuditChainCheck.objects.all()}
        age = GaugeMetricFamily(
            "ksmm_audit_chain_verified_age_seconds",
            "Seconds since the schema's audit hash chain was last verified intact.",
            labels=["schema"],
        )
        intact = GaugeMetricFamily(
            "ksmm_audit_chain_intact", "1 when the schema's last audit-chain verification found it intact, else 0.",
            labels=["schema"],
        )  # fmt: skip
        for schema_name in ["public", *(name for _id, name in active)]:
            check = checks.get(schema_name)
            verified_at = check.verified_at if check else None
            age.add_metric([schema_name], math.inf if verified_at is None else (now - verified_at).total_seconds())
            if check is not None:
                intact.add_metric([schema_name], 1 if check.is_intact else 0)
        yield age
        yield intact


_PID_OF_FILE = re.compile(r"_(\d+)\.db$")


class ProcessesCollector(Collector):
    """process_* metrics (memory, CPU, open files) of every live process that wrote into the
    multiprocess directory, labelled by pid: prometheus_client's own process collector sees
    only the process that answers the scrape."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def collect(self) -> Iterator[Metric]:
        pids = sorted({int(m.group(1)) for f in self.directory.glob("*.db") if (m := _PID_OF_FILE.search(f.name))})
        families: dict[str, Metric] = {}
        for pid in pids:
            if not Path(f"/proc/{pid}").exists():
                continue
            for family in ProcessCollector(pid=_fixed(pid), registry=None).collect():
                merged = families.setdefault(family.name, Metric(family.name, family.documentation, family.type))
                for sample in family.samples:
                    merged.add_sample(sample.name, {**sample.labels, "pid": str(pid)}, sample.value)
        yield from families.values()


def _fixed(pid: int) -> Callable[[], int]:
    return lambda: pid


def scrape_collectors(*, multiprocess_directory: Path | None) -> Iterable[Collector]:
    yield CeleryCollector()
    yield PlatformCollector()
    if multiprocess_directory is not None:
        yield ProcessesCollector(multiprocess_directory)
