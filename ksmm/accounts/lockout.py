"""Failed sign-ins: limits an outsider cannot turn against the right person (ASVS 6.1.1).

Addresses follow `role.canton@…`, so anyone can name an account. A lock by account alone would
let anyone keep a canton's police out; the limits are therefore:

- per account and address: five failures within 15 minutes lock that pair for 15 minutes
  (django-axes, AXES_LOCKOUT_PARAMETERS). The same person from another address is not affected;
- per address: `ADDRESS_FAILURE_LIMIT` failures within 15 minutes, whatever the accounts, refuse
  every sign-in from that address for the rest of the window (password spraying);
- per account, from all addresses together: after `ACCOUNT_SLOWDOWN_AFTER` failures within 15
  minutes the account is under attack, and an address that has already failed on it must wait
  before its next try (`slowdown_seconds`, growing, never more than a minute). An address without
  failures on the account is never slowed down, so the right password from a clean address
  always signs in.

Counters live in the shared cache in one-minute buckets keyed by the clock, so every process
counts together and failures expire with the window.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

ADDRESS_FAILURE_LIMIT = 20
ACCOUNT_SLOWDOWN_AFTER = 10
MAX_SLOWDOWN_SECONDS = 60
BUCKET_SECONDS = 60


@dataclass(frozen=True, kw_only=True)
class Refusal:
    """Why a sign-in attempt is refused before the password is checked, and for how long."""

    reason: str  # "address" or "slowdown"
    retry_after: int


def client_address(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or behind `KSMM_TRUSTED_PROXIES` proxies the address the
    first of them saw (X-Forwarded-For read from the right, so a client cannot forge it)."""
    proxies: int = settings.KSMM_TRUSTED_PROXIES
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def sign_in_refusal(*, request: HttpRequest, username: str) -> Refusal | None:
    """A refusal when the address is throttled or this address must slow down on this account."""
    address = client_address(request)
    username = _pseudonymous(username)
    window = _window_seconds()
    if _count(f"address:{address}") >= ADDRESS_FAILURE_LIMIT:
        return Refusal(reason="address", retry_after=window)
    if not username or _count(f"account:{username}") < ACCOUNT_SLOWDOWN_AFTER:
        return None
    pair = f"pair:{username}:{address}"
    failures = _count(pair)
    last_failure = cache.get(_last_key(pair))
    if not failures or last_failure is None:
        return None  # a clean address: never slowed down
    wait = slowdown_seconds(failures) - (time.time() - float(last_failure))
    return Refusal(reason="slowdown", retry_after=math.ceil(wait)) if wait > 0 else None


def slowdown_seconds(failures: int) -> int:
    """Wait after the n-th failure of one address on an account under attack: 5, 10, 20, 40, 60 s."""
    return int(min(MAX_SLOWDOWN_SECONDS, 5 * 2 ** max(0, failures - 1)))


def record_sign_in_failure(*, request: HttpRequest, username: str) -> None:
    address = client_address(request)
    username = _pseudonymous(username)
    keys = [f"address:{address}"]
    if username:
        keys += [f"account:{username}", f"pair:{username}:{address}"]
        cache.set(_last_key(keys[-1]), time.time(), timeout=_window_seconds())
    for key in keys:
        _increment(key)


def forget_sign_in_failures(*, request: HttpRequest, username: str) -> None:
    """After a sign-in: this address starts clean on this account (the others keep their count)."""
    pair = f"pair:{_pseudonymous(username)}:{client_address(request)}"
    cache.delete_many([_bucket_key(pair, bucket) for bucket in _buckets()] + [_last_key(pair)])


def _pseudonymous(username: str) -> str:
    # The cache holds no e-mail addresses; a digest is enough to count.
    return hashlib.sha256(username.encode()).hexdigest()[:32] if username else ""


def _window_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _buckets() -> range:
    now = int(time.time()) // BUCKET_SECONDS
    return range(now - _window_seconds() // BUCKET_SECONDS + 1, now + 1)


def _bucket_key(name: str, bucket: int) -> str:
    return f"sign-in-failures:{name}:{bucket}"


def _last_key(name: str) -> str:
    return f"sign-in-last-failure:{name}"


def _count(name: str) -> int:
    return sum(int(value) for value in cache.get_many([_bucket_key(name, bucket) for bucket in _buckets()]).values())


def _increment(name: str) -> None:
    key = _bucket_key(name, _buckets()[-1])
    cache.add(key, 0, timeout=_window_seconds() + BUCKET_SECONDS)
    cache.incr(key)


def clear_sign_in_failures() -> None:
    """Forgets every failure counted here (tests; an administrator after an attack)."""
    client = cache._cache.get_client()  # type: ignore[attr-defined]  # django's RedisCache
    keys = list(client.scan_iter(match=cache.make_key("sign-in-*")))
    if keys:
        client.delete(*keys)
