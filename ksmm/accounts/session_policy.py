"""Session rules: bound to the host it was created on, 30 minutes idle, 12 hours at most."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django_tenants.utils import get_public_schema_name

from ksmm.cantons.current import current_schema

SCHEMA_KEY = "ksmm_schema"
AUTH_AT_KEY = "ksmm_auth_at"
LAST_SEEN_KEY = "ksmm_last_seen"
# The idle clock is refreshed at most once a minute, so most requests do not write the session.
LAST_SEEN_RESOLUTION_SECONDS = 60


def stamp_new_session(request: HttpRequest, **_kwargs: Any) -> None:
    """At login: remember the canton and the time. Connected to user_logged_in."""
    now = time.time()
    request.session[SCHEMA_KEY] = current_schema()
    request.session[AUTH_AT_KEY] = now
    request.session[LAST_SEEN_KEY] = now


def session_is_valid_here(request: HttpRequest, *, now: float) -> bool:
    """Also ends a session on the bare host whose person lost the federal role: the user row is
    loaded for every request anyway, so a revocation counts at the next one without a query."""
    session = request.session
    if session.get(SCHEMA_KEY) == get_public_schema_name() and not getattr(request.user, "federal_role", ""):
        return False
    auth_at = session.get(AUTH_AT_KEY)
    last_seen = session.get(LAST_SEEN_KEY)
    return (
        session.get(SCHEMA_KEY) == current_schema()
        and auth_at is not None
        and last_seen is not None
        and now - auth_at <= settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS
        and now - last_seen <= settings.SESSION_IDLE_TIMEOUT_SECONDS
    )


def seconds_left(request: HttpRequest, *, now: float) -> int:
    """How long the session lives without another request: the idle or the absolute limit, whichever
    comes first. Zero for a session without the stamps of a sign-in."""
    session = request.session
    auth_at = session.get(AUTH_AT_KEY)
    last_seen = session.get(LAST_SEEN_KEY)
    if auth_at is None or last_seen is None:
        return 0
    idle_left = settings.SESSION_IDLE_TIMEOUT_SECONDS - (now - last_seen)
    absolute_left = settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS - (now - auth_at)
    return max(0, int(min(idle_left, absolute_left)))


def keep_alive(request: HttpRequest, *, now: float) -> int:
    """Restarts the idle clock of a valid session (the person said to stay signed in); the seconds left."""
    request.session[LAST_SEEN_KEY] = now
    return seconds_left(request, now=now)


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            if session_is_valid_here(request, now=now):
                if now - request.session[LAST_SEEN_KEY] >= LAST_SEEN_RESOLUTION_SECONDS:
                    request.session[LAST_SEEN_KEY] = now
            else:
                logout(request)
        return self.get_response(request)
