"""What each role may do inside its canton. Permissions exist only through a membership there.

A permission comes from the role, and for some work also from the organisation's type: deciding
reflection-period and permit requests is the cantonal migration authority's task (Art. 35 and 36
VZAE, Art. 88 para. 1 VZAE). `permits.review_requests` is therefore held by the caseworkers of a
migration office (roles member and lead) and by nobody else: a coordinator or canton
administrator of a migration office runs the round table or the platform, not the office's
decisions, and a lead of the police never decides a permit.
"""

from ksmm.partners.models import Organisation

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
        "deadlines.view_canton_deadlines",
        "notices.manage_notices",
        "identification.manage_catalogue",
        "statistics.view_canton_statistics",
    },
    Role.CANTON_ADMIN: MEMBER_PERMISSIONS
    | {
        "memberships.manage_people",
        "webhooks.manage_webhooks",
        "audit.view_log",
        "deadlines.manage_rules",
        "deadlines.view_canton_deadlines",
        "statistics.view_canton_statistics",
    },
}

REVIEW_PERMISSIONS = frozenset({"permits.review_requests"})
# Organisation type → role → permissions that role holds in an organisation of that type.
ORGANISATION_TYPE_PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    Organisation.Type.MIGRATION_OFFICE: {Role.MEMBER: REVIEW_PERMISSIONS, Role.LEAD: REVIEW_PERMISSIONS},
}


def permissions_of(role: str, organisation_type: str = "") -> frozenset[str]:
    by_role = ORGANISATION_TYPE_PERMISSIONS.get(organisation_type, {})
    return ROLE_PERMISSIONS.get(role, frozenset()) | by_role.get(role, frozenset())
