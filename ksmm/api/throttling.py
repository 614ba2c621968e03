"""Rate limits: per person or per client for callers, per address for anonymous requests.

The counters live in the shared Redis so that every process counts together. Each limit is a
sliding window approximated by two fixed windows (the current one, and the previous one weighted
by how much of it still overlaps the sliding window); one script decides and counts in a single
round trip. Refused requests are not counted, as DRF's own throttles do. Redis unreachable: the
request fails (no limit is ever skipped).
"""

import math
from typing import Any

from oauth2_provider.models import AccessToken
from redis import Redis
from redis.commands.core import Script
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from ksmm.cantons.current import current_schema
from ksmm.shared_redis import cache_key, shared_redis

# KEYS: this window's counter, the previous window's. ARGV: limit, weight of the previous
# window (0..1), lifetime of a counter in seconds. Returns 1 (counted) or 0 (refused).
_ALLOW = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * tonumber(ARGV[2]) + current >= tonumber(ARGV[1]) then
  return 0
end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


_scripts: list[Script] = []


def _allow_script(client: Redis) -> Script:
    """The script, sent by its hash (EVALSHA) and loaded again if the server lost it."""
    if not _scripts:
        _scripts.append(client.register_script(_ALLOW))
    return _scripts[0]


class WindowRateThrottle(SimpleRateThrottle):
    """SimpleRateThrottle's rates and keys, counted in Redis with one round trip per request."""

    def allow_request(self, request: Request, view: Any) -> bool:
        limit, duration = self.parse_rate(self.rate)
        if limit is None or duration is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        window, elapsed = divmod(self.timer(), duration)
        self.window_left = duration - elapsed
        keys = [cache_key(f"{key}:{int(window)}"), cache_key(f"{key}:{int(window) - 1}")]
        weight = 1 - elapsed / duration
        client = shared_redis()
        allowed = _allow_script(client)(keys=keys, args=[limit, repr(weight), 2 * duration], client=client)
        return bool(allowed)

    def wait(self) -> float | None:
        """Until the current window ends: by then at most the weighted previous one counts."""
        return float(max(1, math.ceil(self.window_left)))


class CallerRateThrottle(WindowRateThrottle):
    scope = "caller"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, AccessToken):
            # Application ids repeat across canton schemas: the schema is part of the key.
            schema = current_schema()
            ident = f"{schema}-client-{request.auth.application_id}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(WindowRateThrottle, AnonRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.auth is not None or request.user.is_authenticated:
            return None
        return AnonRateThrottle.get_cache_key(self, request, view)
