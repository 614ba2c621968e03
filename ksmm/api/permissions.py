"""The gate of every endpoint, mirroring `member_required` of the pages.

- no credentials (or a session without second factor): 401;
- signed in, but not a member of this canton, or a token of no client here: 404, as if the
  canton had no API at all;
- a member whose role is too weak, or a client without the scope: 403.

Endpoints declare what they need with two class attributes:
`minimum_role` (people; default: member) and `required_scopes` (clients; default: `read` for
safe methods, and nothing is allowed for other methods until a view declares its scopes).
"""

from collections.abc import Sequence
from typing import Any

from django.http import Http404
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from ksmm.memberships.models import Membership

from .identity import Caller, caller_for

ROLE_RANK = {
    Membership.Role.MEMBER: 0,
    Membership.Role.LEAD: 1,
    Membership.Role.COORDINATOR: 2,
    Membership.Role.CANTON_ADMIN: 3,
}
DEFAULT_READ_SCOPES = ("read",)


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
            raise Http404
        if caller.is_client:
            if not set(required_scopes(request, view)) <= caller.scopes:
                raise exceptions.PermissionDenied()
        elif not role_suffices(caller, getattr(view, "minimum_role", Membership.Role.MEMBER)):
            raise exceptions.PermissionDenied()
        return True


def required_scopes(request: Request, view: Any) -> Sequence[str]:
    declared: Sequence[str] | None = getattr(view, "required_scopes", None)
    if declared is not None:
        return declared
    if request.method in SAFE_METHODS:
        return DEFAULT_READ_SCOPES
    # An unsafe method without declared scopes: no client may call it.
    return ("undeclared",)


def role_suffices(caller: Caller, minimum_role: str) -> bool:
    if caller.membership is None:
        return False
    return ROLE_RANK[Membership.Role(caller.membership.role)] >= ROLE_RANK[Membership.Role(minimum_role)]
