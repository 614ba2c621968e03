"""Rate limits: per person or per client for callers, per address for anonymous requests.

The counters live in Django's cache; production settings put it in Redis so that every
process counts together.
"""

from typing import Any

from oauth2_provider.models import AccessToken
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from ksmm.cantons.current import current_schema


class CallerRateThrottle(SimpleRateThrottle):
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


class AnonymousRateThrottle(AnonRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.auth is not None or request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
