"""The Redis server behind the shared cache, for the per-request reads that must cost one round trip.

Django's cache builds a new redis-py client for every call and sends one command at a time; the
reads every request makes (host registry version, stamps, rate limits) use one client per cache
connection instead, with MGET and a script. Keys go through the cache's own prefix and version,
so the cache's writers, its readers and `cache.clear()` see the same entries.
"""

from typing import Any

from django.core.cache import caches
from redis import Redis

_CLIENT_ATTRIBUTE = "_ksmm_redis_client"


def shared_redis() -> Redis:
    """A client of the default cache's server, kept on the cache connection (its pool is
    fork-safe: a gunicorn worker opens its own sockets)."""
    backend: Any = caches["default"]
    client: Redis | None = getattr(backend, _CLIENT_ATTRIBUTE, None)
    if client is None:
        client = backend._cache.get_client(write=True)  # Django's RedisCache offers no public client
        setattr(backend, _CLIENT_ATTRIBUTE, client)
    return client


def cache_key(key: str) -> str:
    """`key` as the default cache stores it (prefix and version)."""
    return str(caches["default"].make_key(key))


def read_many(keys: list[str]) -> dict[str, Any]:
    """`cache.get_many(keys)` in one MGET on the kept client (no redis-py client built per call)."""
    backend: Any = caches["default"]
    values = shared_redis().mget([backend.make_key(key) for key in keys])
    loads = backend._cache._serializer.loads
    return {key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None}
