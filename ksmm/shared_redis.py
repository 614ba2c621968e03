"""The Redis server behind the shared cache, for the per-request reads that must cost one round trip.

Django's cache builds a new redis-py client for every call and sends one command at a time; the
checks every request makes (rate limits) use one client per cache connection with a script
instead. Keys go through the cache's own prefix and version, so `cache.clear()` removes them too.
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
