"""Host to canton, remembered in each process and dropped on any change to the registry.

Every change to a canton or a domain bumps a version in the shared cache; each request compares
it (one Redis read instead of a query), so a deactivated canton's host answers 404 on the next
request in every process. A missing version (Redis flushed) counts as a change. The TTL bounds
how long a process keeps an entry at all.
"""

import copy
import secrets
import time
from typing import Any

from django.core.cache import cache
from django.db import transaction

from ksmm.shared_redis import read_many

from .models import Canton, Domain

VERSION_KEY = "cantons:registry-version"
TTL_SECONDS = 60
# Host headers come from outside: past this many entries the process starts over.
MAX_HOSTS = 1000

_hosts: dict[str, tuple[str, Canton | None, float]] = {}


def canton_for_host(hostname: str) -> Canton | None:
    """The active canton (or federal level) reached on `hostname`, or None."""
    version = registry_version()
    now = time.monotonic()
    entry = _hosts.get(hostname)
    if entry is not None and entry[0] == version and entry[2] > now:
        canton = entry[1]
    else:
        domain = Domain.objects.select_related("tenant").filter(domain=hostname, tenant__is_active=True).first()
        canton = domain.tenant if domain is not None else None
        if len(_hosts) >= MAX_HOSTS:
            _hosts.clear()
        _hosts[hostname] = (version, canton, now + TTL_SECONDS)
    # Each request gets its own copy: the middleware writes domain_url onto it.
    return copy.copy(canton) if canton is not None else None


def registry_version() -> str:
    version = read_many([VERSION_KEY]).get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return str(version)


def bump_registry_version(**_kwargs: Any) -> None:
    """Now, and again after the commit: a request that read the registry between the two would
    otherwise keep the old row under the new version."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def remember_all_hosts() -> None:
    """Replaces this process's entries with every active host, in one query."""
    version = registry_version()
    expires = time.monotonic() + TTL_SECONDS
    _hosts.clear()
    for domain in Domain.objects.select_related("tenant").filter(tenant__is_active=True):
        _hosts[domain.domain] = (version, domain.tenant, expires)
