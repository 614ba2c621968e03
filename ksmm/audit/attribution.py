"""Who an audit entry names as its actor, decided in one place for every entry.

An entry names a person, an API client acting for its organisation, or the system: work done
outside any request (Celery tasks, provisioning, the demo seed). The API marks each request
with its resolved caller (`attribute_request`); pages name the signed-in user. A call site that
does not pass the request is still attributed: `AuditRequestMiddleware` keeps the request being
served, so nothing done during a request can be recorded as the system's.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from .models import ActorKind

_ATTRIBUTE = "_audit_actor"
_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_current_request", default=None)


@dataclass(frozen=True, kw_only=True)
class Actor:
    """The actor an entry names; see `models.actor_is_named` for the valid combinations."""

    kind: ActorKind
    user_id: int | None = None
    client_id: int | None = None
    organisation_id: int | None = None


SYSTEM = Actor(kind=ActorKind.SYSTEM)
UNIDENTIFIED = Actor(kind=ActorKind.UNIDENTIFIED)


class UnattributedEntry(RuntimeError):
    """Something was to be recorded during a request by nobody the request identifies."""


def attribute_request(request: HttpRequest, actor: Actor) -> None:
    """Names `actor` as the actor of everything recorded while serving `request`."""
    setattr(request, _ATTRIBUTE, actor)


def attributed_actor(request: object) -> Actor | None:
    found = getattr(request, _ATTRIBUTE, None)
    return found if isinstance(found, Actor) else None


def current_request() -> HttpRequest | None:
    """The request this thread is serving, if any."""
    return _current_request.get()


class AuditRequestMiddleware:
    """Keeps the request being served for `current_request`, and forgets it afterwards."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
