"""The OAuth2 token endpoint, with a lockout against guessing client secrets.

After `FAILURE_LIMIT` refused attempts for one client id (or, without one, one address) within
`LOCKOUT`, every further attempt is answered 429 until the window has passed, whatever the
secret. The counters live in the shared cache, keyed by canton, so all processes count together.
"""

import base64
import binascii
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from oauth2_provider.views import TokenView

from ksmm.cantons.current import current_schema

FAILURE_LIMIT = 10
LOCKOUT = timedelta(minutes=15)


class LockingTokenView(TokenView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _failure_key(request)
        seconds = int(LOCKOUT.total_seconds())
        if (cache.get(key) or 0) >= FAILURE_LIMIT:
            description = str(_("Too many failed attempts. Try again later."))
            locked = JsonResponse({"error": "slow_down", "error_description": description}, status=429)
            locked["Retry-After"] = str(seconds)
            return locked
        response: HttpResponse = super().post(request, *args, **kwargs)
        if response.status_code in {400, 401}:
            cache.add(key, 0, timeout=seconds)
            cache.incr(key)
        return response


def _failure_key(request: HttpRequest) -> str:
    schema = current_schema()
    client_id = _client_id(request)
    ident = f"client:{client_id}" if client_id else f"address:{request.META.get('REMOTE_ADDR', '')}"
    return f"token-failures:{schema}:{ident}"


def _client_id(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            return base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")[0][:100]
        except (binascii.Error, UnicodeDecodeError):
            return ""
    return str(request.POST.get("client_id", ""))[:100]
