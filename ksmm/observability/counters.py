"""Counters of the Celery workers, kept in Redis and read by the web's /metrics.

Tasks run in worker processes, often in other containers than the web: counting there with
prometheus_client would need a scrape target per worker replica (and a port each). One HINCRBY
per task in the broker's Redis costs about as much as the task's own acknowledgement, survives
a worker's restart, and lets one scrape of the web see every worker. The fields are bounded
(task names by canton schema by outcome), so the hashes stay small.
"""

import logging

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

TASKS_KEY = "ksmm:metrics:celery_tasks"
REMINDERS_KEY = "ksmm:metrics:reminders_sent"
SEPARATOR = "\t"

_clients: dict[str, redis.Redis] = {}


def metrics_redis() -> redis.Redis:
    """A client of the broker's Redis (REDIS_URL), one per process and URL; fork-safe."""
    url = settings.REDIS_URL
    client = _clients.get(url)
    if client is None:
        client = _clients[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return client


def _increment(key: str, *labels: str, by: int = 1) -> None:
    try:
        metrics_redis().hincrby(key, SEPARATOR.join(labels), by)
    except redis.RedisError as error:  # a count lost is better than a task failed
        logger.warning("metrics counter not written key=%s error=%s", key, type(error).__name__)


def count_task(*, task: str, canton: str, outcome: str) -> None:
    """One task ended: success, failure or retry."""
    _increment(TASKS_KEY, task, canton, outcome)


def count_reminders_sent(*, canton: str, kind: str, sent: int) -> None:
    """E-mails of the inbox that went out: `kind` is "immediate" or "digest"."""
    if sent:
        _increment(REMINDERS_KEY, canton, kind, by=sent)


def read_counts(key: str) -> dict[tuple[str, ...], int]:
    """Every field of one counter hash, split into its labels."""
    raw = metrics_redis().hgetall(key)
    return {tuple(_text(field).split(SEPARATOR)): int(value) for field, value in raw.items()}


def _text(field: bytes | str) -> str:
    return field.decode() if isinstance(field, bytes) else field
