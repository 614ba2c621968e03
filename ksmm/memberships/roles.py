"""What each role may do inside its canton. Permissions exist only through a membership there."""

from .models import Membership

Role = Membership.Role

MEMBER_PERMISSIONS = frozenset({"partners.view_directory"})
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.MEMBER: MEMBER_PERMISSIONS,
    Role.LEAD: MEMBER_PERMISSIONS | {"cases.manage_grants"},
    Role.COORDINATOR: MEMBER_PERMISSIONS
    | {
        "roundtables.manage_roundtable",
        "partners.manage_directory",
        "cases.manage_grants",
        "identification.manage_catalogue",
    },
    Role.CANTON_ADMIN: MEMBER_PERMISSIONS | {"memberships.manage_people", "audit.view_log"},
}


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
