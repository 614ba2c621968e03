"""The gate of every endpoint, mirroring `member_required` of the pages.

- no credentials (or a session without second factor): 401;
- signed in, but not a member of this canton, or a token of no client here: 404, as if the
  canton had no API at all;
- a member whose role is too weak, or a client without the scope: 403;
- a system acting for a person (delegated token) needs both: the token's scopes AND the
  person's role; what the endpoint then does is checked as the person (their grants). A
  delegated token whose person is no longer a member here, of the client's organisation, is
  refused like an expired one: 401.

Endpoints declare what they need with class attributes: `minimum_role` (people; default:
member) and, for clients, `read_scopes` (safe methods) and `write_scopes` (the others), or
`required_scopes` for every method; an `@action` can pass its own as keyword arguments.
A client needs all the scopes declared. Nothing declared: no client may call the endpoint.
The scopes are those of ksmm.api.scopes; the case policy adds the organisation's grants. A write
scope is never enough for a client-credentials token, even one that somehow carried it.
"""

from collections.abc import Sequence
from typing import Any

from django.http import Http404
from oauth2_provider.models import AccessToken
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from ksmm.memberships.models import Membership

from .identity import Caller, caller_for
from .scopes import WRITE_SCOPES

ROLE_RANK = {
    Membership.Role.MEMBER: 0,
    Membership.Role.LEAD: 1,
    Membership.Role.COORDINATOR: 2,
    Membership.Role.CANTON_ADMIN: 3,
}
# What an endpoint that declared nothing requires: a scope no client holds.
UNDECLARED = ("undeclared",)


class CantonCaller(BasePermission):
    """A verified member of the current canton, or a client of this canton's schema."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.auth is None and not request.user.is_authenticated:
            # DRF checks throttles after permissions: count anonymous attempts here, or none
            # would ever be limited.
            view.check_throttles(request)
            raise exceptions.NotAuthenticated()
        caller = caller_for(request)
        if caller is None:
            if isinstance(request.auth, AccessToken) and request.auth.user_id is not None:
                raise exceptions.AuthenticationFailed()
            raise Http404
        if caller.client is not None:
            needed = set(scopes_for(view, method=str(request.method)))
            if not needed <= caller.scopes or (caller.is_client and needed & WRITE_SCOPES):
                raise exceptions.PermissionDenied()
        if caller.membership is not None and not role_suffices(
            caller, getattr(view, "minimum_role", Membership.Role.MEMBER)
        ):
            raise exceptions.PermissionDenied()
        return True


def scopes_for(view: Any, *, method: str) -> tuple[str, ...]:
    """The scopes a client needs to call `view` with `method` (the schema lists the same)."""
    declared: Sequence[str] | None = getattr(view, "required_scopes", None)
    if declared is None:
        declared = getattr(view, "read_scopes" if method.upper() in SAFE_METHODS else "write_scopes", None)
    return UNDECLARED if declared is None else tuple(str(scope) for scope in declared)


def role_suffices(caller: Caller, minimum_role: str) -> bool:
    if caller.membership is None:
        return False
    return ROLE_RANK[Membership.Role(caller.membership.role)] >= ROLE_RANK[Membership.Role(minimum_role)]
