"""The first middleware: a request id for the logs and the audit trail, the route for the log
lines below, one request line and the HTTP metrics on the way out."""

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

from ksmm.audit.actions import REQUEST_ID_ATTRIBUTE

from . import context
from .logs import current_canton
from .metrics import observe_request

logger = logging.getLogger("ksmm.request")

REQUEST_ID_HEADER = "X-Request-ID"
UNRESOLVED = "unresolved"
# What a proxy's id may look like to be logged beside ours: short, no spaces, no data.
_UPSTREAM_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Polled every few seconds by load balancers and Prometheus: their lines only at DEBUG.
_QUIET_ROUTES = frozenset({"health", "metrics"})


class RequestObservationMiddleware:
    """Gives every request its own id and reports it: `X-Request-ID` on the response, in every
    log line written while serving it and in its audit entries (so a log line leads to who did
    what). The id is always generated here, never taken from the client: an audit entry's
    request id must not be chosen by the caller. A proxy's X-Request-ID, when it looks like an
    id, is logged beside it as `upstream_request_id` to join the proxy's own logs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = str(uuid.uuid4())
        setattr(request, REQUEST_ID_ATTRIBUTE, request_id)
        # Kept until the response is closed (request_finished), not reset on the way out: Django
        # logs a 4xx/5xx answer after the last middleware returned, and that line needs the id.
        context.request_id.set(request_id)
        context.route.set("")
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        route = route_of(request)
        observe_request(
            route=route,
            method=request.method or "",
            status=response.status_code,
            canton=current_canton(),
            seconds=seconds,
        )
        response[REQUEST_ID_HEADER] = request_id
        self._log(request, response=response, route=route, seconds=seconds)
        return response

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        context.route.set(route_of(request))

    @staticmethod
    def _log(request: HttpRequest, *, response: HttpResponse, route: str, seconds: float) -> None:
        extra: dict[str, object] = {
            "method": request.method or "",
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
        }
        upstream = request.headers.get(REQUEST_ID_HEADER, "")
        if _UPSTREAM_ID.match(upstream):
            extra["upstream_request_id"] = upstream
        level = logging.DEBUG if route in _QUIET_ROUTES else logging.INFO
        logger.log(level, "%s %s %s", extra["method"], route, response.status_code, extra=extra)


def _forget_request(**kwargs: Any) -> None:
    context.request_id.set("")
    context.route.set("")


request_finished.connect(_forget_request, dispatch_uid="ksmm-observability-forget-request")


def route_of(request: HttpRequest) -> str:
    """The resolved URL pattern's name ("cases:detail"), never the path: paths carry ids."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNRESOLVED
    return match.view_name or UNRESOLVED
