"""Authentication and permissions decided inside the canton of the current host."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name

from ksmm.cantons.current import current_schema
from ksmm.memberships.access import membership_for
from ksmm.memberships.roles import permissions_of

from .models import User


def username_for_lockout(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Lockouts count per address however it is typed (case, spaces)."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


def may_sign_in_here(user: User) -> bool:
    """A canton host admits its members; the federal host admits people with a federal role only."""
    if current_schema() == get_public_schema_name():
        return bool(user.federal_role)
    return membership_for(user) is not None


class CantonMembershipBackend(ModelBackend):
    """Password login for people who belong here; permissions from the membership here only.

    Global groups and user permissions are ignored on purpose: they would carry a lead's rights
    in GE into ZH.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and may_sign_in_here(user)

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username:
            username = username.strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        """An existing session stays valid for an active user; a missing membership then answers
        404 at the page (member_required), not a silent sign-out."""
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        schema = current_schema()
        cached = getattr(user_obj, "_canton_permissions", None)
        if cached is None or cached[0] != schema:
            membership = membership_for(user_obj)
            permissions = (
                set(permissions_of(membership.role, organisation_type=membership.organisation.type))
                if membership
                else set()
            )
            cached = (schema, permissions)
            user_obj._canton_permissions = cached
        return set(cached[1])

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
